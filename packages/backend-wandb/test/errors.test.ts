// A failed request rejects the Promise API with the tagged error itself (an
// Error and a DimexpError) whose cause chain ends in fetch's own error.
import { createServer } from "node:net";
import { DimExperiment, DimexpError } from "@dimexp/core";
import { describe, expect, it } from "vitest";
import { createWandbBackend } from "../src/index.js";

/** A port nothing listens on (taken, then released). */
const closedPort = async (): Promise<number> => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
};

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
    const port = await closedPort();
    // no retrying: the first refused connection gives up
    const opened = createWandbBackend({
      entity: "alice",
      project: "heat",
      apiKey: "k".repeat(40),
      baseUrl: `http://127.0.0.1:${port}`,
      retry: { maxElapsedMs: 0 },
    });
    if (opened._tag === "Left") throw opened.left;
    const rejection: unknown = await DimExperiment.open("heat", { backend: opened.right }).then(
      () => undefined,
      (e: unknown) => e,
    );
    await opened.right.close()();
    expect(rejection).toBeInstanceOf(DimexpError);
    expect(rejection).toMatchObject({ _tag: "BackendFailure", backend: "wandb" });
    expect((rejection as Error).message).toContain("ECONNREFUSED");
    const fetchError = causes(rejection).find((e) => e instanceof TypeError);
    expect(fetchError).toBeInstanceOf(TypeError);
    expect((fetchError as TypeError).cause).toMatchObject({ code: "ECONNREFUSED" });
  });
});
