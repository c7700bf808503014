// When and how long to wait before trying again: core's RetryPolicy (attempts
// AND a deadline, backoff with jitter, Retry-After honoured). Like the
// official Python client, 408, 429 and 5xx (and network failures) are retried.

export { DEFAULT_RETRY_POLICY as DEFAULT_RETRY, type RetryPolicy, type RetryPolicyOptions, parseRetryAfter, retryDelay as backoffDelay, shouldRetry } from "@dimexp/core";

export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([408, 429, 500, 502, 503, 504]);

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
