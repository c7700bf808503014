// When a backend tries a failed request again, and how long it waits. One
// policy for every backend: a request is given up when EITHER its attempts OR
// its deadline run out (MLflow's client counted attempts, W&B's elapsed
// time; a user tuning one backend should not meet a different model in the
// other). Waits grow exponentially with "equal jitter", and a server's
// Retry-After is honoured: never waiting less than it asks, within the deadline.

import { type Either, left, right } from "fp-ts/lib/Either.js";
import { InvalidValue } from "./errors.js";

export interface RetryPolicy {
  /** attempts per request, the first included (Infinity: only the deadline counts) */
  readonly maxAttempts: number;
  /** no retry once this much time has passed since the first attempt, in ms (Infinity: only attempts count) */
  readonly deadlineMs: number;
  /** the first backoff, in ms */
  readonly initialDelayMs: number;
  /** the longest backoff, in ms (a server's Retry-After may ask for longer and gets it) */
  readonly maxDelayMs: number;
}

/**
 * What a user may give: any part of a RetryPolicy, or the names the backends
 * used before there was one (each the same as its new name).
 */
export interface RetryPolicyOptions extends Partial<RetryPolicy> {
  /** @deprecated backend-mlflow's name for deadlineMs */
  readonly budgetMs?: number | undefined;
  /** @deprecated backend-wandb's name for deadlineMs */
  readonly maxElapsedMs?: number | undefined;
  /** @deprecated backend-mlflow's name for initialDelayMs */
  readonly baseDelayMs?: number | undefined;
}

/** 8 attempts within 2 minutes, backoff from 250 ms to 15 s (like MLflow's Python client). */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 8, deadlineMs: 120_000, initialDelayMs: 250, maxDelayMs: 15_000 };

const ALIASES = [
  ["deadlineMs", "budgetMs"],
  ["deadlineMs", "maxElapsedMs"],
  ["initialDelayMs", "baseDelayMs"],
] as const;

/**
 * The policy from `defaults` with what `options` sets (old names mapped onto
 * new ones). InvalidValue names the option when a number is not usable or an
 * old and a new name disagree — never a silent default in its place.
 */
export const resolveRetryPolicy = (options: RetryPolicyOptions | undefined, defaults: RetryPolicy = DEFAULT_RETRY_POLICY): Either<InvalidValue, RetryPolicy> => {
  const given: Record<string, number | undefined> = { ...options };
  for (const [name, alias] of ALIASES) {
    const old = given[alias];
    if (old === undefined) continue;
    if (given[name] !== undefined && !Object.is(given[name], old)) {
      return left(new InvalidValue(`retry: ${alias} (${old}) and ${name} (${given[name]}) disagree; ${alias} is the old name of ${name}, give only ${name}`, { what: `retry.${alias}` }));
    }
    given[name] = old;
  }
  const check = (name: keyof RetryPolicy, ok: (x: number) => boolean, accepted: string): Either<InvalidValue, number> => {
    const value = given[name] ?? defaults[name];
    return typeof value === "number" && ok(value) ? right(value) : left(new InvalidValue(`retry.${name} must be ${accepted}, not ${String(value)}`, { what: `retry.${name}` }));
  };
  const atLeastOne = (x: number) => x === Number.POSITIVE_INFINITY || (Number.isInteger(x) && x >= 1);
  const wait = (x: number) => Number.isFinite(x) && x >= 0;
  const maxAttempts = check("maxAttempts", atLeastOne, "a whole number from 1 (or Infinity)");
  if (maxAttempts._tag === "Left") return maxAttempts;
  const deadlineMs = check("deadlineMs", (x) => x >= 0, "a number of ms from 0 (or Infinity)");
  if (deadlineMs._tag === "Left") return deadlineMs;
  const initialDelayMs = check("initialDelayMs", wait, "a finite number of ms from 0");
  if (initialDelayMs._tag === "Left") return initialDelayMs;
  const maxDelayMs = check("maxDelayMs", wait, "a finite number of ms from 0");
  if (maxDelayMs._tag === "Left") return maxDelayMs;
  if (maxAttempts.right === Number.POSITIVE_INFINITY && deadlineMs.right === Number.POSITIVE_INFINITY) {
    return left(new InvalidValue("retry: maxAttempts and deadlineMs are both Infinity, so a failing request would be retried forever; bound one of them", { what: "retry" }));
  }
  return right({ maxAttempts: maxAttempts.right, deadlineMs: deadlineMs.right, initialDelayMs: initialDelayMs.right, maxDelayMs: maxDelayMs.right });
};

/**
 * The wait after failed attempt `attempt` (counted from 0): a random point in
 * the upper half of an exponentially growing window, and at least what the
 * server's Retry-After asks for.
 */
export const retryDelay = (policy: RetryPolicy, attempt: number, retryAfterMs: number | undefined, random: () => number = Math.random): number => {
  const window = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** attempt);
  const jittered = window / 2 + random() * (window / 2);
  return Math.max(jittered, retryAfterMs ?? 0);
};

/** Whether to try again after `attempts` attempts, `elapsedMs` after the first, when the next wait is `delayMs`. */
export const shouldRetry = (policy: RetryPolicy, attempts: number, elapsedMs: number, delayMs: number): boolean =>
  attempts < policy.maxAttempts && elapsedMs + delayMs <= policy.deadlineMs;

/** A Retry-After header (seconds or an HTTP date) as ms from now; undefined when absent or unreadable. */
export const parseRetryAfter = (header: string | null | undefined, now = Date.now()): number | undefined => {
  if (header === null || header === undefined) return undefined;
  const text = header.trim();
  if (text === "") return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
};
