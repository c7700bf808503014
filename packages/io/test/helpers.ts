// Shared fixtures: an experiment that exercises everything a file must carry.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DimArray, DimExperiment, type ExperimentBackend, type LogBatch, createMemoryBackend, q } from "@dimexp/core";
import { afterAll } from "vitest";

export const SPECIALS = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, 0, 5e-324, 1.7976931348623157e308, 0.1 + 0.2, -1e-300, 123456789.12345679];

/** A scratch folder removed after the test file. */
export const scratch = (): string => {
  const dir = mkdtempSync(join(tmpdir(), "dimexp-io-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
};

const must = async <A>(task: () => Promise<{ _tag: "Left"; left: { message: string } } | { _tag: "Right"; right: A }>): Promise<A> => {
  const r = await task();
  if (r._tag === "Left") throw new Error(r.left.message);
  return r.right;
};

const batch = (id: string, parts: Partial<LogBatch>): LogBatch => ({ id, params: [], tags: [], metrics: [], arrays: [], ...parts });

/**
 * "heat-equation": runs logged through DimExperiment in SI and CGS (params
 * with units, numbers, strings, booleans; metric histories; an array), plus
 * runs written straight to the backend: every special double in values,
 * steps and timestamps, names with "/" and "%", a run still RUNNING, and a
 * run as Python dimtensor writes it (only unit.<name> tags).
 */
export const richExperiment = async (backend: ExperimentBackend = createMemoryBackend()): Promise<DimExperiment> => {
  const exp = await DimExperiment.open("heat-equation", { backend, tags: { owner: "lab-7", "note/extra": "ünïcødé ✓" }, onWarning: () => undefined });
  await exp.withRun("run-si", { tags: { solver: "fd" } }, async (run) => {
    run.logParam("domain_length", q(1, "m"));
    run.logParam("learning_rate", q(0.001, "1/s"));
    run.logParam("epochs", 100);
    run.logParam("solver_name", "crank-nicolson");
    run.logParam("adaptive", true);
    for (let step = 0; step < 50; step++) run.logMetric("loss", q(1 / (step + 1), "J"), { step, timestamp: 1_700_000_000_000 + step * 10.5 });
    for (let step = 0; step < 5; step++) run.logMetric("accuracy", step / 10, { step });
    const field = DimArray.of([[300, 310.5, -0], [Number.NaN, Number.POSITIVE_INFINITY, 1e-9]], "K");
    if (field._tag === "Right") run.logArray("temperature", field.right, { step: 3 });
    const force = DimArray.of([1, 2, 3], "N");
    if (force._tag === "Right") {
      run.logArray("force", force.right, { step: 0 });
      run.logArray("force", force.right, { step: 1 });
    }
  });
  await exp.withRun("run-cgs", async (run) => {
    run.logParam("domain_length", q(100, "cm"));
    run.logParam("charge", q(4.8e-10, "statC"));
    for (let step = 0; step < 20; step++) run.logMetric("loss", q(1e7 / (step + 2), "erg"), { step });
  });
  const raw = await must(backend.createRun(exp.id, { name: "run-specials", startTime: 1_700_000_000_123.25, tags: { "dimexp.schema": "1", kind: "edge cases" } }));
  await must(
    backend.logBatch(
      raw.id,
      batch("specials-1", {
        params: [{ key: "path/with:colon", value: "a/b" }],
        tags: [{ key: "dimexp.metric.train/loss", value: '{"unit":"J/kg","dimension":["2","0","-2","0","0","0","0"]}' }],
        metrics: [
          {
            key: "train/loss",
            values: Float64Array.from(SPECIALS),
            steps: Float64Array.from(SPECIALS.map((_, i) => (i % 2 === 0 ? i : i + 0.5))),
            timestamps: Float64Array.from(SPECIALS.map((_, i) => 1_700_000_000_000 + i * 0.25)),
          },
          // timestamps are times (finite, within Date's range: imports refuse others); -0 is one
          { key: ".hidden", values: Float64Array.of(-0, Number.NaN), steps: Float64Array.of(-0, Number.NaN), timestamps: Float64Array.of(1_700_000_000_001.5, -0) },
        ],
      }),
    ),
  );
  await must(backend.updateRun(raw.id, { status: "KILLED", endTime: 1_700_000_009_999 }));
  const running = await must(backend.createRun(exp.id, { name: "run-still-running", startTime: 1_700_000_000_500, tags: {} }));
  await must(backend.logBatch(running.id, batch("running-1", { metrics: [{ key: "loss", values: Float64Array.of(3), steps: Float64Array.of(0), timestamps: Float64Array.of(1_700_000_000_600) }] })));
  const python = await must(
    backend.createRun(exp.id, { name: "from-python", startTime: 1_700_000_001_000, tags: { "unit.lr": "1/s", "unit.loss": "J", "unit.pressure": "hPa", "mlflow.runName": "from-python" } }),
  );
  await must(
    backend.logBatch(
      python.id,
      batch("python-1", {
        params: [
          { key: "lr", value: "0.001" },
          { key: "pressure", value: "1013.25" },
        ],
        metrics: [{ key: "loss", values: Float64Array.of(0.5, 0.25), steps: Float64Array.of(0, 1), timestamps: Float64Array.of(1_700_000_001_100, 1_700_000_001_200) }],
      }),
    ),
  );
  await must(backend.updateRun(python.id, { status: "FINISHED", endTime: 1_700_000_002_000 }));
  return exp;
};

/** Whether two doubles are the same bits (NaN equals NaN, -0 is not 0). */
export const sameBits = (a: ArrayLike<number>, b: ArrayLike<number>): boolean => {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
};
