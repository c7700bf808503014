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

describe("compareRuns(exp, names, metrics): runs by name or id, several metrics", () => {
  const GEV_IN_J = 1.602176634e-10;
  let named: DimExperiment;

  beforeAll(async () => {
    named = await DimExperiment.open("compare-by-name", { backend: createMemoryBackend(), onWarning: () => undefined });
    // the same rod in SI, CGS and natural units: loss and thermal_energy are energies
    const energy = (name: string, unit: string, perJoule: number) =>
      named.withRun(name, (r) => {
        r.logParam("domain_length", q(1, "m"));
        for (let step = 0; step < 5; step++) {
          r.logMetric("loss", q((0.5 / (step + 1)) * perJoule, unit), { step });
          r.logMetric("thermal_energy", q((240 + step) * perJoule, unit), { step });
        }
      });
    await energy("run-si", "J", 1);
    await energy("run-cgs", "erg", 1e7);
    await energy("run-hep", "GeV", 1 / GEV_IN_J);
    await named.withRun("twice", (r) => r.logMetric("loss", q(1, "J")));
    await named.withRun("twice", (r) => r.logMetric("loss", q(2, "J")));
  });

  test("names resolve to runs; every metric compared in one call, SI, CGS and natural agree", async () => {
    const c = await compareRuns(named, ["run-si", "run-cgs", "run-hep"], ["loss", "thermal_energy"], { baseline: "run-si", unit: "eV" });
    expect(c.runs.map((r) => r.name)).toEqual(["run-si", "run-cgs", "run-hep"]);
    expect(c.metrics.map((m) => [m.metric, m.unitLabel])).toEqual([
      ["loss", "eV"],
      ["thermal_energy", "eV"],
    ]);
    const thermal = c.metric("thermal_energy");
    expect(thermal?.entries.map((e) => e.original.unitLabel)).toEqual(["J", "erg", "GeV"]);
    for (const e of thermal?.entries ?? []) {
      expect(e.value / (244 / 1.602176634e-19)).toBeCloseTo(1, 12);
      expect(Math.abs(e.relativeDiff)).toBeLessThan(1e-12);
    }
    // histories come from the experiment: the whole curve, not just the last point
    expect(c.metric("loss")?.entries[1]?.history().values).toHaveLength(5);
  });

  test("ids work as well as names, and the Run[] form is unchanged", async () => {
    const runs = await named.listRuns({ orderBy: "start_time" });
    const si = runs.find((r) => r.name === "run-si") as Run;
    const byId = await compareRuns(named, [si.id, "run-cgs"], "loss");
    expect(byId.runs.map((r) => r.id)).toEqual([si.id, runs.find((r) => r.name === "run-cgs")?.id]);
    const byRuns = await compareRuns([si], ["loss"]);
    expect(byRuns.metric("loss")?.entries[0]?.value).toBeCloseTo(0.1, 15);
  });

  test("an unknown name is an UnknownRun with the closest names", async () => {
    const result = await compareRunsEither(named, ["run-si", "run-cg"], ["loss"]);
    expect(result).toMatchObject({ _tag: "Left", left: { _tag: "UnknownRun", reference: "run-cg", experiment: "compare-by-name" } });
    if (result._tag === "Left" && result.left._tag === "UnknownRun") {
      expect(result.left.suggestions).toContain("run-cgs");
      expect(result.left.message).toContain('Did you mean "run-cgs"');
    }
    const failure = await compareRuns(named, ["nope"], "loss").catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(CompareFailure);
    // nothing close: the few runs there are are listed
    expect((failure as CompareFailure).message).toContain('Its runs: "run-si", "run-cgs", "run-hep", "twice".');
  });

  test("a name several runs share is an AmbiguousRun listing their ids, oldest first", async () => {
    const result = await compareRunsEither(named, ["twice"], ["loss"]);
    const runs = (await named.listRuns({ orderBy: "start_time" })).filter((r) => r.name === "twice");
    expect(result).toMatchObject({ _tag: "Left", left: { _tag: "AmbiguousRun", reference: "twice" } });
    if (result._tag === "Left" && result.left._tag === "AmbiguousRun") {
      expect(result.left.candidates.map((c) => c.id)).toEqual(runs.map((r) => r.id));
      for (const r of runs) expect(result.left.message).toContain(r.id);
    }
    // each of them by id is fine
    const c = await compareRuns(named, runs.map((r) => r.id), "loss");
    expect(c.metric("loss")?.entries.map((e) => e.value)).toEqual([1, 2]);
  });

  test("a metric no run logged is an UnknownMetric naming the metrics they have", async () => {
    const result = await compareRunsEither(named, ["run-si", "run-cgs"], ["loss", "thermal_enrgy"]);
    expect(result).toMatchObject({ _tag: "Left", left: { _tag: "UnknownMetric", metric: "thermal_enrgy", available: ["loss", "thermal_energy"] } });
    expect(result._tag === "Left" && result.left.message).toContain('Did you mean "thermal_energy"');
  });
});
