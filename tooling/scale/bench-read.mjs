// `pnpm bench:scale:read`: reading at lab scale. One experiment of 10,000 runs
// (100 params and 100 metrics each; lengths in m, cm and 1/GeV, energies in J,
// erg and eV) on the lab deployment (MLflow, 4 workers, on PostgreSQL), then,
// timed end to end as a user runs them (a fresh `dimexp` process each time):
//
//   dimexp runs ls --filter 'params.domain_length >= 50 cm and metrics.loss < 1 J' --stats
//   dimexp compare -m loss --align min (50 runs × 10,000 steps of loss history)
//   dimexp ui: from navigation until the runs table is drawn (headless Chromium)
//
// Each result is checked (the runs the filter must return, 50 compared runs,
// table rows), printed beside its goal (PASS/MISS), and a miss exits non-zero
// only under BENCH_STRICT=1. Beside them, the same reads through MLflow's own
// Python client (read-python.py, timed in-process): the server's floor on this
// machine, measured in the same run. Seeding (read-seed.mjs) is not measured.
//
// SCALE_READ_RUNS (10000), SCALE_READ_PARAMS (100), SCALE_READ_METRICS (100),
// SCALE_COMPARE_RUNS (50), SCALE_COMPARE_STEPS (10000), SCALE_READ_REPEAT (3:
// each command runs this often, the median counts; a try over ten times the
// goal is not repeated), SCALE_UI_TIMEOUT (600 s: the longest wait for the
// dashboard's table). SCALE_TRACKING_URI with
// SCALE_BACKEND_STORE_URI use a lab already running (node tooling/scale/start.js)
// instead of starting one.

import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { REPO_ROOT, startDeployment } from "./deployment.js";
import { seedReadExperiment } from "./read-seed.mjs";

const num = (name, fallback) => {
  const text = process.env[name];
  if (text === undefined || text.trim() === "") return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) {
    console.error(`${name} takes a whole number, not ${JSON.stringify(text)}.`);
    process.exit(2);
  }
  return n;
};
const RUNS = num("SCALE_READ_RUNS", 10_000);
const PARAMS = Math.max(1, num("SCALE_READ_PARAMS", 100));
const METRICS = Math.max(1, num("SCALE_READ_METRICS", 100));
const COMPARE_RUNS = num("SCALE_COMPARE_RUNS", 50);
const COMPARE_STEPS = Math.max(1, num("SCALE_COMPARE_STEPS", 10_000));
const REPEAT = Math.max(1, num("SCALE_READ_REPEAT", 3));
const UI_TIMEOUT_MS = Math.max(1, num("SCALE_UI_TIMEOUT", 600)) * 1000;
const PYTHON = path.join(REPO_ROOT, "tooling/python/.venv/bin/python");
const STRICT = process.env.BENCH_STRICT === "1";
const GOAL_SECONDS = 2;
const CLI = path.join(REPO_ROOT, "packages/cli/dist/bin.js");
const CHROMIUM = process.env.DIMEXP_CHROMIUM ?? "/usr/bin/chromium";
const FILTER = "params.domain_length >= 50 cm and metrics.loss < 1 J";

const fmt = (n, digits = 2) => (Number.isFinite(n) ? n.toFixed(digits) : "-");
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const load = () => os.loadavg().map((x) => x.toFixed(2)).join(", ");

/** Runs a program once; resolves to its output and the wall-clock seconds from spawn to exit. */
const execute = (command, args) =>
  new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"], env: { PATH: process.env.PATH } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("exit", (code) => resolve({ code, stdout, stderr, seconds: (performance.now() - started) / 1000 }));
  });

const dimexp = (args) => execute(process.execPath, [CLI, ...args]);

/** The same read through MLflow's Python client: seconds inside Python (its import excluded). */
const python = async (url, seeded, mode) => {
  const r = await execute(PYTHON, [path.join(REPO_ROOT, "tooling/scale/read-python.py"), url, seeded.experiment, mode]);
  try {
    const out = JSON.parse(r.stdout.trim().split("\n").pop());
    return { seconds: out.seconds, note: mode === "filter" ? `${out.runs} runs fetched, ${out.matched} kept` : `${out.runs} runs, ${out.points.toLocaleString("en-US")} points`, problem: undefined };
  } catch {
    return { seconds: Number.NaN, note: "", problem: `exit ${r.code}: ${r.stderr.trim().split("\n").slice(-2).join(" | ").slice(0, 400)}` };
  }
};

