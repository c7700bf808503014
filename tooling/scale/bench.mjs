// `pnpm bench:scale`: many writers against a lab deployment (MLflow with 4
// workers on PostgreSQL), dimexp against the official Python client measured
// side by side in one run, then dimexp again while the deployment fails under
// it (a worker killed, the whole MLflow server restarted, PostgreSQL
// restarted). After each phase every point is counted on the server: none
// lost, none duplicated. Ratios and goals are printed; a miss exits non-zero
// only under BENCH_STRICT=1.
//
// SCALE_WRITERS (32), SCALE_RUNS (20), SCALE_STEPS (2000): the issue's load is
// the default; 5 metrics per run, units J / erg / eV by writer. The same load
// then goes into the embedded store, one SQLite file shared by every writer
// process (bench-local.mjs; SCALE_LOCAL=0 skips it).

import { spawn } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { LOCAL_TABLE_HEADER, localPhase, reportLocal } from "./bench-local.mjs";
import { REPO_ROOT, startDeployment } from "./deployment.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const WRITERS = Number(process.env.SCALE_WRITERS ?? 32);
const RUNS = Number(process.env.SCALE_RUNS ?? 20);
const STEPS = Number(process.env.SCALE_STEPS ?? 2000);
const METRICS = 5;
const STRICT = process.env.BENCH_STRICT === "1";
const PYTHON = path.join(REPO_ROOT, "tooling/python/.venv/bin/python");
const GOAL_RATIO = 1.5;

const percentile = (values, p) => {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};

const runWriter = (command, args) =>
  new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    child.on("exit", (code) => {
      const line = out.trim().split("\n").pop() ?? "";
      try {
        resolve({ ok: code === 0, ...JSON.parse(line), stderr: err.trim() });
      } catch {
        resolve({ ok: false, stderr: `${err.trim()}\n${out.trim()}`.trim(), flushes: [], retries: [] });
      }
    });
  });

const phase = async (lab, label, client, experiment, faults = []) => {
  const cpuBefore = lab.cpuSeconds();
  const started = performance.now();
  const writers = Array.from({ length: WRITERS }, (_, i) =>
    client === "python"
      ? runWriter(PYTHON, [path.join(here, "writer-python.py"), lab.url, experiment, String(i), String(RUNS), String(STEPS)])
      : runWriter(process.execPath, [path.join(here, "writer-dimexp.mjs"), lab.url, experiment, String(i), String(RUNS), String(STEPS)]),
  );
  const faultLog = [];
  const faultsDone = (async () => {
    for (const fault of faults) {
      await new Promise((r) => setTimeout(r, fault.afterMs));
      const t = ((performance.now() - started) / 1000).toFixed(1);
      faultLog.push(`${t}s ${fault.name}`);
      console.log(`  [${label}] ${t}s: ${fault.name}`);
      await fault.run();
    }
  })();
  const results = await Promise.all(writers);
  await faultsDone;
  const seconds = (performance.now() - started) / 1000;
  const cpuAfter = lab.cpuSeconds();
  const expected = WRITERS * RUNS * STEPS * METRICS;
  const experimentId = lab.sql(`select experiment_id from experiments where name = '${experiment}'`);
  const stored = Number(
    lab.sql(`select count(*) from metrics m join runs r on r.run_uuid = m.run_uuid where r.experiment_id = ${experimentId}`),
  );
  const duplicated = Number(
    lab.sql(
      `select count(*) from (select m.run_uuid, m.key, m.step from metrics m join runs r on r.run_uuid = m.run_uuid where r.experiment_id = ${experimentId} group by 1, 2, 3 having count(*) > 1) d`,
    ),
  );
  const runsStored = Number(lab.sql(`select count(*) from runs where experiment_id = ${experimentId}`));
  const failed = results.filter((r) => !r.ok);
  const flushes = results.flatMap((r) => r.flushes ?? []);
  const retries = results.reduce((n, r) => n + (r.retries?.length ?? 0), 0);
  return {
    label,
    seconds,
    pointsPerSecond: stored / seconds,
    expected,
    stored,
    duplicated,
    runsStored,
    failed,
    p50: percentile(flushes, 50),
    p99: percentile(flushes, 99),
    retries,
    faultLog,
    serverCpu: cpuAfter.mlflow - cpuBefore.mlflow,
    postgresCpu: cpuAfter.postgres - cpuBefore.postgres,
  };
};

