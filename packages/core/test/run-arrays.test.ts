// Arrays you can read back (issue 11.5): run.getArray / exp.getArray give a
// logged array as a DimArray with its unit (latest step by default), in SI,
// CGS and natural units, converted on request; runs list their arrays; an
// unknown key or step is a typed error naming what exists; a backend that
// cannot keep arrays says so once per run and key on the warning channel.

import { describe, expect, it } from "vitest";
import {
  type ArrayRecord,
  type ArrayStorage,
  DimArray,
  DimExperiment,
  DimexpError,
  type DimexpWarning,
  type ExperimentBackend,
  Run,
  createMemoryBackend,
  decodeArrayFile,
  encodeArrayFile,
} from "../src/index.js";
import { type Unit, formatUnit } from "@dimexp/units";

// CODATA 2018 (exact): the oracle for GeV ↔ J, independent of @dimexp/units.
const EV_IN_J = 1.602176634e-19;
const C = 299_792_458;

const array = (values: readonly number[] | readonly (readonly number[])[], unit: string): DimArray => {
  const made = DimArray.of(values as number[], unit);
  if (made._tag === "Left") throw new Error(made.left.message);
  return made.right;
};

const unitOf = (x: { unit: Unit | undefined }): string | undefined => (x.unit ? formatUnit(x.unit) : undefined);

const rejection = async (promise: Promise<unknown>): Promise<DimexpError["error"]> => {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DimexpError) return error.error;
    throw error;
  }
  throw new Error("expected a rejection");
};

const open = (backend: ExperimentBackend = createMemoryBackend(), warnings: DimexpWarning[] = []) =>
  DimExperiment.open("arrays", { backend, onWarning: (w) => warnings.push(w) });

/** Three runs of one profile: SI (K, J), CGS (erg) and natural units (GeV), three steps each. */
const logProfiles = async (exp: DimExperiment) => {
  await exp.withRun("run-si", (run) => {
    for (let step = 0; step < 3; step++) run.logArray("energy", array([1 + step, 2 + step, 3 + step], "J"), { step });
    run.logArray("temperature", array([[300, 301], [302, 303]], "K"), { step: 7 });
  });
  await exp.withRun("run-cgs", (run) => {
    for (let step = 0; step < 3; step++) run.logArray("energy", array([1e7 * (1 + step), 2e7, 3e7], "erg"), { step });
  });
  await exp.withRun("run-natural", (run) => {
    for (let step = 0; step < 3; step++) run.logArray("energy", array([0.5 * (step + 1), 1, 2], "GeV"), { step });
  });
};

