// (b) Filter: 10,000 runs — half logged in SI (force in N, length in m), half in
// CGS (dyn, cm), with unit tags written by core's codec — searched with the
// unit-aware query `metrics.force > 10 N`. Core turns it into a RawFilter with
// one conjunction per unit group (N and dyn; each group also by its dimtensor
// `unit.force` spelling); searchRuns evaluates it in one SQL query and returns
// whole RunRecords. Baseline, same run, same file: the same predicate as a
// plain SQL query written by hand (joins, two unit groups), returning the
// matching runs' rows. Interleaved rounds, medians, ratios.

import path from "node:path";
import Database from "better-sqlite3";
import { createLocalBackend } from "../dist/index.js";
import { fmtRatio, goal, header, info, interleaveAsync, median, now, ratioOf, scratchDir } from "./harness.mjs";

const RUNS = Number(process.env.DIMEXP_BENCH_RUNS ?? 10_000);
const ROUNDS = Number(process.env.DIMEXP_BENCH_ROUNDS ?? 15);
const dir = scratchDir("filter");
const file = path.join(dir, "filter.db");

header(`filter: ${RUNS} runs, query "metrics.force > 10 N" over runs logged in N and in dyn, ${ROUNDS} rounds`);

// The unit codec of the built @dimexp/core when it is there; else the same tags written out.
let core;
let units;
try {
  core = await import("@dimexp/core");
  units = await import("@dimexp/units");
} catch {
  core = undefined;
}
const DIM_FORCE = ["1", "1", "-2", "0", "0", "0", "0"];
const DIM_LENGTH = ["0", "1", "0", "0", "0", "0", "0"];
const codec = core
  ? {
      param: (name, value, unit) => core.encodeParam(name, unit ? units.q(value, unit) : value),
      metricUnit: (name, unit) => core.encodeMetricUnit(name, units.q(1, unit).unit),
    }
  : {
      // as documented in @dimexp/core unit-codec.ts
      param: (name, value, unit) => ({
        value: String(value),
        tags: unit
          ? [
              { key: `unit.${name}`, value: unit },
              { key: `dimexp.param.${name}`, value: JSON.stringify({ type: "quantity", unit, dimension: DIM_LENGTH }) },
            ]
          : [
              { key: `unit.${name}`, value: "dimensionless" },
              { key: `dimexp.param.${name}`, value: JSON.stringify({ type: typeof value }) },
            ],
      }),
      metricUnit: (name, unit) => [
        { key: `unit.${name}`, value: unit },
        { key: `dimexp.metric.${name}`, value: JSON.stringify({ unit, dimension: unit === "J" ? ["1", "2", "-2", "0", "0", "0", "0"] : DIM_FORCE }) },
      ],
    };
console.log(`unit tags written by ${core ? "@dimexp/core's codec (encodeParam, encodeMetricUnit)" : "the documented codec format (built @dimexp/core not found)"}`);

const must = async (task) => {
  const result = await task();
  if (result._tag === "Left") throw new Error(result.left.message);
  return result.right;
};

const opened = createLocalBackend({ path: file });
if (opened._tag === "Left") throw new Error(opened.left.message);
const backend = opened.right;
const experiment = await must(backend.getOrCreateExperiment("filter-bench"));
const other = await must(backend.getOrCreateExperiment("other"));

// Deterministic data: force uniform in [0, 13.33) N, so about a quarter of runs match.
let seed = 42;
const random = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
  return seed / 2 ** 31;
};
const setupStart = now();
let expected = 0;
for (let i = 0; i < RUNS; i++) {
  const si = i % 2 === 0;
  const forceNewton = random() * 13.33;
  if (forceNewton > 10) expected++;
  const lengthMetre = 0.1 + random() * 1.9;
  const run = await must(
    backend.createRun(experiment.id, { name: `run-${i}`, startTime: 1_700_000_000_000 + i * 1000, tags: { solver: ["fd", "fem", "spectral"][i % 3] } }),
  );
  const length = codec.param("length", si ? lengthMetre : lengthMetre * 100, si ? "m" : "cm");
  const lr = codec.param("lr", 10 ** -(1 + (i % 4)));
  const solver = codec.param("solver_name", "crank-nicolson");
  await must(
    backend.logBatch(run.id, {
      id: `setup-${i}`,
      params: [
        { key: "length", value: length.value },
        { key: "lr", value: lr.value },
        { key: "solver_name", value: solver.value },
      ],
      tags: [...length.tags, ...lr.tags, ...solver.tags, ...codec.metricUnit("force", si ? "N" : "dyn"), ...codec.metricUnit("loss", si ? "J" : "erg")],
      metrics: [
        { key: "force", values: Float64Array.of(si ? forceNewton : forceNewton * 1e5), steps: Float64Array.of(0), timestamps: Float64Array.of(1) },
        { key: "loss", values: Float64Array.of(1 / (i + 1)), steps: Float64Array.of(0), timestamps: Float64Array.of(1) },
      ],
      arrays: [],
    }),
  );
  if (i % 1000 === 0) await must(backend.createRun(other.id, { name: `noise-${i}`, startTime: 0, tags: {} }));
}
console.log(`setup: ${RUNS} runs created through createRun + logBatch in ${((now() - setupStart) / 1000).toFixed(1)} s; ${expected} match`);

