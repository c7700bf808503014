// compareRuns against real core Runs in a DimExperiment (memory backend):
// latest values without any history load, whole histories through the
// experiment or a loader function, and failures as tagged errors.

import { DimExperiment, type Run, createMemoryBackend, q } from "@dimexp/core";
import { beforeAll, describe, expect, test } from "vitest";
import { CompareFailure, compareLatest, compareRuns, compareRunsEither } from "../src/index.js";

let exp: DimExperiment;
let runs: Run[];

beforeAll(async () => {
  exp = await DimExperiment.open("compare-test", { backend: createMemoryBackend(), onWarning: () => undefined });
  await exp.withRun("run-si", (r) => {
    r.logParam("domain_length", q(1, "m"));
    r.logParam("learning_rate", q(0.001, "1/s"));
    for (let step = 0; step < 10; step++) r.logMetric("loss", q(1 / (step + 1), "J"), { step });
  });
  await exp.withRun("run-cgs", (r) => {
    r.logParam("domain_length", q(100, "cm"));
    r.logParam("learning_rate", q(0.002, "1/s"));
    for (let step = 0; step < 10; step++) r.logMetric("loss", q(1e7 / (step + 2), "erg"), { step });
  });
  await exp.withRun("run-nothing", (r) => {
    r.logParam("domain_length", q(1, "m"));
  });
  runs = await exp.listRuns({ orderBy: "start_time" });
});

describe("compareRuns", () => {
  test("latest values need no history: J vs erg, the first run's J on a tie", async () => {
    const c = await compareRuns(runs, "loss", { baseline: "run-si" });
    const m = c.metric("loss");
    expect(m?.unitLabel).toBe("J");
    expect(m?.entries.map((e) => [e.run.name, e.value, e.original.value, e.original.unitLabel, e.step])).toEqual([
      ["run-si", 0.1, 0.1, "J", 9],
      ["run-cgs", expect.closeTo(1 / 11, 15), 1e7 / 11, "erg", 9],
    ]);
    expect(c.warnings.map((w) => w._tag)).toEqual(["MissingMetric", "MixedUnitsConverted"]);
    expect(c.params.differing().map((p) => p.key)).toEqual(["learning_rate"]);
    expect(c.bestRun("loss", "min")?.run.name).toBe("run-cgs");
  });

  test("compareLatest is the same, synchronously", () => {
    const c = compareLatest(runs, "loss");
    expect(c._tag === "Right" && c.right.metric("loss")?.entries.length).toBe(2);
    expect(compareLatest(runs, "loss", { align: "min" })).toMatchObject({ _tag: "Left", left: { _tag: "InvalidOption" } });
  });

  test("min, a step and curves load histories through the experiment", async () => {
    const min = await compareRuns(runs, "loss", { histories: exp, align: "min", system: "cgs" });
    expect(min.metric("loss")?.unitLabel).toBe("erg");
    expect(min.metric("loss")?.entries.map((e) => e.value)).toEqual([expect.closeTo(1e6, 6), expect.closeTo(1e7 / 11, 6)]);
    const at = await compareRuns(runs, "loss", { histories: exp, align: { at: 2.5 } });
    expect(at.metric("loss")?.entries[0]?.value).toBeCloseTo((1 / 3 + 1 / 4) / 2, 12);
    const curves = await compareRuns(runs, "loss", { histories: exp, align: "interpolate" });
    expect(curves.metric("loss")?.curves?.steps).toHaveLength(10);
    expect(curves.metric("loss")?.entries[1]?.history().values[0]).toBeCloseTo(0.5, 12);
  });

  test("or through a loader function", async () => {
    const seen: string[] = [];
    const c = await compareRuns(runs, "loss", {
      align: "max",
      histories: async (run, metric) => {
        seen.push(`${run.name}/${metric}`);
        return exp.metricHistory(run.id, metric);
      },
    });
    expect(seen).toEqual(["run-si/loss", "run-cgs/loss"]);
    expect(c.metric("loss")?.entries.map((e) => e.step)).toEqual([0, 0]);
  });

  test("an alignment that needs histories, without a source, is an InvalidOption", async () => {
    await expect(compareRuns(runs, "loss", { align: "max" })).rejects.toBeInstanceOf(CompareFailure);
    const result = await compareRunsEither(runs, "loss", { align: "max" });
    expect(result).toMatchObject({ _tag: "Left", left: { _tag: "InvalidOption", option: "histories" } });
    expect(result._tag === "Left" && result.left.message).toContain("{ histories: experiment }");
  });

  test("a failing loader is a HistoryLoadFailed naming the run and metric", async () => {
    const result = await compareRunsEither(runs, "loss", { align: "max", histories: async () => Promise.reject(new Error("disk on fire")) });
    expect(result).toMatchObject({ _tag: "Left", left: { _tag: "HistoryLoadFailed", run: "run-si", metric: "loss" } });
    expect(result._tag === "Left" && result.left.message).toContain("disk on fire");
  });

  test("an unknown baseline rejects with the runs listed", async () => {
    const failure = await compareRuns(runs, "loss", { baseline: "run-x" }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(CompareFailure);
    expect((failure as CompareFailure).error).toMatchObject({ _tag: "UnknownBaseline", runs: ["run-si", "run-cgs", "run-nothing"] });
  });
});
