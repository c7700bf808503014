import { describe, expect, it } from "vitest";
import { DEFAULT_RETRY, createWandbBackend } from "../src/index.js";

// The options reach core's RetryPolicy: the old name maxElapsedMs still works, bad values are refused by name.
describe("createWandbBackend's retry option", () => {
  const online = { mode: "online", apiKey: "k".repeat(40), baseUrl: "http://127.0.0.1:1", project: "p" } as const;

  it("keeps W&B's time-only default and accepts the old name maxElapsedMs", () => {
    expect(DEFAULT_RETRY).toMatchObject({ maxAttempts: Number.POSITIVE_INFINITY, deadlineMs: 600_000 });
    expect(createWandbBackend({ ...online, retry: { maxElapsedMs: 300, initialDelayMs: 20 } })._tag).toBe("Right");
    expect(createWandbBackend({ ...online, retry: { maxAttempts: 3 } })._tag).toBe("Right");
  });

  it("refuses a retry policy it cannot follow instead of defaulting silently", () => {
    expect(createWandbBackend({ ...online, retry: { maxDelayMs: -1 } })).toMatchObject({ _tag: "Left", left: { _tag: "InvalidValue", what: "retry.maxDelayMs" } });
  });
});