describe("reading arrays back", () => {
  it("exp.getArray gives the latest step as a DimArray in its unit, or any step asked for", async () => {
    const exp = await open();
    await logProfiles(exp);
    const latest = await exp.getArray("run-si", "energy");
    expect(latest).toBeInstanceOf(DimArray);
    expect([...latest.data]).toEqual([3, 4, 5]);
    expect(unitOf(latest)).toBe("J");
    expect([...(await exp.getArray("run-si", "energy", { step: 1 })).data]).toEqual([2, 3, 4]);
    const field = await exp.getArray("run-si", "temperature");
    expect(field.shape).toEqual([2, 2]);
    expect([...field.data]).toEqual([300, 301, 302, 303]);
    expect(unitOf(field)).toBe("K");
  });

  it("reads SI, CGS and natural-unit arrays in one unit: erg and GeV read back in J", async () => {
    const exp = await open();
    await logProfiles(exp);
    const cgs = await exp.getArray("run-cgs", "energy", { step: 2 });
    expect(unitOf(cgs)).toBe("erg");
    expect([...cgs.data]).toEqual([3e7, 2e7, 3e7]);
    const cgsInJ = await exp.getArray("run-cgs", "energy", { step: 2, unit: "J" });
    [3, 2, 3].forEach((j, i) => {
      expect(cgsInJ.data[i]).toBeCloseTo(j, 12);
    });
    const natural = await exp.getArray("run-natural", "energy", { unit: "J" });
    expect(unitOf(natural)).toBe("J");
    [1.5, 1, 2].forEach((gev, i) => {
      expect((natural.data[i] as number) / (gev * 1e9 * EV_IN_J)).toBeCloseTo(1, 12);
    });
    // GeV → kg is mass-energy equivalence: a named context, never implicit
    const noContext = await rejection(exp.getArray("run-natural", "energy", { unit: "kg" }));
    expect(noContext._tag).toBe("DimensionMismatch");
    expect(noContext.message).toContain("mass-energy");
    const mass = await exp.getArray("run-natural", "energy", { unit: "kg", context: "mass-energy" });
    [1.5, 1, 2].forEach((gev, i) => {
      expect((mass.data[i] as number) / ((gev * 1e9 * EV_IN_J) / C ** 2)).toBeCloseTo(1, 12);
    });
  });

  it("lists a run's arrays from its tags (key, unit, shape, latest step) and with their stored steps", async () => {
    const exp = await open();
    await logProfiles(exp);
    const run = await exp.getRun("run-si");
    expect(run.arrays.map((a) => ({ key: a.key, unit: unitOf(a), shape: a.shape, lastStep: a.lastStep }))).toEqual([
      { key: "energy", unit: "J", shape: [3], lastStep: 2 },
      { key: "temperature", unit: "K", shape: [2, 2], lastStep: 7 },
    ]);
    const listed = await run.listArrays();
    expect(listed.map((a) => ({ key: a.key, steps: a.steps, shape: a.shape, kept: a.kept }))).toEqual([
      { key: "energy", steps: [0, 1, 2], shape: [3], kept: true },
      { key: "temperature", steps: [7], shape: [2, 2], kept: true },
    ]);
    expect((await exp.listArrays("run-natural")).map((a) => [a.key, unitOf(a), a.steps])).toEqual([["energy", "GeV", [0, 1, 2]]]);
    const [found] = await exp.listRuns({ filter: 'attributes.name = "run-cgs"' });
    expect([...(await (found as Run).getArray("energy", { step: 0 })).data]).toEqual([1e7, 2e7, 3e7]);
  });

  it("an unknown key is a NotFound error naming the run's arrays; an unknown step names its steps", async () => {
    const exp = await open();
    await logProfiles(exp);
    const unknown = await rejection(exp.getArray("run-si", "enrgy"));
    expect(unknown).toMatchObject({ _tag: "NotFound", what: "array", id: "enrgy", available: ["energy", "temperature"] });
    expect(unknown.message).toContain("run-si");
    expect(unknown.message).toContain("energy, temperature");
    const metric = await rejection(exp.getArray("run-si", "energy_mean"));
    expect(metric.message).toMatch(/"energy_mean" is a metric/);
    const step = await rejection(exp.getArray("run-si", "energy", { step: 5 }));
    expect(step).toMatchObject({ _tag: "NotFound", what: "array", available: ["0", "1", "2"] });
    expect(step.message).toContain("step 5");
    const bad = await rejection(exp.getArray("run-si", "energy", { step: Number.NaN }));
    expect(bad._tag).toBe("InvalidValue");
    const badUnit = await rejection(exp.getArray("run-si", "energy", { unit: "furlong/fortnightx" }));
    expect(badUnit._tag).toBe("UnknownUnit");
    await exp.withRun("no-arrays", (run) => run.logMetric("loss", 1));
    expect((await rejection(exp.getArray("no-arrays", "energy"))).message).toMatch(/logged no arrays/);
  });

  it("an active run reads back what it logged (buffered arrays are written first)", async () => {
    const exp = await open();
    const run = await exp.startRun("live");
    run.logArray("field", array([1, -0, Number.NaN, Number.POSITIVE_INFINITY], "m"), { step: 4 });
    const back = await run.getArray("field");
    expect(unitOf(back)).toBe("m");
    expect([...back.data]).toEqual([1, -0, Number.NaN, Number.POSITIVE_INFINITY]);
    expect(Object.is(back.data[1], -0)).toBe(true);
    expect((await run.getArray("field", { unit: "cm" })).data[0]).toBeCloseTo(100, 12);
    await run.end();
    expect([...(await run.getArray("field")).data][0]).toBe(1);
  });

  it("a Run made from a record alone says how to read its arrays", async () => {
    const exp = await open();
    await logProfiles(exp);
    const bare = new Run((await exp.getRun("run-si")).record);
    expect(bare.arrays.map((a) => a.key)).toEqual(["energy", "temperature"]);
    const error = await rejection(bare.getArray("energy"));
    expect(error._tag).toBe("InvalidValue");
    expect(error.message).toContain("new Run(record, backend)");
  });
});

