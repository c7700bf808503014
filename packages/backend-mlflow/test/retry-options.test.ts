import { describe, expect, it } from "vitest";
import { createMlflowBackend } from "../src/index.js";

// The options reach core's RetryPolicy: old names still work, bad values are refused by name.
describe("createMlflowBackend's retry option", () => {
  it("accepts the old names (budgetMs, baseDelayMs) and the new ones", () => {
    expect(createMlflowBackend({ trackingUri: "http://127.0.0.1:1", retry: { maxAttempts: 2, budgetMs: 10, baseDelayMs: 1 } })._tag).toBe("Right");
    expect(createMlflowBackend({ trackingUri: "http://127.0.0.1:1", retry: { deadlineMs: 10, initialDelayMs: 1 } })._tag).toBe("Right");
  });

  it("refuses a retry policy it cannot follow instead of defaulting silently", () => {
    const opened = createMlflowBackend({ trackingUri: "http://127.0.0.1:1", retry: { maxAttempts: 0 } });
    expect(opened).toMatchObject({ _tag: "Left", left: { _tag: "InvalidValue", what: "retry.maxAttempts" } });
  });
});