const runsLs = async (url, seeded) => {
  const r = await dimexp(["runs", "ls", "--tracking-uri", url, "--experiment", seeded.experiment, "--filter", FILTER, "--columns", "domain_length,loss", "--stats"]);
  const listed = Number(/^(\d+) runs? of experiment/.exec(r.stdout)?.[1] ?? (/^No runs of/.test(r.stdout) ? 0 : Number.NaN));
  const stats = /stats: (.*)$/m.exec(r.stderr)?.[1] ?? "";
  const problem = r.code !== 0 ? `exit ${r.code}: ${r.stderr.trim().slice(0, 400)}` : listed !== seeded.matching ? `listed ${listed} runs, the seed has ${seeded.matching} matching` : undefined;
  return { seconds: r.seconds, note: `${listed} runs listed; ${stats}`, problem };
};

const compare = async (url, seeded) => {
  const r = await dimexp(["compare", "--tracking-uri", url, "-e", seeded.experiment, "-m", "loss", "--align", "min", "--filter", 'tags.sweep = "history"', "--json"]);
  let compared = Number.NaN;
  try {
    compared = JSON.parse(r.stdout).metrics[0].runs.length;
  } catch {
    /* reported below */
  }
  const problem = r.code !== 0 ? `exit ${r.code}: ${r.stderr.trim().slice(0, 400)}` : compared !== seeded.history.length ? `compared ${compared} runs, expected ${seeded.history.length}` : undefined;
  return { seconds: r.seconds, note: `${compared} runs × ${COMPARE_STEPS.toLocaleString("en-US")} steps compared`, problem };
};

/** `dimexp ui` on the lab, resolved once it prints its URL. */
const startUi = (url) =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, "ui", "--tracking-uri", url, "--port", "0"], { stdio: ["ignore", "pipe", "pipe"], env: { PATH: process.env.PATH } });
    let out = "";
    const timer = setTimeout(() => reject(new Error(`dimexp ui printed no URL within 60 s:\n${out}`)), 60_000);
    const onData = (d) => {
      out += d;
      const found = /^\s+(http:\/\/\S+)$/m.exec(out)?.[1];
      if (found) {
        clearTimeout(timer);
        resolve({ url: found, stop: () => new Promise((done) => (child.exitCode !== null ? done() : (child.once("exit", done), child.kill("SIGINT")))) });
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", (d) => (out += d));
    child.once("exit", (code) => reject(new Error(`dimexp ui exited with ${code}:\n${out}`)));
  });

const dashboard = async (browser, uiUrl, seeded) => {
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
  const page = await context.newPage();
  // when each API answer was complete, from navigation: where the time goes
  const answered = [];
  let started = 0;
  page.on("requestfinished", (request) => {
    const { pathname } = new URL(request.url());
    if (pathname.includes("/api/")) answered.push(`${pathname.replace(/^.*\/api\//, "api/").replace(/experiments\/[^/]+\/runs/, "experiments/…/runs")} at ${((performance.now() - started) / 1000).toFixed(1)} s`);
  });
  try {
    started = performance.now();
    await page.goto(`${uiUrl}?experiment=${encodeURIComponent(seeded.experiment)}`);
    await page.waitForSelector("table.runs tbody tr", { timeout: UI_TIMEOUT_MS });
    const seconds = (performance.now() - started) / 1000;
    const rows = await page.locator("table.runs tbody tr").count();
    const columns = await page.locator("table.runs thead th").count();
    const problem = rows === 0 ? "the table has no rows" : undefined;
    return { seconds, note: `${rows.toLocaleString("en-US")} rows × ${columns} columns drawn; ${answered.join(", ")}`, problem };
  } catch (error) {
    const waited = (performance.now() - started) / 1000;
    return { seconds: waited, note: "", problem: `no table after ${waited.toFixed(0)} s (${answered.join(", ") || "no API answer yet"}): ${String(error?.message ?? error).split("\n")[0]}` };
  } finally {
    await context.close();
  }
};

