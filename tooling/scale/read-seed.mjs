// Seeds the experiment `pnpm bench:scale:read` reads: `runs` runs of `params`
// params and `metrics` metrics each, in mixed units — lengths in m, cm and
// 1/GeV, energies in J, erg and eV — plus, for `historyRuns` of them, a loss
// history of `historySteps` steps. domain_length (m or cm) and loss (J, erg or
// eV) are what the benchmark's filter compares; domain_length is never in
// 1/GeV, which only the natural context relates to 50 cm (the filter would
// rightly be an error without --context natural).
//
// Seeding time is not what the benchmark measures, so it takes the fast road,
// without inventing anything MLflow or dimexp would not write: six *template*
// runs are logged through DimExperiment on the MLflow server (the user's path:
// every tag, the unit codec's included, is the one dimexp writes), then cloned
// in PostgreSQL with fresh run ids and values (INSERT … SELECT of the
// templates' rows, COPY of generated params and metrics). The values come from
// a seeded generator, so the seed also knows which runs each measured command
// must return.

import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createWriteStream, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { once } from "node:events";
import { DimExperiment, q } from "../../packages/core/dist/index.js";
import { createMlflowBackend } from "../../packages/backend-mlflow/dist/index.js";
import { postgresBinDir } from "./deployment.js";

export const LENGTHS = [
  { unit: "m", perMetre: 1 },
  { unit: "cm", perMetre: 100 },
  // ħc = 0.1973269804 GeV·fm: one metre is 5.0677e15 GeV⁻¹ (a length only through the natural context)
  { unit: "1/GeV", perMetre: 1 / 0.1973269804e-15 },
];
export const ENERGIES = [
  { unit: "J", perJoule: 1 },
  { unit: "erg", perJoule: 1e7 },
  { unit: "eV", perJoule: 1 / 1.602176634e-19 },
];
/** Template t logs domain_length in DOMAIN[t / 3 | 0] and its other quantities rotated by t. */
const DOMAIN = [LENGTHS[0], LENGTHS[1]];
const TEMPLATES = 6;

/** mulberry32: a small seeded generator, so every seed of a size is the same data. */
const generator = (seed) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

/** The names and units of one template's params and metrics (domain_length and loss first). */
export const layout = (template, params, metrics) => {
  const p = [{ key: "domain_length", kind: "length", unit: DOMAIN[Math.floor(template / 3)] }];
  for (let k = 1; k < params; k++) {
    const length = k % 2 === 1;
    const n = String(Math.ceil(k / 2)).padStart(2, "0");
    p.push(length ? { key: `p_len_${n}`, kind: "length", unit: LENGTHS[(template + k) % 3] } : { key: `p_en_${n}`, kind: "energy", unit: ENERGIES[(template + k) % 3] });
  }
  const m = [{ key: "loss", kind: "energy", unit: ENERGIES[template % 3] }];
  for (let k = 1; k < metrics; k++) {
    const energy = k % 2 === 1;
    const n = String(Math.ceil(k / 2)).padStart(2, "0");
    m.push(energy ? { key: `m_en_${n}`, kind: "energy", unit: ENERGIES[(template + k) % 3] } : { key: `m_len_${n}`, kind: "length", unit: LENGTHS[(template + k) % 3] });
  }
  return { params: p, metrics: m };
};

const inUnit = (field, si) => si * (field.kind === "length" ? field.unit.perMetre : field.unit.perJoule);

const csv = (file) => {
  const stream = createWriteStream(file);
  let buffered = [];
  return {
    async row(...cells) {
      buffered.push(cells.join(","));
      if (buffered.length >= 5000) {
        if (!stream.write(`${buffered.join("\n")}\n`)) await once(stream, "drain");
        buffered = [];
      }
    },
    async close() {
      if (buffered.length > 0) stream.write(`${buffered.join("\n")}\n`);
      stream.end();
      await once(stream, "finish");
    },
  };
};

/**
 * Generates the seeded runs (the same ones for the same sizes and seed), feeding
 * each row to `sink` when given; returns how many runs match the runs-ls filter
 * of the benchmark and the names of the runs with a loss history.
 */
export const generateRuns = async ({ runs, params, metrics, historyRuns, historySteps, seed = 15 }, templateIds, sink) => {
  const random = generator(seed);
  const shapes = Array.from({ length: TEMPLATES }, (_, t) => layout(t, params, metrics));
  const t0 = Date.UTC(2025, 0, 1);
  const every = historyRuns > 0 ? Math.max(1, Math.floor(runs / historyRuns)) : Number.POSITIVE_INFINITY;
  let matching = 0;
  const history = [];
  for (let i = 0; i < runs; i++) {
    const shape = shapes[i % TEMPLATES];
    const id = sink ? randomBytes(16).toString("hex") : "";
    const name = `run-${String(i).padStart(5, "0")}`;
    const withHistory = i % every === 0 && history.length < historyRuns;
    if (withHistory) history.push(name);
    const start = t0 + i * 1000;
    await sink?.run(id, templateIds[i % TEMPLATES], name, start, withHistory);
    // domain_length: 0.1 – 1 m; loss: 10^(2.5 r − 0.05) J, so about 2 % of runs have loss < 1 J
    const domainMetres = 0.1 + 0.9 * random();
    const lossJoules = 10 ** (2.5 * random() - 0.05);
    if (domainMetres >= 0.5 && lossJoules < 1) matching++;
    for (const f of shape.params) {
      const si = f.key === "domain_length" ? domainMetres : (1 + 99 * random()) * (f.kind === "length" ? 1e-2 : 1e-19);
      await sink?.param(f.key, String(inUnit(f, si)), id);
    }
    for (const f of shape.metrics) {
      const si = f.key === "loss" ? lossJoules : (1 + 99 * random()) * (f.kind === "length" ? 1e-3 : 1e-18);
      const value = inUnit(f, si);
      if (f.key === "loss" && withHistory) {
        // a decaying loss that ends at the run's latest value
        for (let step = 0; step < historySteps; step++) await sink?.point("loss", value * Math.sqrt(historySteps / (step + 1)), start + step, step, id);
        await sink?.latest("loss", value, start + historySteps - 1, historySteps - 1, id);
      } else {
        await sink?.point(f.key, value, start, 0, id);
        await sink?.latest(f.key, value, start, 0, id);
      }
    }
  }
  return { matching, history };
};

