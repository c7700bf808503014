// The dashboard's speed, measured in the browser (Debian's Chromium through
// playwright-core) against the real `dimexp ui` over a local store of
// 1,000 runs × 10,000 steps (half logged in SI, half in CGS):
//
//   table   navigation start → the runs table drawn and wired (performance
//           mark "dimexp:table-interactive"), each round in a fresh browser
//           context (cold HTTP cache)
//   compare click on "Compare 10 runs" → the loss chart's vega view rendered
//           (10 histories of 10,000 points, converted to one unit)
//
// Each is printed in ms and as a ratio to its 1 s budget. For scale, the
// same rounds also time the bare page (index.html + scripts, no data) and
// the JSON API alone from Node, side by side.
//
//   pnpm --filter @dimexp/dashboard bench      (DIMEXP_BENCH_ROUNDS=5 by default)

import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { performance } from "node:perf_hooks";
import { createLocalBackend } from "@dimexp/backend-local";
import { encodeMetricUnit, encodeParam, q } from "@dimexp/core";
import { chromium } from "playwright-core";

const RUNS = Number(process.env.DIMEXP_BENCH_RUNS ?? 1000);
const STEPS = Number(process.env.DIMEXP_BENCH_STEPS ?? 10_000);
const ROUNDS = Number(process.env.DIMEXP_BENCH_ROUNDS ?? 5);
const COMPARED = 10;
const BUDGET_MS = 1000;
const CHROMIUM = process.env.DIMEXP_CHROMIUM ?? "/usr/bin/chromium";
const ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"];

const must = async (task) => {
  const result = await task();
  if (result._tag === "Left") throw new Error(result.left.message);
  return result.right;
};
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const ms = (x) => `${x.toFixed(0).padStart(5)} ms`;
const line = (label, samples, budget) => {
  const m = median(samples);
  const ratio = budget ? `  ${(m / budget).toFixed(2)}× the ${budget / 1000} s budget${m <= budget ? "" : "  OVER BUDGET"}` : "";
  console.log(`  ${label.padEnd(46)} median ${ms(m)}  (min ${ms(Math.min(...samples))}, max ${ms(Math.max(...samples))})${ratio}`);
  return m;
};

// ---- the store -------------------------------------------------------------------

// DIMEXP_BENCH_STORE=<file> keeps the store there (and reuses it when it exists) between runs of the bench.
const kept = process.env.DIMEXP_BENCH_STORE;
const dir = kept ? dirname(kept) : mkdtempSync(join(tmpdir(), "dimexp-dashboard-bench-"));
const storePath = kept ?? join(dir, "runs.db");
const fill = async () => {
  const opened = createLocalBackend({ path: storePath });
  if (opened._tag === "Left") throw new Error(opened.left.message);
  const backend = opened.right;
  const experiment = await must(backend.getOrCreateExperiment("sweep-1000"));
  const steps = Float64Array.from({ length: STEPS }, (_, i) => i);
  const t0 = Date.now() - RUNS * 1000;
  const units = {
    si: { length: "m", energy: "J", density: "kg/m^3", lengthScale: 1, energyScale: 1, densityValue: 8960 },
    cgs: { length: "cm", energy: "erg", density: "g/cm^3", lengthScale: 100, energyScale: 1e7, densityValue: 8.96 },
  };
  const metricTags = { si: encodeMetricUnit("loss", q(1, "J").unit), cgs: encodeMetricUnit("loss", q(1, "erg").unit) };
  for (let r = 0; r < RUNS; r++) {
    const system = r % 2 === 0 ? "si" : "cgs";
    const u = units[system];
    const lengthM = 0.2 + (r % 50) * 0.04;
    const rate = 1.16e-4 / (lengthM * lengthM);
    const run = await must(
      backend.createRun(experiment.id, { name: `run-${String(r).padStart(4, "0")}`, startTime: t0 + r * 1000, tags: { "dimexp.schema": "1", sweep: "bench" } }),
    );
    const params = [
      ["domain_length", q(lengthM * u.lengthScale, u.length)],
      ["learning_rate", q(rate, "1/s")],
      ["density", q(u.densityValue, u.density)],
      ["unit_system", system.toUpperCase()],
      ["seed", r],
    ].map(([name, value]) => [name, encodeParam(name, value)]);
    const values = new Float64Array(STEPS);
    const scale = 20 * lengthM * lengthM * u.energyScale;
    for (let i = 0; i < STEPS; i++) values[i] = scale * Math.exp(-i / 2500) * (1 + 0.02 * Math.sin(i * 0.05 + r)) + 0.05 * lengthM * u.energyScale;
    const timestamps = Float64Array.from({ length: STEPS }, (_, i) => t0 + r * 1000 + i);
    await must(
      backend.logBatch(run.id, {
        id: "bench-0",
        params: params.map(([key, p]) => ({ key, value: p.value })),
        tags: [...params.flatMap(([, p]) => p.tags), ...metricTags[system]],
        metrics: [{ key: "loss", steps, values, timestamps }],
        arrays: [],
      }),
    );
    await must(backend.updateRun(run.id, { status: "FINISHED", endTime: t0 + r * 1000 + STEPS }));
  }
  await must(backend.close());
};

// ---- dimexp ui -------------------------------------------------------------------