const fmt = (n, digits = 0) => (Number.isFinite(n) ? n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits }) : "-");

console.log(
  `bench:scale on ${os.cpus().length} cores: ${WRITERS} writer processes × ${RUNS} runs × ${METRICS} metrics × ${STEPS} steps = ${fmt(WRITERS * RUNS * METRICS * STEPS)} points per phase`,
);
console.log("starting PostgreSQL + MLflow (--workers 4, artifacts on a local folder)…");
const lab = await startDeployment({ artifacts: "local", workers: 4 });
let misses = 0;
try {
  const stamp = Date.now().toString(36);
  const python = await phase(lab, "python MlflowClient.log_batch", "python", `scale-python-${stamp}`);
  const dimexp = await phase(lab, "dimexp DimExperiment.logMetric", "dimexp", `scale-dimexp-${stamp}`);
  const span = dimexp.seconds * 1000;
  const faulty = await phase(lab, "dimexp under faults", "dimexp", `scale-faults-${stamp}`, [
    { name: "SIGKILL one MLflow worker", afterMs: span * 0.2, run: async () => lab.killOneWorker() },
    { name: "restart the whole MLflow server", afterMs: span * 0.15, run: () => lab.restartMlflow({ downMs: 2000 }) },
    { name: "restart PostgreSQL", afterMs: span * 0.15, run: () => lab.restartPostgres({ downMs: 2000 }) },
  ]);

  console.log("");
  console.log("| phase | seconds | points/s | flush p50 ms | flush p99 ms | MLflow CPU s | PostgreSQL CPU s | retries | stored / expected | duplicated | failed writers |");
  console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: |");
  for (const p of [python, dimexp, faulty]) {
    console.log(
      `| ${p.label} | ${fmt(p.seconds, 1)} | ${fmt(p.pointsPerSecond)} | ${fmt(p.p50, 1)} | ${fmt(p.p99, 1)} | ${fmt(p.serverCpu, 1)} | ${fmt(p.postgresCpu, 1)} | ${p.retries} | ${fmt(p.stored)} / ${fmt(p.expected)} | ${p.duplicated} | ${p.failed.length} |`,
    );
  }
  const ratio = dimexp.pointsPerSecond / python.pointsPerSecond;
  const cpuRatio = python.serverCpu / python.stored / (dimexp.serverCpu / dimexp.stored);
  console.log("");
  console.log(`dimexp / python throughput: ${ratio.toFixed(2)}× (goal ≥ ${GOAL_RATIO}×: ${ratio >= GOAL_RATIO ? "PASS" : "MISS"})`);
  console.log(`server CPU per point, python / dimexp: ${cpuRatio.toFixed(2)}× (how much less the server works per dimexp point)`);
  if (ratio < GOAL_RATIO) misses++;
  for (const p of [python, dimexp, faulty]) {
    const exact = p.stored === p.expected && p.duplicated === 0 && p.failed.length === 0;
    console.log(`${p.label}: ${exact ? "every point stored exactly once" : "LOST OR DUPLICATED POINTS"}${p.retries ? ` (${p.retries} retries)` : ""}`);
    for (const f of p.failed.slice(0, 5)) console.log(`  failed writer: ${f.stderr.split("\n").slice(-3).join(" | ")}`);
    if (!exact) misses++;
  }
  if (faulty.faultLog.length) console.log(`faults injected: ${faulty.faultLog.join("; ")}`);
} finally {
  await lab.stop();
}
if (process.env.SCALE_LOCAL !== "0") {
  console.log("");
  console.log("the same load into the embedded store (one SQLite file, WAL, shared by every writer process)…");
  const local = await localPhase({ writers: WRITERS, runs: RUNS, steps: STEPS });
  console.log("");
  for (const line of LOCAL_TABLE_HEADER) console.log(line);
  if (!reportLocal(local)) misses++;
}
if (STRICT && misses > 0) process.exit(1);