describe("a backend that cannot keep arrays says so", () => {
  it("warns once per run and key through the run's warning channel, and reading back names the reason", async () => {
    const memory = createMemoryBackend();
    const noArrays: ExperimentBackend = { ...memory, kind: "no-arrays", capabilities: { ...memory.capabilities, arrays: false } };
    const warnings: DimexpWarning[] = [];
    const exp = await open(noArrays, warnings);
    const ids: string[] = [];
    for (const name of ["first", "second"]) {
      await exp.withRun(name, (run) => {
        ids.push(run.id);
        for (let step = 0; step < 3; step++) {
          run.logArray("field", array([step, 1], "K"), { step });
          run.logArray("profile", array([step], "GeV"), { step });
        }
      });
    }
    expect(warnings.map((w) => w._tag === "ArrayNotKept" && [w.runId, w.key, w.backend])).toEqual([
      [ids[0], "field", "no-arrays"],
      [ids[0], "profile", "no-arrays"],
      [ids[1], "field", "no-arrays"],
      [ids[1], "profile", "no-arrays"],
    ]);
    expect(warnings[0]?.message).toContain("field_mean");
    expect(warnings[0]?.message).toContain("capabilities.arrays");
    // the summary metrics are there; the full array is not, and the error says why
    const run = await exp.getRun("first");
    expect(run.metric("field_mean")?.toString()).toBe("1.5 K");
    expect(run.arrays.map((a) => a.key)).toEqual(["field", "profile"]);
    const error = await rejection(run.getArray("field"));
    expect(error).toMatchObject({ _tag: "NotFound", what: "array" });
    expect(error.message).toMatch(/only its summary metrics .*field_mean.*keeps no full arrays/);
  });

  it("asks the backend about each run (arrayStorage): a run whose store cannot take arrays warns with the backend's reason", async () => {
    const memory = createMemoryBackend();
    const kept: ArrayRecord[] = [];
    const perRun: ExperimentBackend = {
      ...memory,
      kind: "per-run",
      arrayStorage: (runId): ArrayStorage | undefined =>
        runId === blocked ? { kept: false, reason: "its artifact root s3://bucket/x is not reachable from here" } : undefined,
      logBatch: (runId, batch) => {
        kept.push(...batch.arrays);
        return memory.logBatch(runId, batch);
      },
    };
    let blocked = "";
    const warnings: DimexpWarning[] = [];
    const exp = await open(perRun, warnings);
    await exp.withRun("blocked", (run) => {
      blocked = run.id;
      run.logArray("field", array([1, 2], "K"));
      run.logArray("field", array([3, 4], "K"));
    });
    await exp.withRun("fine", (run) => run.logArray("field", array([5, 6], "K")));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ _tag: "ArrayNotKept", key: "field", runId: blocked, reason: expect.stringContaining("s3://bucket/x") });
    expect(kept.map((a) => [...a.data])).toEqual([[5, 6]]);
    expect((await rejection(exp.getArray("blocked", "field"))).message).toContain("s3://bucket/x");
    expect([...(await exp.getArray("fine", "field")).data]).toEqual([5, 6]);
  });
});

describe("the array file format (MLflow artifacts, W&B run files)", () => {
  it("round-trips exactly: NaN, ±Infinity, -0, 2-D shapes, units", () => {
    const record: ArrayRecord = {
      key: "field",
      step: 3,
      timestamp: 1_700_000_000_123,
      shape: [2, 3],
      unit: "GeV",
      data: Float64Array.of(1, -0, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 5e-324),
    };
    const text = encodeArrayFile(record);
    expect(text).toContain('"data": [[1.0, -0.0, NaN], [Infinity, -Infinity, 5e-324]]');
    const back = decodeArrayFile(text, "fallback");
    expect(back).toMatchObject({ key: "field", step: 3, timestamp: 1_700_000_000_123, shape: [2, 3], unit: "GeV" });
    expect([...(back as ArrayRecord).data].map((x) => (Object.is(x, -0) ? "-0" : x))).toEqual([1, "-0", Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 5e-324]);
    expect(decodeArrayFile("not json", "k")).toBeUndefined();
    expect(decodeArrayFile('{"data": [[1, 2], [3]]}', "k")).toBeUndefined();
  });
});
