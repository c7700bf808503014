// Params on MLflow are write-once; the backend checks a batch's params against
// the stored ones before writing. The stored params are a plain object, so a
// param named like an inherited property (toString, valueOf) must not be taken
// for an existing value — it was refused as "already function toString()…".
// (The units in ParamChanged messages are checked by the contract suite.)

import { DimExperiment, q } from "@dimexp/core";
import { expect, it } from "vitest";
import { batch, describeWithServer, must, open, unique } from "./helpers.js";

describeWithServer("params on MLflow", () => {
  it("logs params named toString and valueOf the first time, and refuses only a real change", async () => {
    const backend = open();
    const experiment = await must(backend.getOrCreateExperiment(unique("inherited")));
    const run = await must(backend.createRun(experiment.id, { name: "r", startTime: Date.now(), tags: {} }));
    await must(backend.logBatch(run.id, batch({ params: [{ key: "toString", value: "1" }, { key: "valueOf", value: "adam" }] })));
    await must(backend.logBatch(run.id, batch({ params: [{ key: "toString", value: "1" }] })));
    const changed = await backend.logBatch(run.id, batch({ params: [{ key: "valueOf", value: "sgd" }] }))();
    expect(changed._tag === "Left" && changed.left).toMatchObject({ _tag: "ParamChanged", key: "valueOf", previous: "adam", attempted: "sgd" });
    const stored = await must(backend.getRun(run.id));
    expect(Object.hasOwn(stored?.params ?? {}, "toString") && stored?.params.toString).toBe("1");
    await backend.close()();
  });

  it("logs a quantity param named toString through DimExperiment and reads it back with its unit", async () => {
    const exp = await DimExperiment.open(unique("inherited"), { backend: open(), onWarning: () => undefined });
    await exp.withRun("r", (run) => run.logParam("toString", q(5e15, "1/GeV")));
    expect(String((await exp.getRun("r")).param("toString"))).toBe(String(q(5e15, "1/GeV")));
    await exp.close();
  });
});
