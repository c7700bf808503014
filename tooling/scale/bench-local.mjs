// The local-store phase of `pnpm bench:scale` (alone: `pnpm bench:scale:local`):
// the same load as the MLflow phases — SCALE_WRITERS (32) processes, each
// logging SCALE_RUNS (20) runs of 5 metrics × SCALE_STEPS (2000) steps through
// DimExperiment — into ONE embedded store, a SQLite file in WAL mode that every
// process opens (they even race to create it). SQLite lets one process write at
// a time; the backend waits for the lock (busy_timeout) and backs off, so no
// writer may see SQLITE_BUSY. Afterwards every point is read back through the
// backend: each run must hold every step of every metric exactly once.

import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createLocalBackend } from "../../packages/backend-local/dist/index.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const METRICS = ["loss", "energy", "kinetic", "potential", "residual"];

const percentile = (values, p) => {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};

const runWriter = (args) =>
  new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(here, "writer-local.mjs"), ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    child.on("exit", (code) => {
      try {
        resolve({ ok: code === 0, ...JSON.parse(out.trim().split("\n").pop() ?? ""), stderr: err.trim() });
      } catch {
        resolve({ ok: false, stderr: `${err.trim()}\n${out.trim()}`.trim(), flushes: [] });
      }
    });
  });

const must = async (task) => {
  const result = await task();
  if (result._tag === "Left") throw new Error(result.left.message);
  return result.right;
};

/** Reads every run back: points stored, and runs whose histories are not exactly steps 0..steps-1 once per metric. */
const countStored = async (file, experiment, steps) => {
  const backend = await must(async () => createLocalBackend({ path: file, readOnly: true }));
  try {
    const info = await must(backend.findExperiment(experiment));
    if (!info) return { stored: 0, runs: 0, wrong: [] };
    const runs = await must(backend.searchRuns(info.id));
    let stored = 0;
    const wrong = [];
    for (const run of runs) {
      for (const key of METRICS) {
        const series = await must(backend.getMetricHistory(run.info.id, key));
        stored += series.values.length;
        const seen = new Set(series.steps);
        if (series.values.length !== steps || seen.size !== steps || !series.steps.every((s) => s >= 0 && s < steps && Number.isInteger(s))) {
          wrong.push(`${run.info.name}/${key}: ${series.values.length} points, ${seen.size} distinct steps`);
        }
      }
    }
    return { stored, runs: runs.length, wrong };
  } finally {
    await backend.close()();
  }
};

/** The phase: writers → one SQLite file; resolves to what bench.mjs prints. */
export const localPhase = async ({ writers, runs, steps }) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "dimexp-scale-local-"));
  const file = path.join(dir, "lab.db");
  const experiment = "scale-local";
  try {
    const started = performance.now();
    const results = await Promise.all(Array.from({ length: writers }, (_, i) => runWriter([file, experiment, String(i), String(runs), String(steps)])));
    const seconds = (performance.now() - started) / 1000;
    const { stored, runs: runsStored, wrong } = await countStored(file, experiment, steps);
    const failed = results.filter((r) => !r.ok);
    const flushes = results.flatMap((r) => r.flushes ?? []);
    const busy = results.filter((r) => /SQLITE_BUSY|database is locked/i.test(r.stderr ?? "")).length;
    return {
      label: "dimexp DimExperiment.logMetric → one SQLite file (WAL)",
      seconds,
      pointsPerSecond: stored / seconds,
      expected: writers * runs * steps * METRICS.length,
      stored,
      runsStored,
      expectedRuns: writers * runs,
      wrong,
      failed,
      busy,
      p50: percentile(flushes, 50),
      p99: percentile(flushes, 99),
      fileBytes: statSync(file).size + (() => {
        try {
          return statSync(`${file}-wal`).size;
        } catch {
          return 0;
        }
      })(),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

const fmt = (n, digits = 0) => (Number.isFinite(n) ? n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits }) : "-");

/** Prints the phase's row and verdict; returns whether every point was stored exactly once with no SQLITE_BUSY. */
export const reportLocal = (p) => {
  console.log(
    `| ${p.label} | ${fmt(p.seconds, 1)} | ${fmt(p.pointsPerSecond)} | ${fmt(p.p50, 1)} | ${fmt(p.p99, 1)} | ${fmt(p.stored)} / ${fmt(p.expected)} | ${p.wrong.length} | ${p.failed.length} | ${p.busy} |`,
  );
  const exact = p.stored === p.expected && p.runsStored === p.expectedRuns && p.wrong.length === 0 && p.failed.length === 0 && p.busy === 0;
  console.log(
    `${p.label}: ${exact ? "every point stored exactly once, no SQLITE_BUSY surfaced" : "LOST OR DUPLICATED POINTS, OR A FAILED WRITER"} (${fmt(p.runsStored)} runs, ${fmt(p.fileBytes / 1e6, 1)} MB on disk)`,
  );
  for (const w of p.wrong.slice(0, 5)) console.log(`  wrong history: ${w}`);
  for (const f of p.failed.slice(0, 5)) console.log(`  failed writer: ${f.stderr.split("\n").slice(-3).join(" | ")}`);
  return exact;
};

export const LOCAL_TABLE_HEADER = [
  "| phase | seconds | points/s | flush p50 ms | flush p99 ms | stored / expected | wrong histories | failed writers | SQLITE_BUSY seen |",
  "| --- | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: |",
];

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const writers = Number(process.env.SCALE_WRITERS ?? 32);
  const runs = Number(process.env.SCALE_RUNS ?? 20);
  const steps = Number(process.env.SCALE_STEPS ?? 2000);
  console.log(
    `bench:scale:local on ${os.cpus().length} cores (load average ${os.loadavg().map((x) => x.toFixed(2)).join(", ")}): ${writers} writer processes × ${runs} runs × ${METRICS.length} metrics × ${steps} steps = ${fmt(writers * runs * METRICS.length * steps)} points into one SQLite file`,
  );
  const result = await localPhase({ writers, runs, steps });
  console.log("");
  for (const line of LOCAL_TABLE_HEADER) console.log(line);
  const exact = reportLocal(result);
  if (process.env.BENCH_STRICT === "1" && !exact) process.exit(1);
}
