// `pnpm bench`: dimexp against the official Python client on the same real
// MLflow server, side by side in one run. Each round logs the same run shape
// (10 metrics × 10,000 steps = 100,000 points) once with each client, in
// alternating order, each in a fresh process; the ratio is taken per round and
// summarised by the median (these machines are shared and noisy).
//
//   python: MlflowClient.log_batch in batches of 1000 (its fastest documented path)
//   dimexp: DimExperiment/ActiveRun logMetric per point, then end() (resolves
//           when the server has every point): batches split to the server's
//           limits and pipelined (maxInFlight 2)
//
// The server runs twice: with --workers 1 (as the tests run it) and with
// --workers 4 (mlflow server's default, what a lab runs). Goals are reported
// as PASS/MISS, never asserted. Build first (turbo's bench task does).
// DIMEXP_BENCH_ROUNDS (default 3), DIMEXP_BENCH_WORKERS (default "1,4").

import { execFile, spawn } from "node:child_process";
import { existsSync, mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "../../..");
const venv = path.join(repo, "tooling/python/.venv/bin");
const ROUNDS = Number(process.env.DIMEXP_BENCH_ROUNDS ?? 3);
const WORKERS = (process.env.DIMEXP_BENCH_WORKERS ?? "1,4").split(",").map(Number);
const KEYS = 10;
const STEPS = 10_000;

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const freePort = () =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

const startServer = async (workers) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "dimexp-bench-mlflow-"));
  const port = await freePort();
  const log = path.join(dir, "server.log");
  const child = spawn(
    path.join(venv, "mlflow"),
    ["server", "--backend-store-uri", `sqlite:///${dir}/mlflow.db`, "--artifacts-destination", `${dir}/artifacts`, "--host", "127.0.0.1", "--port", String(port), "--workers", String(workers)],
    { cwd: dir, detached: true, stdio: ["ignore", openSync(log, "a"), openSync(log, "a")], env: { ...process.env, MLFLOW_SERVER_ENABLE_JOB_EXECUTION: "false" } },
  );
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`mlflow server exited:\n${readFileSync(log, "utf8").slice(-3000)}`);
    try {
      if ((await fetch(`${url}/health`)).ok) break;
    } catch {}
    if (Date.now() > deadline) throw new Error("mlflow server did not start within 180 s");
    await new Promise((r) => setTimeout(r, 200));
  }
  const stop = async () => {
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {}
    await new Promise((r) => (child.exitCode !== null ? r() : child.once("exit", r)));
    rmSync(dir, { recursive: true, force: true });
  };
  process.on("exit", () => {
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {}
  });
  return { url, stop };
};

const runJson = (command, args) =>
  new Promise((resolve, reject) =>
    execFile(command, args, { maxBuffer: 64 * 1024 * 1024, env: { ...process.env, MLFLOW_ENABLE_ASYNC_LOGGING: "false" } }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${path.basename(args[0])} failed: ${stderr}`));
      else resolve(JSON.parse(stdout.trim().split("\n").at(-1)));
    }),
  );

const clients = {
  python: (url, experiment) => runJson(path.join(venv, "python"), [path.join(here, "python_log_batch.py"), url, experiment, String(KEYS), String(STEPS)]),
  dimexp: (url, experiment) => runJson(process.execPath, [path.join(here, "dimexp_log.mjs"), url, experiment, String(KEYS), String(STEPS)]),
};

/** Reads one run's every point back, to check both clients stored the same shape. */
const countPoints = async (url, runId) => {
  let n = 0;
  for (let k = 0; k < KEYS; k++) {
    const r = await fetch(`${url}/api/2.0/mlflow/metrics/get-history?run_id=${runId}&metric_key=metric_${k}`);
    n += ((await r.json()).metrics ?? []).length;
  }
  return n;
};

if (!existsSync(path.join(here, "../dist/index.js"))) throw new Error("build first: pnpm build (or turbo run bench)");
if (!existsSync(path.join(venv, "mlflow"))) throw new Error("no MLflow in tooling/python/.venv: run npm run setup");

console.log(
  `@dimexp/backend-mlflow benchmark — Node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, load average ${os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(" ")}`,
);
const version = await runJson(path.join(venv, "python"), ["-c", "import json, mlflow; print(json.dumps(mlflow.__version__))"]).catch(() => "?");
console.log(`MLflow ${version}; ${KEYS} metrics × ${STEPS.toLocaleString("en-US")} steps = ${(KEYS * STEPS).toLocaleString("en-US")} points per client per round; ${ROUNDS} rounds, order alternating.`);

const summary = [];
for (const workers of WORKERS) {
  console.log(`\n=== mlflow server --workers ${workers} (SQLite store) ===`);
  const server = await startServer(workers);
  try {
    const rates = { python: [], dimexp: [] };
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 === 0 ? ["python", "dimexp"] : ["dimexp", "python"];
      for (const name of order) {
        const result = await clients[name](server.url, `bench-${workers}-${round}-${name}`);
        const stored = await countPoints(server.url, result.runId ?? result.run_id);
        if (stored !== result.points) throw new Error(`${name} stored ${stored} of ${result.points} points`);
        const rate = result.points / result.seconds;
        rates[name].push(rate);
        console.log(`round ${round + 1}  ${name.padEnd(6)}  ${result.seconds.toFixed(2)} s  ${Math.round(rate).toLocaleString("en-US")} points/s  (${stored.toLocaleString("en-US")} stored)`);
      }
    }
    const ratios = rates.dimexp.map((r, i) => r / rates.python[i]);
    const ratio = median(ratios);
    console.log(`median: python ${Math.round(median(rates.python)).toLocaleString("en-US")} points/s, dimexp ${Math.round(median(rates.dimexp)).toLocaleString("en-US")} points/s`);
    const line = `${ratio >= 1 ? "PASS" : "MISS"}  dimexp / python MlflowClient.log_batch, --workers ${workers}: ${ratio.toFixed(2)}× (rounds: ${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}; goal ≥ 1.00×)`;
    console.log(line);
    summary.push(line);
  } finally {
    await server.stop();
  }
}
console.log("\n=== summary ===");
for (const line of summary) console.log(line);
