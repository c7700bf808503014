// Array files survive a flaky upload path: a PUT to W&B's upload URL that
// fails (503), or whose response is lost after the file was stored (502 after
// applying), is retried with the same file name, so every array arrives once.

import { DimArray, DimExperiment } from "@dimexp/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type WandbFake, startWandbFake } from "../../src/testing/index.js";
import { onlineBackend } from "../support/helpers.js";

const array = (values: readonly number[], unit: string): DimArray => {
  const made = DimArray.of(values as number[], unit);
  if (made._tag === "Left") throw new Error(made.left.message);
  return made.right;
};

describe("array uploads under faults", () => {
  let fake: WandbFake;
  beforeAll(async () => {
    fake = await startWandbFake();
  });
  afterAll(async () => {
    await fake?.close();
  });

  it("an upload that fails (503, or a response lost after the file was stored) is retried: every file arrives once", async () => {
    const backend = onlineBackend(fake, { project: "arrays-faults" });
    fake.injectFault({ match: /^\/upload\//, status: 503, times: 2 });
    fake.injectFault({ match: /^\/upload\//, status: 502, afterApplying: true });
    const exp = await DimExperiment.open("faults", { backend });
    const run = await exp.startRun("flaky");
    for (let step = 0; step < 3; step++) run.logArray("field", array([step, step + 1], "K"), { step });
    await run.end();
    const files = [...(fake.run(fake.entity, "arrays-faults", run.id)?.files.keys() ?? [])].filter((n) => n.startsWith("dimexp/"));
    expect(files).toHaveLength(3);
    expect(fake.requests.filter((r) => r.method === "PUT" && r.status >= 500).map((r) => r.status)).toEqual([503, 503, 502]);
    expect([...(await exp.getArray("flaky", "field", { step: 1 })).data]).toEqual([1, 2]);
    await backend.close()();
  });
});
