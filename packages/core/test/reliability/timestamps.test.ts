// Timestamps no date can hold (-1e300, NaN, microseconds since the epoch…)
// are refused where they are logged, with a typed error naming the value,
// instead of being stored and breaking every reader later ("Invalid time
// value"). Nothing logged before is lost.

import { describe, expect, it } from "vitest";
import { DimArray, DimExperiment, DimexpError, MAX_TIMESTAMP, MIN_TIMESTAMP, createMemoryBackend, q, validateTimestamp } from "../../src/index.js";

const open = () => DimExperiment.open("times", { backend: createMemoryBackend(), onWarning: () => undefined });

const thrown = (call: () => unknown): DimexpError => {
  try {
    call();
  } catch (e) {
    if (e instanceof DimexpError) return e;
    throw new Error(`expected a DimexpError, got ${String(e)}`);
  }
  throw new Error("expected a DimexpError, but the call succeeded");
};

const BAD: ReadonlyArray<[number, string]> = [
  [-1e300, "-1e+300"],
  [1e300, "1e+300"],
  [Number.NaN, "NaN"],
  [Number.POSITIVE_INFINITY, "Infinity"],
  [Number.NEGATIVE_INFINITY, "-Infinity"],
  [-1, "-1"],
  [8.64e15 + 1, "8640000000000001"],
  [MAX_TIMESTAMP + 1, String(MAX_TIMESTAMP + 1)],
];

describe("metric timestamps", () => {
  for (const [value, text] of BAD) {
    it(`refuses ${text} with an InvalidValue naming it, and keeps the run going`, async () => {
      const exp = await open();
      const run = await exp.startRun("r");
      run.logMetric("loss", q(1, "J"), { step: 0, timestamp: 1_700_000_000_000 });
      const error = thrown(() => run.logMetric("loss", q(2, "J"), { step: 1, timestamp: value }));
      expect(error.error._tag).toBe("InvalidValue");
      expect(error.message).toContain(text);
      expect(error.message).toContain('timestamp of metric "loss"');
      // a refused point on a new key leaves no trace of the key either
      expect(() => run.logMetric("fresh", q(1, "K"), { timestamp: value })).toThrow(DimexpError);
      expect(() => run.logMetrics({ a: 1, b: q(2, "m") }, { timestamp: value })).toThrow(DimexpError);
      run.logMetric("loss", q(3, "J"), { step: 1, timestamp: 1_700_000_000_001 });
      await run.end();
      const history = await exp.metricHistory("r", "loss");
      expect([...history.values]).toEqual([1, 3]);
      expect([...history.timestamps]).toEqual([1_700_000_000_000, 1_700_000_000_001]);
      const stored = await exp.getRun("r");
      expect(Object.keys(stored.metrics)).toEqual(["loss"]);
      expect(Object.keys(stored.record.tags).filter((k) => k.includes("fresh"))).toEqual([]);
      expect(stored.status).toBe("FINISHED");
    });
  }

  it("refuses an array logged at a bad timestamp, storing none of its summary metrics", async () => {
    const exp = await open();
    const run = await exp.startRun("r");
    const a = DimArray.of([1, 2, 3], "eV");
    if (a._tag === "Left") throw new Error(a.left.message);
    expect(thrown(() => run.logArray("spectrum", a.right, { timestamp: -1e300 })).error._tag).toBe("InvalidValue");
    await run.end();
    const stored = await exp.getRun("r");
    expect(Object.keys(stored.metrics)).toEqual([]);
    const arrays = await exp.backend.getArrays(stored.id, "spectrum")();
    expect(arrays._tag === "Right" && arrays.right).toEqual([]);
  });

  it("points at microseconds when the value is a thousand times too large", async () => {
    const exp = await open();
    const run = await exp.startRun("r");
    const micros = 1_700_000_000_000_000;
    expect(thrown(() => run.logMetric("x", 1, { timestamp: micros })).message).toMatch(/microseconds: divide by 1000/);
    await run.end();
  });

  it("accepts the whole range, fractions of a millisecond included", async () => {
    const exp = await open();
    await exp.withRun("r", (run) => {
      run.logMetric("x", 1, { step: 0, timestamp: MIN_TIMESTAMP });
      run.logMetric("x", 2, { step: 1, timestamp: 1_700_000_000_000.25 });
      run.logMetric("x", 3, { step: 2, timestamp: MAX_TIMESTAMP });
    });
    expect([...(await exp.metricHistory("r", "x")).timestamps]).toEqual([MIN_TIMESTAMP, 1_700_000_000_000.25, MAX_TIMESTAMP]);
    expect(new Date(MAX_TIMESTAMP).toISOString()).toBe("9999-12-31T23:59:59.999Z");
  });
});

describe("run start times", () => {
  it("refuses a startTime no date can hold, creating no run", async () => {
    const exp = await open();
    for (const [value, text] of BAD) {
      let caught: unknown;
      try {
        await exp.startRun("r", { startTime: value });
      } catch (e) {
        caught = e;
      }
      expect(caught instanceof DimexpError && caught.error._tag).toBe("InvalidValue");
      expect((caught as Error).message).toContain(text);
    }
    expect(await exp.listRuns()).toHaveLength(0);
  });

  it("keeps a valid startTime for a run logged after the fact", async () => {
    const exp = await open();
    const start = Date.UTC(2024, 4, 1, 12);
    await exp.withRun("late", { startTime: start }, (run) => run.logMetric("x", 1));
    expect((await exp.getRun("late")).startTime).toBe(start);
  });
});

describe("validateTimestamp", () => {
  it("explains a Date or a string given where milliseconds are expected", () => {
    const date = validateTimestamp("t", new Date());
    expect(date._tag === "Left" && date.left.message).toMatch(/getTime/);
    const text = validateTimestamp("t", "2024-01-01");
    expect(text._tag === "Left" && text.left.message).toMatch(/got string/);
  });
});
