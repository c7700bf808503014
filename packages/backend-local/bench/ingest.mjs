// (a) Ingest: 5,000,000 metric points (10 keys × 500,000 steps) through
// logBatch in batches of 50,000 points (10 keys × 5,000), each batch awaited —
// durable (WAL, synchronous=FULL) when it resolves. Baseline, same run, same
// disk, same pragmas: a plain better-sqlite3 row-per-point INSERT loop
// (prepared statement, one transaction per 50,000 rows) into
// (run_id, key, step, value, timestamp), no index.
//
// The data is what a training loop logs: every step (steps are a progression,
// which the columnar store keeps as start + stride), values of a noisy decay,
// wall-clock timestamps with jitter (stored as data). A third variant logs
// shuffled steps, so every column is stored as data.

import { rmSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { DimExperiment, Quantity, q } from "@dimexp/core";
import { createLocalBackend } from "../dist/index.js";
import { fmtRate, fmtRatio, goal, header, info, interleaveAsync, now, ratioOf, scratchDir } from "./harness.mjs";

const KEYS = 10;
const STEPS = Number(process.env.DIMEXP_BENCH_STEPS ?? 500_000);
const STEPS_PER_BATCH = 5_000;
const ROUNDS = Number(process.env.DIMEXP_BENCH_ROUNDS ?? 3);
const POINTS = KEYS * STEPS;

const dir = scratchDir("ingest");

header(`ingest: ${(POINTS / 1e6).toFixed(1)} M points (${KEYS} keys × ${STEPS} steps), batches of ${KEYS * STEPS_PER_BATCH} points, ${ROUNDS} rounds`);

// Generated once, untimed.
const keys = Array.from({ length: KEYS }, (_, k) => `metric_${k}`);
const values = keys.map((_, k) => Float64Array.from({ length: STEPS }, (_, i) => Math.exp(-i / 1e5) * (1 + k) + Math.sin(i * 0.37 + k) * 1e-3));
const steps = Float64Array.from({ length: STEPS }, (_, i) => i);
const shuffledSteps = Float64Array.from(steps);
for (let i = STEPS - 1; i > 0; i--) {
  const j = Math.floor(Math.random() * (i + 1));
  [shuffledSteps[i], shuffledSteps[j]] = [shuffledSteps[j], shuffledSteps[i]];
}
const timestamps = new Float64Array(STEPS);
timestamps[0] = 1_700_000_000_000;
for (let i = 1; i < STEPS; i++) timestamps[i] = timestamps[i - 1] + 2 + Math.random();

const must = async (task) => {
  const result = await task();
  if (result._tag === "Left") throw new Error(result.left.message);
  return result.right;
};

const fresh = (name, round) => {
  const file = path.join(dir, `${name}-${round}.db`);
  for (const suffix of ["", "-wal", "-shm"]) rmSync(file + suffix, { force: true });
  return file;
};
const cleanup = (file) => {
  for (const suffix of ["", "-wal", "-shm"]) rmSync(file + suffix, { force: true });
};

const viaLogBatch = (name, stepColumn) => async (round) => {
  const file = fresh(name, round);
  const backend = (() => {
    const opened = createLocalBackend({ path: file });
    if (opened._tag === "Left") throw new Error(opened.left.message);
    return opened.right;
  })();
  const experiment = await must(backend.getOrCreateExperiment("ingest"));
  const run = await must(backend.createRun(experiment.id, { name: "r", startTime: Date.now(), tags: {} }));
  const t0 = now();
  for (let start = 0, b = 0; start < STEPS; start += STEPS_PER_BATCH, b++) {
    const end = Math.min(STEPS, start + STEPS_PER_BATCH);
    await must(
      backend.logBatch(run.id, {
        id: `batch-${b}`,
        params: [],
        tags: [],
        metrics: keys.map((key, k) => ({
          key,
          steps: stepColumn.subarray(start, end),
          values: values[k].subarray(start, end),
          timestamps: timestamps.subarray(start, end),
        })),
        arrays: [],
      }),
    );
  }
  const ms = now() - t0;
  // check, untimed: every point is there
  const h = await must(backend.getMetricHistory(run.id, keys[KEYS - 1]));
  if (h.values.length !== STEPS || h.values[STEPS - 1] !== values[KEYS - 1][STEPS - 1]) throw new Error(`${name}: history incomplete`);
  await must(backend.close());
  cleanup(file);
  return ms;
};

// The user's path end to end: logMetric per point (a Quantity, converted and
// buffered by core), batches written as the buffer fills, durable once flush()
// returns.
const viaDimExperiment = async (round) => {
  const file = fresh("dimexperiment", round);
  const opened = createLocalBackend({ path: file });
  if (opened._tag === "Left") throw new Error(opened.left.message);
  const exp = await DimExperiment.open("ingest", { backend: opened.right, onWarning: () => {} });
  const run = await exp.startRun("r");
  const J = q(1, "J").unit;
  const t0 = now();
  for (let k = 0; k < KEYS; k++) {
    const key = keys[k];
    const v = values[k];
    for (let i = 0; i < STEPS; i++) run.logMetric(key, new Quantity(v[i], J), { step: steps[i], timestamp: timestamps[i] });
  }
  await run.flush();
  const ms = now() - t0;
  await run.end();
  const h = await exp.metricHistory("r", keys[KEYS - 1]);
  if (h.values.length !== STEPS) throw new Error("DimExperiment: history incomplete");
  await exp.close();
  cleanup(file);
  return ms;
};

const baseline = async (round) => {
  const file = fresh("baseline", round);
  const db = new Database(file);
  db.pragma("page_size = 8192");
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = FULL");
  db.pragma("cache_size = -32000");
  db.exec("CREATE TABLE metrics (run_id TEXT NOT NULL, key TEXT NOT NULL, step REAL, value REAL, timestamp REAL)");
  const runId = "0123456789abcdef0123456789abcdef";
  const insert = db.prepare("INSERT INTO metrics (run_id, key, step, value, timestamp) VALUES (?, ?, ?, ?, ?)");
  const begin = db.prepare("BEGIN IMMEDIATE");
  const commit = db.prepare("COMMIT");
  const t0 = now();
  for (let start = 0; start < STEPS; start += STEPS_PER_BATCH) {
    const end = Math.min(STEPS, start + STEPS_PER_BATCH);
    begin.run();
    for (let k = 0; k < KEYS; k++) {
      const key = keys[k];
      const v = values[k];
      for (let i = start; i < end; i++) insert.run(runId, key, steps[i], v[i], timestamps[i]);
    }
    commit.run();
    await Promise.resolve(); // as the async logBatch does: let the event loop breathe between batches
  }
  const ms = now() - t0;
  const count = db.prepare("SELECT count(*) FROM metrics").pluck().get();
  db.close();
  cleanup(file);
  if (count !== POINTS) throw new Error(`baseline wrote ${count} rows`);
  return ms;
};

const results = await interleaveAsync(
  [
    { name: "logBatch", run: viaLogBatch("columnar", steps) },
    { name: "baseline", run: baseline },
    { name: "DimExperiment.logMetric", run: viaDimExperiment },
    { name: "logBatch, shuffled steps", run: viaLogBatch("columnar-shuffled", shuffledSteps) },
  ],
  ROUNDS,
  (name, round, ms) => console.log(`  round ${round + 1}  ${name.padEnd(26)} ${ms.toFixed(0).padStart(6)} ms  ${fmtRate(POINTS / (ms / 1000))}`),
);

const rate = (name) => POINTS / (results.get(name).median / 1000);
console.log(`  median  logBatch                   ${fmtRate(rate("logBatch"))}`);
console.log(`  median  row-per-point baseline     ${fmtRate(rate("baseline"))}`);
console.log(`  median  logBatch, shuffled steps   ${fmtRate(rate("logBatch, shuffled steps"))}`);
const speedup = ratioOf(results.get("baseline").times, results.get("logBatch").times);
const shuffledSpeedup = ratioOf(results.get("baseline").times, results.get("logBatch, shuffled steps").times);
console.log(`  ratio   logBatch vs baseline       ${fmtRatio(speedup)}`);
console.log(`  ratio   shuffled vs baseline       ${fmtRatio(shuffledSpeedup)}`);
goal("ingest rate through logBatch (durable batches of 50,000 points)", rate("logBatch") / 1e6, 2, " M points/s");
goal("logBatch vs row-per-point baseline", speedup.median, 1.5);
const endToEnd = ratioOf(results.get("baseline").times, results.get("DimExperiment.logMetric").times);
console.log(`  median  DimExperiment.logMetric    ${fmtRate(rate("DimExperiment.logMetric"))}`);
console.log(`  ratio   logMetric+flush vs baseline ${fmtRatio(endToEnd)}`);
goal("ingest through DimExperiment.logMetric + flush()", rate("DimExperiment.logMetric") / 1e6, 2, " M points/s");
goal("DimExperiment.logMetric + flush() vs row-per-point baseline", endToEnd.median, 1.5);
info("logBatch with every column stored as data vs baseline", fmtRatio(shuffledSpeedup));