/** A command tried REPEAT times (fewer when far over the goal); `goal` null for a peer's time. */
const measure = async (label, once, goal) => {
  const tries = [];
  for (let i = 0; i < REPEAT; i++) {
    const t = await once();
    tries.push(t);
    if (t.problem !== undefined || !(t.seconds <= 10 * GOAL_SECONDS)) break;
  }
  const seconds = median(tries.map((t) => t.seconds));
  const problems = tries.map((t) => t.problem).filter(Boolean);
  return { label, goal, seconds, tries: tries.map((t) => t.seconds), note: tries.at(-1).note, problem: problems[0] };
};

console.log(
  `bench:scale:read on ${os.cpus().length} cores (load average ${load()}): ${RUNS.toLocaleString("en-US")} runs × ${PARAMS} params and ${METRICS} metrics, ${COMPARE_RUNS} of them with ${COMPARE_STEPS.toLocaleString("en-US")} steps of loss history`,
);
const external = process.env.SCALE_TRACKING_URI;
let lab;
if (external) {
  const store = process.env.SCALE_BACKEND_STORE_URI;
  if (!store) {
    console.error("SCALE_TRACKING_URI needs SCALE_BACKEND_STORE_URI (the PostgreSQL URI start.js prints) to seed the experiment.");
    process.exit(2);
  }
  lab = { url: external, backendStoreUri: store, stop: async () => undefined };
} else {
  console.log("starting PostgreSQL + MLflow (--workers 4, artifacts on a local folder)…");
  lab = await startDeployment({ artifacts: "local", workers: 4 });
}
let misses = 0;
try {
  const experiment = `scale-read-${Date.now().toString(36)}`;
  console.log(`seeding ${experiment}…`);
  const seeded = await seedReadExperiment(lab, {
    experiment,
    runs: RUNS,
    params: PARAMS,
    metrics: METRICS,
    historyRuns: COMPARE_RUNS,
    historySteps: COMPARE_STEPS,
    log: console.log,
  });
  console.log(`  ${seeded.matching} runs match ${FILTER}; ${seeded.history.length} runs have a loss history (load average ${load()})`);

  const results = [];
  results.push(await measure("dimexp runs ls --filter '…' (end to end)", () => runsLs(lab.url, seeded), GOAL_SECONDS));
  results.push(await measure("  peer: MlflowClient.search_runs, one search per loss unit (in-process)", () => python(lab.url, seeded, "filter"), null));
  if (COMPARE_RUNS > 0) {
    results.push(await measure(`dimexp compare: ${COMPARE_RUNS} runs × ${COMPARE_STEPS.toLocaleString("en-US")} steps (--align min)`, () => compare(lab.url, seeded), GOAL_SECONDS));
    results.push(await measure(`  peer: MlflowClient.get_metric_history × ${COMPARE_RUNS} (in-process)`, () => python(lab.url, seeded, "history"), null));
  }

  const require = createRequire(path.join(REPO_ROOT, "apps/dashboard/package.json"));
  const { chromium } = require("playwright-core");
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"],
  });
  const ui = await startUi(lab.url);
  try {
    results.push(await measure("dimexp ui: navigation → runs table drawn", () => dashboard(browser, ui.url, seeded), GOAL_SECONDS));
  } finally {
    await browser.close();
    await ui.stop();
  }

  console.log("");
  console.log(`load average after: ${load()} (${os.cpus().length} cores)`);
  console.log("");
  console.log("| measurement | goal | median s | each try s | result | check |");
  console.log("| --- | ---: | ---: | --- | --- | --- |");
  for (const r of results) {
    if (r.goal === null) {
      // a peer's time: the floor the server sets, no goal of ours
      console.log(`| ${r.label} | | ${fmt(r.seconds)} | ${r.tries.map((t) => fmt(t)).join(", ")} | | ${r.problem ?? r.note} |`);
      continue;
    }
    const pass = r.problem === undefined && r.seconds <= r.goal;
    if (!pass) misses++;
    console.log(`| ${r.label} | ≤ ${r.goal} s | ${fmt(r.seconds)} | ${r.tries.map((t) => fmt(t)).join(", ")} | ${pass ? "PASS" : "MISS"} | ${r.problem ?? r.note} |`);
  }
} finally {
  await lab.stop();
}
if (STRICT && misses > 0) process.exit(1);
