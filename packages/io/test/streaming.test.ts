// Ten million points stream through export and import: metric histories stay
// Float64Arrays from the backend to the file and back (never arrays of JS
// numbers), text is written and read in ~1 MiB pieces, and progress is
// reported all along. The JS heap is sampled at every progress event: it
// stays far below the ~80 MB that even one JS array of 10M numbers needs.

import { statSync } from "node:fs";
import { join } from "node:path";
import { type ExperimentBackend, type MetricSeries, createMemoryBackend } from "@dimexp/core";
import { beforeAll, describe, expect, it } from "vitest";
import { type ProgressEvent, exportExperiment, importExperiment } from "../src/index.js";
import { scratch } from "./helpers.js";

const dir = scratch();
const POINTS = 10_000_000;
/** one JS array of 10M numbers alone would be 80 MB */
const HEAP_BUDGET = 32 * 1024 * 1024;

const big = (): MetricSeries => {
  const steps = new Float64Array(POINTS);
  const values = new Float64Array(POINTS);
  const timestamps = new Float64Array(POINTS);
  for (let i = 0; i < POINTS; i++) {
    steps[i] = i;
    values[i] = (i % 1000) * 0.5;
    timestamps[i] = 1_700_000_000_000 + i;
  }
  values[POINTS - 1] = Number.NaN;
  return { key: "signal", steps, values, timestamps };
};

/** One run whose metric "signal" has 10M points, generated as Float64Arrays when asked for. */
const bigSource = async (): Promise<ExperimentBackend> => {
  const inner = createMemoryBackend();
  const exp = await inner.getOrCreateExperiment("big")();
  if (exp._tag === "Left") throw new Error(exp.left.message);
  const run = await inner.createRun(exp.right.id, { name: "long", startTime: 1, tags: {} })();
  if (run._tag === "Left") throw new Error(run.left.message);
  const one = Float64Array.of(0);
  await inner.logBatch(run.right.id, { id: "b", params: [], tags: [], arrays: [], metrics: [{ key: "signal", steps: one, values: one, timestamps: one }] })();
  await inner.updateRun(run.right.id, { status: "FINISHED", endTime: 2 })();
  return { ...inner, getMetricHistory: (runId, key) => (key === "signal" ? async () => ({ _tag: "Right", right: big() }) : inner.getMetricHistory(runId, key)) };
};

/**
 * Collects progress events and, every few events, the heap still in use
 * after a full garbage collection (what the export actually holds on to).
 */
const watch = () => {
  const gc = globalThis.gc;
  if (typeof gc !== "function") throw new Error("run with --expose-gc (vitest.config.ts sets it)");
  const events: ProgressEvent[] = [];
  gc();
  const baseline = process.memoryUsage().heapUsed;
  let peak = 0;
  return {
    events,
    onProgress: (event: ProgressEvent) => {
      events.push(event);
      if (events.length % 16 === 0) {
        gc();
        peak = Math.max(peak, process.memoryUsage().heapUsed - baseline);
      }
    },
    peak: () => peak,
  };
};

const expectSteadyProgress = (events: ProgressEvent[], phase: ProgressEvent["phase"]) => {
  const ofPhase = events.filter((e) => e.phase === phase);
  expect(ofPhase.length).toBeGreaterThan(100);
  for (let i = 1; i < ofPhase.length; i++) {
    expect(ofPhase[i]?.pointsDone).toBeGreaterThanOrEqual(ofPhase[i - 1]?.pointsDone ?? 0);
    expect(ofPhase[i]?.fraction).toBeGreaterThanOrEqual(ofPhase[i - 1]?.fraction ?? 0);
  }
  expect(ofPhase.at(-1)?.fraction).toBe(1);
};

describe("ten million points", () => {
  let source: ExperimentBackend;
  beforeAll(async () => {
    source = await bigSource();
  });

  it("export to JSON streams, with progress, in bounded heap", async () => {
    const path = join(dir, "big.json");
    const w = watch();
    const result = await exportExperiment({ backend: source, experiment: "big" }, path, { onProgress: w.onProgress });
    expect(result.points).toBe(POINTS);
    expect(result.bytes).toBe(statSync(path).size);
    expect(result.bytes).toBeGreaterThan(200_000_000);
    expectSteadyProgress(w.events, "export");
    expect(w.events.at(-1)?.pointsDone).toBe(POINTS);
    expect(w.peak()).toBeLessThan(HEAP_BUDGET);
  });

  it("import from that JSON streams too: validated, then written in batches of Float64Arrays", async () => {
    const path = join(dir, "big.json");
    let points = 0;
    let last = 0;
    const batchSizes: number[] = [];
    const inner = createMemoryBackend();
    // a target that counts what it is given instead of keeping 240 MB
    const counting: ExperimentBackend = {
      ...inner,
      logBatch: (runId, batch) => {
        for (const m of batch.metrics) {
          expect(m.values).toBeInstanceOf(Float64Array);
          points += m.values.length;
          batchSizes.push(m.values.length);
          last = m.values[m.values.length - 1] as number;
        }
        return inner.logBatch(runId, { ...batch, metrics: [] });
      },
    };
    const w = watch();
    const result = await importExperiment(path, { into: counting, onProgress: w.onProgress });
    expect(result.points).toBe(POINTS);
    expect(points).toBe(POINTS);
    expect(Number.isNaN(last)).toBe(true);
    expect(Math.max(...batchSizes)).toBeLessThanOrEqual(1_000_000);
    expectSteadyProgress(w.events, "validate");
    expect(w.events.filter((e) => e.phase === "import").at(-1)?.pointsDone).toBe(POINTS);
    expect(w.peak()).toBeLessThan(HEAP_BUDGET);
  });

  it("export to HDF5 streams in slices, with progress, in bounded heap", async () => {
    const path = join(dir, "big.h5");
    const w = watch();
    const result = await exportExperiment({ backend: source, experiment: "big" }, path, { onProgress: w.onProgress, compressionLevel: 1 });
    expect(result.points).toBe(POINTS);
    expect(w.events.filter((e) => e.phase === "export").length).toBeGreaterThanOrEqual(10);
    expect(w.events.at(-1)).toMatchObject({ pointsDone: POINTS, fraction: 1 });
    expect(w.peak()).toBeLessThan(HEAP_BUDGET);
  });
});
