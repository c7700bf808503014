// syncExperiments between in-memory backends: a full copy with units, nothing
// duplicated by a second sync, an interrupted sync resumed, and a round trip
// that maps runs back onto their originals.
import { formatUnit } from "@dimexp/units";
import { describe, expect, it } from "vitest";
import { DimArray, DimExperiment, type ExperimentBackend, type LogBatch, createMemoryBackend, missingPoints, q, syncExperiments } from "../src/index.js";

const must = async <A>(task: () => Promise<{ _tag: "Left"; left: { message: string } } | { _tag: "Right"; right: A }>): Promise<A> => {
  const r = await task();
  if (r._tag === "Left") throw new Error(r.left.message);
  return r.right;
};

const seed = async (backend: ExperimentBackend) => {
  const exp = await DimExperiment.open("heat", { backend, onWarning: () => undefined });
  await exp.withRun("run-si", { tags: { solver: "fd" } }, async (run) => {
    run.logParam("domain_length", q(1, "m"));
    for (let step = 0; step < 2500; step++) run.logMetric("loss", q(1 / (step + 1), "J"), { step, timestamp: 1_700_000_000_000 + step });
    run.logMetric("special", Number.NEGATIVE_INFINITY, { step: 0 });
    const field = DimArray.of([1, 2, 3], "K");
    if (field._tag === "Right") run.logArray("temperature", field.right, { step: 0 });
  });
  await exp.withRun("run-cgs", async (run) => {
    run.logParam("domain_length", q(40, "cm"));
    run.logMetric("loss", q(2e7, "erg"));
  });
  return exp;
};

/** Fails every logBatch after the first `n` (an interrupted sync). */
const failingAfter = (inner: ExperimentBackend, n: number): ExperimentBackend => {
  let calls = 0;
  return {
    ...inner,
    kind: inner.kind,
    location: inner.location,
    capabilities: inner.capabilities,
    logBatch: (runId: string, batch: LogBatch) => async () => {
      if (++calls > n) return { _tag: "Left", left: { _tag: "BackendFailure", backend: "test", operation: "log", retryable: true, message: "connection lost" } };
      return inner.logBatch(runId, batch)();
    },
  };
};

describe("syncExperiments", () => {
  it("copies experiments with their units, arrays and histories, and a second sync copies nothing", async () => {
    const from = createMemoryBackend();
    await seed(from);
    const to = createMemoryBackend();
    const progress: number[] = [];
    const first = await must(syncExperiments(from, to, { batchPoints: 1000, onProgress: (p) => progress.push(p.runsDone) }));
    expect(first.failures).toEqual([]);
    expect(first.runs.map((r) => [r.name, r.created]).sort()).toEqual([
      ["run-cgs", true],
      ["run-si", true],
    ]);
    expect(first.pointsCopied).toBe(2500 + 1 + 4 + 1);
    expect(progress.at(-1)).toBe(2);

    const copy = await DimExperiment.open("heat", { backend: to });
    const long = await copy.listRuns({ filter: "params.domain_length >= 50 cm" });
    expect(long.map((r) => r.name)).toEqual(["run-si"]);
    const si = await copy.getRun("run-si");
    expect(si.status).toBe("FINISHED");
    expect(si.tags.solver).toBe("fd");
    const history = await copy.metricHistory("run-si", "loss");
    expect(history.values.length).toBe(2500);
    expect(history.unit ? formatUnit(history.unit) : undefined).toBe("J");
    expect((await copy.metricHistory("run-si", "special")).values[0]).toBe(Number.NEGATIVE_INFINITY);
    expect((await must(to.getArrays(si.id, "temperature")))[0]?.data).toEqual(Float64Array.from([1, 2, 3]));

    const second = await must(syncExperiments(from, to));
    expect(second.pointsCopied).toBe(0);
    expect(second.runs.every((r) => !r.created && r.points === 0 && r.params === 0 && r.arrays === 0)).toBe(true);
    expect((await must(to.searchRuns((await copy.getRun("run-si")).experimentId))).length).toBe(2);
  });

  it("resumes an interrupted sync without duplicating a point", async () => {
    const from = createMemoryBackend();
    await seed(from);
    const to = createMemoryBackend();
    const interrupted = await must(syncExperiments(from, failingAfter(to, 2), { batchPoints: 700 }));
    expect(interrupted.failures.length).toBeGreaterThan(0);
    const resumed = await must(syncExperiments(from, to, { batchPoints: 700 }));
    expect(resumed.failures).toEqual([]);
    const copy = await DimExperiment.open("heat", { backend: to });
    const runs = await copy.listRuns();
    expect(runs.map((r) => r.name).sort()).toEqual(["run-cgs", "run-si"]);
    const history = await copy.metricHistory("run-si", "loss");
    expect(history.values.length).toBe(2500);
    expect([...history.steps]).toEqual(Array.from({ length: 2500 }, (_, i) => i));
  });

  it("maps runs that came from the target back onto them", async () => {
    const a = createMemoryBackend();
    await seed(a);
    const b = createMemoryBackend();
    await must(syncExperiments(a, b));
    const back = await must(syncExperiments(b, a));
    expect(back.runs.every((r) => !r.created && r.points === 0)).toBe(true);
    const exp = await must(a.findExperiment("heat"));
    expect((await must(a.searchRuns(exp?.id ?? ""))).length).toBe(2);
  });

  it("names the experiments it cannot find", async () => {
    const from = createMemoryBackend();
    await seed(from);
    const r = await syncExperiments(from, createMemoryBackend(), { experiments: ["nope"] })();
    expect(r._tag === "Left" && r.left.message).toContain("heat");
  });

  it("finds the missing points of a history that is not a prefix", () => {
    const s = (values: number[]) => ({
      key: "x",
      values: Float64Array.from(values),
      steps: Float64Array.from(values),
      timestamps: Float64Array.from(values),
    });
    expect(missingPoints(s([1, 2, 3, 4]), s([1, 2]))).toEqual([2, 3]);
    expect(missingPoints(s([1, 2, 3, 4]), s([3, 1]))).toEqual([1, 3]);
    expect(missingPoints(s([1, 2]), s([1, 2, 9]))).toEqual([]);
  });
});