const startUi = () =>
  new Promise((resolve, reject) => {
    const require = createRequire(import.meta.url);
    const bin = join(dirname(require.resolve("@dimexp/cli/package.json")), "dist", "bin.js");
    const child = spawn(process.execPath, [bin, "ui", "--tracking-uri", storePath, "--port", "0"], { stdio: ["ignore", "pipe", "pipe"], env: { PATH: process.env.PATH } });
    let out = "";
    child.stdout.on("data", (chunk) => {
      out += chunk;
      const url = /^\s+(http:\/\/\S+)$/m.exec(out)?.[1];
      if (url) resolve({ url, child });
    });
    child.stderr.on("data", (chunk) => {
      out += chunk;
    });
    child.once("exit", (code) => reject(new Error(`dimexp ui exited (${code}):\n${out}`)));
  });

// ---- measurements ----------------------------------------------------------------

const started = performance.now();
console.log(`dashboard bench: ${RUNS} runs × ${STEPS} steps (${((RUNS * STEPS) / 1e6).toFixed(0)} M points, SI and CGS), ${ROUNDS} rounds, Chromium ${CHROMIUM}`);
const t0 = performance.now();
if (kept && existsSync(kept)) console.log(`  reusing the store at ${kept}`);
else {
  await fill();
  console.log(`  store filled through logBatch in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

const { url, child } = await startUi();
const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
const samples = { table: [], compare: [], blank: [], apiRuns: [], apiCompare: [], tableRequest: [] };
try {
  const experimentId = (await (await fetch(`${url}api/experiments`)).json()).experiments[0].id;
  const pageUrl = `${url}?experiment=sweep-1000`;
  for (let round = 0; round < ROUNDS; round++) {
    // the bare page: same HTML and scripts, an API that answers nothing (baseline)
    {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.route("**/api/**", (route) => route.fulfill({ status: 503, body: "{}" }));
      await page.goto(url);
      await page.waitForSelector(".error-box");
      samples.blank.push(await page.evaluate(() => performance.now()));
      await context.close();
    }
    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
    const page = await context.newPage();
    await page.goto(pageUrl);
    await page.waitForFunction(() => performance.getEntriesByName("dimexp:table-interactive").length > 0, null, { timeout: 30_000 });
    const rows = await page.locator("table.runs tbody tr").count();
    if (rows !== RUNS) throw new Error(`the table shows ${rows} runs, not ${RUNS}`);
    samples.table.push(await page.evaluate(() => performance.getEntriesByName("dimexp:table-interactive")[0].startTime));
    samples.tableRequest.push(
      await page.evaluate(() => {
        const entry = performance.getEntriesByType("resource").find((e) => e.name.includes("/runs"));
        return entry ? entry.responseEnd - entry.requestStart : Number.NaN;
      }),
    );
    // let the page settle (vega prefetch, live updates' first poll) before the comparison
    await page.waitForTimeout(500);
    const boxes = page.locator('table.runs tbody input[type="checkbox"]');
    for (let i = 0; i < COMPARED; i++) await boxes.nth(i * Math.floor(RUNS / COMPARED)).check();
    await page.click(".compare-button");
    await page.waitForFunction(() => window.__dimexp.lastCompareMs !== undefined, null, { timeout: 30_000 });
    const points = await page.evaluate(() => window.__dimexp.chartValues("loss").length);
    if (points < COMPARED * 100) throw new Error(`the comparison chart draws only ${points} points`);
    samples.compare.push(await page.evaluate(() => window.__dimexp.lastCompareMs));
    await context.close();

    // the API alone, from Node: what the server costs of each
    let t = performance.now();
    await (await fetch(`${url}api/experiments/${experimentId}/runs`)).text();
    samples.apiRuns.push(performance.now() - t);
    const list = await (await fetch(`${url}api/experiments/${experimentId}/runs?limit=${RUNS}`)).json();
    const ids = list.runs.filter((_, i) => i % Math.floor(RUNS / COMPARED) === 0).slice(0, COMPARED).map((r) => r.id);
    t = performance.now();
    await Promise.all([fetch(`${url}api/compare?runs=${ids.join(",")}`).then((r) => r.text()), fetch(`${url}api/compare/history?runs=${ids.join(",")}&metric=loss`).then((r) => r.text())]);
    samples.apiCompare.push(performance.now() - t);
  }
  console.log("");
  console.log("in the browser:");
  const table = line(`runs table interactive (${RUNS} runs)`, samples.table, BUDGET_MS);
  line(`comparison chart of ${COMPARED} runs rendered`, samples.compare, BUDGET_MS);
  console.log("side by side, for scale:");
  line("bare page, no data (baseline)", samples.blank);
  line("runs request as the browser saw it", samples.tableRequest);
  line(`API from Node: runs of ${RUNS}`, samples.apiRuns);
  line(`API from Node: compare + history of ${COMPARED}`, samples.apiCompare);
  console.log("");
  console.log(`table / bare page: ${(table / median(samples.blank)).toFixed(1)}×; total bench time ${((performance.now() - started) / 1000).toFixed(0)} s`);
} finally {
  await browser.close();
  child.kill("SIGINT");
  await new Promise((r) => child.once("exit", r));
  if (!kept) rmSync(dir, { recursive: true, force: true });
}