/**
 * Seeds `experiment` on the lab (see the top of this file). Returns what the
 * measurements need: the experiment's id, how many runs match the runs-ls
 * filter, and which runs carry a loss history (tag sweep = "history").
 */
export const seedReadExperiment = async (lab, { experiment, log = () => undefined, ...sizes }) => {
  const began = performance.now();
  const elapsed = () => `${((performance.now() - began) / 1000).toFixed(1)} s`;
  const opened = createMlflowBackend({ trackingUri: lab.url });
  if (opened._tag === "Left") throw new Error(opened.left.message);
  // the templates live in an experiment of their own: the seeded one holds exactly `runs` runs
  const templatesExp = await DimExperiment.open(`${experiment}-templates`, { backend: opened.right, onWarning: () => undefined });
  const templateIds = [];
  for (let t = 0; t < TEMPLATES; t++) {
    const shape = layout(t, sizes.params, sizes.metrics);
    const run = await templatesExp.startRun(`template-${t}`);
    for (const f of shape.params) run.logParam(f.key, q(1, f.unit.unit));
    for (const f of shape.metrics) run.logMetric(f.key, q(1, f.unit.unit), { step: 0 });
    await run.end("FINISHED");
    templateIds.push(run.id);
  }
  await templatesExp.close();
  log(`  ${TEMPLATES} template runs logged through DimExperiment (${elapsed()})`);
  const targetBackend = createMlflowBackend({ trackingUri: lab.url });
  const target = await DimExperiment.open(experiment, { backend: targetBackend.right, onWarning: () => undefined });
  const expId = Number(target.id);
  await target.close();

  const dir = mkdtempSync(path.join(tmpdir(), "dimexp-read-seed-"));
  try {
    const map = csv(path.join(dir, "map.csv"));
    const paramRows = csv(path.join(dir, "params.csv"));
    const latestRows = csv(path.join(dir, "latest.csv"));
    const metricRows = csv(path.join(dir, "metrics.csv"));
    const summary = await generateRuns(sizes, templateIds, {
      run: (id, template, name, start, history) => map.row(id, template, name, start, history ? "t" : "f"),
      param: (key, value, id) => paramRows.row(key, value, id),
      point: (key, value, timestamp, step, id) => metricRows.row(key, String(value), timestamp, id, step, "f"),
      latest: (key, value, timestamp, step, id) => latestRows.row(key, String(value), timestamp, step, "f", id),
    });
    await Promise.all([map.close(), paramRows.close(), latestRows.close(), metricRows.close()]);
    log(`  values generated (${elapsed()})`);
    const script = `
CREATE TEMP TABLE seed_map (run_uuid varchar(32), template varchar(32), name text, start_time bigint, history boolean);
\\copy seed_map FROM '${dir}/map.csv' WITH (FORMAT csv)
INSERT INTO runs (run_uuid, name, source_type, source_name, entry_point_name, user_id, status, start_time, end_time, source_version, lifecycle_stage, artifact_uri, experiment_id, deleted_time)
  SELECT m.run_uuid, m.name, r.source_type, r.source_name, r.entry_point_name, r.user_id, 'FINISHED', m.start_time, m.start_time + 500,
         r.source_version, 'active', replace(r.artifact_uri, r.experiment_id || '/' || r.run_uuid, '${expId}/' || m.run_uuid), ${expId}, NULL
  FROM seed_map m JOIN runs r ON r.run_uuid = m.template;
INSERT INTO tags (key, value, run_uuid)
  SELECT t.key, CASE WHEN t.key = 'mlflow.runName' THEN m.name WHEN t.key = 'dimexp.mlflow.create' THEN m.run_uuid ELSE t.value END, m.run_uuid
  FROM seed_map m JOIN tags t ON t.run_uuid = m.template;
INSERT INTO tags (key, value, run_uuid) SELECT 'sweep', 'history', run_uuid FROM seed_map WHERE history;
\\copy params (key, value, run_uuid) FROM '${dir}/params.csv' WITH (FORMAT csv)
\\copy latest_metrics (key, value, timestamp, step, is_nan, run_uuid) FROM '${dir}/latest.csv' WITH (FORMAT csv)
\\copy metrics (key, value, timestamp, run_uuid, step, is_nan) FROM '${dir}/metrics.csv' WITH (FORMAT csv)
`;
    const scriptFile = path.join(dir, "seed.sql");
    writeFileSync(scriptFile, script);
    const psql = path.join(postgresBinDir(), "psql");
    execFileSync(psql, [lab.backendStoreUri, "-v", "ON_ERROR_STOP=1", "-1", "-q", "-f", scriptFile], { stdio: ["ignore", "ignore", "pipe"] });
    log(`  ${sizes.runs} runs cloned in PostgreSQL (${elapsed()})`);
    // what autovacuum does on a lab's server sooner or later: the planner's statistics for the new rows
    execFileSync(psql, [lab.backendStoreUri, "-q", "-c", "ANALYZE"], { stdio: ["ignore", "ignore", "pipe"] });
    return { experiment, experimentId: String(expId), ...summary };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};
