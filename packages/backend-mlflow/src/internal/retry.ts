// When and how long to wait before trying again. Like the official Python
// client: 408, 429 and 5xx (and network failures) are retried with
// exponential backoff and jitter, and a server's Retry-After is honoured
// (never waiting less than it asks, within the budget).

export interface RetryPolicy {
  /** attempts per call, the first included (default 8) */
  readonly maxAttempts: number;
  /** first backoff in ms (default 250) */
  readonly baseDelayMs: number;
  /** longest single wait in ms (default 15 000) */
  readonly maxDelayMs: number;
  /** give up once this much time has passed since the first attempt, in ms (default 120 000) */
  readonly budgetMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 8, baseDelayMs: 250, maxDelayMs: 15_000, budgetMs: 120_000 };

export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([408, 429, 500, 502, 503, 504]);

/** Seconds or an HTTP date, as milliseconds from now; undefined when absent or unreadable. */
export const parseRetryAfter = (header: string | null | undefined, now = Date.now()): number | undefined => {
  if (header === null || header === undefined) return undefined;
  const text = header.trim();
  if (text === "") return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
};

/**
 * The wait before attempt `attempt + 1` (attempt counts from 0): a random
 * point in the upper half of an exponentially growing window ("equal jitter"),
 * and at least what Retry-After asks for.
 */
export const backoffDelay = (policy: RetryPolicy, attempt: number, retryAfterMs: number | undefined, random = Math.random): number => {
  const window = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  const jittered = window / 2 + random() * (window / 2);
  return Math.max(jittered, retryAfterMs ?? 0);
};

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The policy with defaults for what is not given, and every number made sane. */
export const retryPolicy = (partial: Partial<RetryPolicy> | undefined): RetryPolicy => {
  const pick = (value: number | undefined, fallback: number, min: number) =>
    value !== undefined && Number.isFinite(value) && value >= min ? value : fallback;
  return {
    maxAttempts: Math.floor(pick(partial?.maxAttempts, DEFAULT_RETRY.maxAttempts, 1)),
    baseDelayMs: pick(partial?.baseDelayMs, DEFAULT_RETRY.baseDelayMs, 0),
    maxDelayMs: pick(partial?.maxDelayMs, DEFAULT_RETRY.maxDelayMs, 0),
    budgetMs: pick(partial?.budgetMs, DEFAULT_RETRY.budgetMs, 0),
  };
};
