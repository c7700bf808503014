import { describe, expect, it } from "vitest";
import { DEFAULT_RETRY_POLICY, parseRetryAfter, resolveRetryPolicy, retryDelay, shouldRetry } from "../src/index.js";

const resolved = (options: Parameters<typeof resolveRetryPolicy>[0], defaults = DEFAULT_RETRY_POLICY) => {
  const policy = resolveRetryPolicy(options, defaults);
  if (policy._tag === "Left") throw new Error(`unexpected: ${policy.left.message}`);
  return policy.right;
};

describe("RetryPolicy", () => {
  it("fills what is not given from the defaults", () => {
    expect(resolved(undefined)).toEqual(DEFAULT_RETRY_POLICY);
    expect(resolved({ maxAttempts: 2 })).toEqual({ ...DEFAULT_RETRY_POLICY, maxAttempts: 2 });
  });

  it("maps the backends' old option names onto the new ones", () => {
    expect(resolved({ budgetMs: 5, baseDelayMs: 7 })).toMatchObject({ deadlineMs: 5, initialDelayMs: 7 });
    expect(resolved({ maxElapsedMs: 300 })).toMatchObject({ deadlineMs: 300 });
    expect(resolved({ maxElapsedMs: 300, deadlineMs: 300 })).toMatchObject({ deadlineMs: 300 });
  });

  it("refuses unusable numbers and disagreeing names, naming the option", () => {
    for (const [options, what] of [
      [{ maxAttempts: 0 }, "retry.maxAttempts"],
      [{ maxAttempts: 1.5 }, "retry.maxAttempts"],
      [{ deadlineMs: -1 }, "retry.deadlineMs"],
      [{ initialDelayMs: Number.NaN }, "retry.initialDelayMs"],
      [{ maxDelayMs: Number.POSITIVE_INFINITY }, "retry.maxDelayMs"],
      [{ budgetMs: 1, deadlineMs: 2 }, "retry.budgetMs"],
      [{ maxAttempts: Number.POSITIVE_INFINITY, deadlineMs: Number.POSITIVE_INFINITY }, "retry"],
    ] as const) {
      const policy = resolveRetryPolicy(options);
      expect(policy._tag).toBe("Left");
      if (policy._tag === "Left") expect(policy.left).toMatchObject({ _tag: "InvalidValue", what });
    }
  });

  it("gives up when attempts OR the deadline run out", () => {
    const policy = resolved({ maxAttempts: 3, deadlineMs: 1000 });
    expect(shouldRetry(policy, 2, 0, 10)).toBe(true);
    expect(shouldRetry(policy, 3, 0, 10)).toBe(false);
    expect(shouldRetry(policy, 1, 995, 10)).toBe(false);
    const timeOnly = resolved({ maxAttempts: Number.POSITIVE_INFINITY, deadlineMs: 1000 });
    expect(shouldRetry(timeOnly, 10_000, 500, 10)).toBe(true);
  });

  it("backs off exponentially with jitter, capped, and honours Retry-After", () => {
    const policy = resolved({ initialDelayMs: 100, maxDelayMs: 1000 });
    expect(retryDelay(policy, 0, undefined, () => 0)).toBe(50);
    expect(retryDelay(policy, 0, undefined, () => 1)).toBe(100);
    expect(retryDelay(policy, 3, undefined, () => 1)).toBe(800);
    expect(retryDelay(policy, 10, undefined, () => 1)).toBe(1000);
    expect(retryDelay(policy, 0, 3000, () => 0)).toBe(3000);
    expect(parseRetryAfter("2")).toBe(2000);
    expect(parseRetryAfter("Wed, 21 Oct 2015 07:28:05 GMT", Date.parse("Wed, 21 Oct 2015 07:28:00 GMT"))).toBe(5000);
    expect(parseRetryAfter("soon")).toBeUndefined();
  });
});
