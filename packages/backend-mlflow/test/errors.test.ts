// A failed request rejects the Promise API with the tagged error itself (an
// Error and a DimexpError) whose cause chain ends in fetch's own error.
import { DimExperiment, DimexpError } from "@dimexp/core";
import { describe, expect, it } from "vitest";
import { createMlflowBackend } from "../src/index.js";
import { freePort } from "./support/mlflow-server.js";

const causes = (error: unknown): unknown[] => {
  const chain: unknown[] = [];
  for (
    let e = (error as { cause?: unknown }).cause;
    e !== undefined && chain.length < 10;
    e = (e as { cause?: unknown }).cause
  )
    chain.push(e);
  return chain;
};

describe("errors from fetch", () => {
  it("a refused connection rejects DimExperiment.open with a BackendFailure whose causes keep fetch's TypeError", async () => {
    const port = await freePort();
    const opened = createMlflowBackend({ trackingUri: `http://127.0.0.1:${port}`, retry: { maxAttempts: 1 } });
    if (opened._tag === "Left") throw opened.left;
    const rejection: unknown = await DimExperiment.open("x", { backend: opened.right }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(rejection).toBeInstanceOf(DimexpError);
    expect(rejection).toMatchObject({ _tag: "BackendFailure", backend: "mlflow", retryable: true });
    expect((rejection as Error).message).toContain("ECONNREFUSED");
    const chain = causes(rejection);
    // the original objects, not strings: fetch's "fetch failed" TypeError, and under it the socket's error
    const fetchError = chain.find((e) => e instanceof TypeError);
    expect(fetchError).toBeInstanceOf(TypeError);
    expect((fetchError as TypeError).cause).toMatchObject({ code: "ECONNREFUSED" });
    expect(JSON.parse(JSON.stringify(rejection))).not.toHaveProperty("cause");
  });
});