// The RawFilter core plans for the query (or the same, by hand, without core).
const N_TAG = core ? core.encodeMetricUnit("force", units.q(1, "N").unit).find((t) => t.key.startsWith("dimexp.")).value : codec.metricUnit("force", "N")[1].value;
const DYN_TAG = core ? core.encodeMetricUnit("force", units.q(1, "dyn").unit).find((t) => t.key.startsWith("dimexp.")).value : codec.metricUnit("force", "dyn")[1].value;
let filter;
if (core?.planPushdown) {
  const query = core.parseQuery("metrics.force > 10 N").right;
  const distinct = await must(backend.distinctTagValues(experiment.id, core.unitTagKeys(query)));
  filter = core.planPushdown(query, core.unitGroupsFromTags(distinct), backend.capabilities);
  console.log(`RawFilter from core's planPushdown: ${filter.length} conjunctions (unit groups N and dyn, each by its dimexp.* and dimtensor tag)`);
} else {
  filter = [
    [
      { source: "tags", key: "dimexp.metric.force", op: "=", value: N_TAG },
      { source: "metrics", key: "force", op: ">", value: 10 },
    ],
    [
      { source: "tags", key: "dimexp.metric.force", op: "=", value: DYN_TAG },
      { source: "metrics", key: "force", op: ">", value: 1e6 },
    ],
  ];
  console.log("RawFilter written as core plans it: 2 conjunctions (unit groups N and dyn)");
}

const raw = new Database(file, { readonly: true });
const handWritten = raw.prepare(`
  SELECT r.id, r.name, r.status, r.start_time, r.end_time
  FROM runs r
  JOIN latest_metrics m ON m.rid = r.rid AND m.key = 'force'
  JOIN tags t ON t.rid = r.rid AND t.key = 'dimexp.metric.force'
  WHERE r.experiment_id = ? AND ((t.value = ? AND m.value > 10) OR (t.value = ? AND m.value > 1e6))
  ORDER BY r.start_time DESC`);

const counts = {};
const timed = (name, body) => ({
  name,
  run: async () => {
    const t0 = now();
    const n = await body();
    const ms = now() - t0;
    counts[name] = n;
    return ms;
  },
});
const variants = [
  timed("searchRuns", async () => (await must(backend.searchRuns(experiment.id, { filter }))).length),
  timed("hand-written SQL", async () => handWritten.all(Number(experiment.id), N_TAG, DYN_TAG).length),
  // by name: the filter runs over every run (no early stop on the start-time index), one record is loaded
  timed("searchRuns, by name, limit 1", async () =>
    (await must(backend.searchRuns(experiment.id, { filter, limit: 1, orderBy: { key: "name", descending: false } }))).length,
  ),
  timed("searchRuns, no filter", async () => (await must(backend.searchRuns(experiment.id))).length),
];
if (core?.findRuns) {
  variants.push(timed("findRuns (core, end to end)", async () => (await must(core.findRuns(backend, experiment.id, { filter: "metrics.force > 10 N" }))).length));
}
const results = await interleaveAsync(variants, ROUNDS);
for (const v of variants) {
  const r = results.get(v.name);
  console.log(`  ${v.name.padEnd(30)} median ${r.median.toFixed(1).padStart(6)} ms  (rounds ${Math.min(...r.times).toFixed(1)}–${Math.max(...r.times).toFixed(1)})  ${counts[v.name]} runs`);
}
if (counts.searchRuns !== expected || counts["hand-written SQL"] !== expected) {
  throw new Error(`wrong results: searchRuns ${counts.searchRuns}, hand-written ${counts["hand-written SQL"]}, expected ${expected}`);
}
const searchMs = results.get("searchRuns").median;
const overBaseline = ratioOf(results.get("searchRuns").times, results.get("hand-written SQL").times);
console.log(`  ratio   searchRuns (whole records) / hand-written SQL (run rows only)  ${fmtRatio(overBaseline)}`);
info(
  "the filter alone (searchRuns by name, limit 1) / hand-written SQL",
  fmtRatio(ratioOf(results.get("searchRuns, by name, limit 1").times, results.get("hand-written SQL").times)),
);
const distinctTimes = [];
for (let i = 0; i < ROUNDS; i++) {
  const t0 = now();
  await must(backend.distinctTagValues(experiment.id, ["dimexp.metric.force", "unit.force"]));
  distinctTimes.push(now() - t0);
}
info("distinctTagValues (the unit groups, 2 keys)", `${median(distinctTimes).toFixed(2)} ms median`);
goal(`searchRuns over ${RUNS} runs with a pushed-down unit-aware filter`, searchMs, 100, " ms", false);
raw.close();
await must(backend.close());
