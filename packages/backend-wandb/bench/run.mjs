// `pnpm bench`: 100,000 metric points through the W&B protocol fake, logged by
// dimexp (DimExperiment → this backend: GraphQL + paced file_stream) and by the
// real Python W&B SDK (wandb.init / log / finish, its Go wandb-core) — same
// fake, same shape (one metric, one row per step, steps 0…N-1), side by side in
// one run, rounds interleaved. Reported: each side's rate end to end (start of
// the run until the server has every point) and for the logging calls alone,
// and the ratios. Imports the built package (../dist): build first (turbo's
// `bench` depends on `build`). DIMEXP_BENCH_POINTS and DIMEXP_BENCH_ROUNDS
// change the size (default 100,000 points, 3 rounds).

import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { DimExperiment, q } from "@dimexp/core";
import { createWandbBackend } from "../dist/index.js";
import { startWandbFake } from "../dist/testing.js";

const POINTS = Number(process.env.DIMEXP_BENCH_POINTS ?? 100_000);
const ROUNDS = Number(process.env.DIMEXP_BENCH_ROUNDS ?? 3);
const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));
const venvBin = path.join(repoRoot, "tooling", "python", ".venv", "bin");
const sdkScript = fileURLToPath(new URL("./wandb_sdk.py", import.meta.url));

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const now = () => Number(process.hrtime.bigint()) / 1e6;
const rate = (points, ms) => `${Math.round(points / (ms / 1000)).toLocaleString("en-US")} points/s`;

console.log(
  `@dimexp/backend-wandb benchmark — Node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, load average ${os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(" ")}`,
);
console.log(`${POINTS.toLocaleString("en-US")} points per run, ${ROUNDS} interleaved rounds, medians; the fake enforces W&B's 2 file_stream requests/s per run.`);

if (!existsSync(path.join(venvBin, "python"))) {
  console.log(`MISS  no Python venv at ${venvBin}: run \`npm run setup\` (the W&B SDK side cannot run)`);
  process.exit(1);
}

const fake = await startWandbFake();
const home = mkdtempSync(path.join(os.tmpdir(), "dimexp-wandb-bench-"));
for (const sub of ["dir", "config", "cache", "data"]) mkdirSync(path.join(home, sub), { recursive: true });
const env = {
  PATH: `${venvBin}:${process.env.PATH ?? ""}`,
  HOME: home,
  WANDB_BASE_URL: fake.url,
  WANDB_API_KEY: fake.apiKey,
  WANDB_ENTITY: fake.entity,
  WANDB_SILENT: "true",
  WANDB_DIR: path.join(home, "dir"),
  WANDB_CONFIG_DIR: path.join(home, "config"),
  WANDB_CACHE_DIR: path.join(home, "cache"),
  WANDB_DATA_DIR: path.join(home, "data"),
  WANDB_DISABLE_GIT: "true",
  WANDB_DISABLE_CODE: "true",
};

const runSdk = (project) =>
  new Promise((resolve, reject) => {
    execFile(path.join(venvBin, "python"), [sdkScript, project, String(POINTS)], { env, timeout: 600_000, maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${error.message}\n${stderr}`));
      else resolve(JSON.parse(stdout));
    });
  });

const runDimexp = async (project) => {
  const opened = createWandbBackend({ entity: fake.entity, project, apiKey: fake.apiKey, baseUrl: fake.url });
  if (opened._tag === "Left") throw new Error(opened.left.message);
  const t0 = now();
  const exp = await DimExperiment.open(project, { backend: opened.right });
  const run = await exp.startRun("dimexp");
  run.logParam("lr", q(0.001, "1/s"));
  const t1 = now();
  for (let step = 0; step < POINTS; step++) run.logMetric("loss", 1 / (step + 1), { step });
  const t2 = now();
  await run.end();
  const t3 = now();
  await exp.close();
  return { id: run.id, init: (t1 - t0) / 1000, log: (t2 - t1) / 1000, finish: (t3 - t2) / 1000, total: (t3 - t0) / 1000 };
};

const stored = (project, id) => fake.run(fake.entity, project, id)?.history.length ?? 0;

const results = { dimexp: [], sdk: [] };
try {
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? ["dimexp", "sdk"] : ["sdk", "dimexp"];
    for (const side of order) {
      const project = `bench-${side}-${round}`;
      const t = side === "dimexp" ? await runDimexp(project) : await runSdk(project);
      const lines = stored(project, t.id);
      if (lines !== POINTS) throw new Error(`${side} round ${round}: the fake holds ${lines} history rows, expected ${POINTS}`);
      results[side].push(t);
      console.log(
        `round ${round + 1} ${side.padEnd(6)} total ${t.total.toFixed(2)} s (start ${t.init.toFixed(2)}, log calls ${t.log.toFixed(3)}, finish ${t.finish.toFixed(2)}) — all ${POINTS} rows on the server`,
      );
    }
  }
  const total = (side) => median(results[side].map((t) => t.total)) * 1000;
  const logOnly = (side) => median(results[side].map((t) => t.log)) * 1000;
  const afterStart = (side) => median(results[side].map((t) => t.log + t.finish)) * 1000;
  const ratioPer = (f) => median(results.dimexp.map((d, i) => f(results.sdk[i]) / f(d)));
  console.log("\n=== results (medians) ===");
  console.log(`info  end to end (start run → every point on the server): dimexp ${rate(POINTS, total("dimexp"))}, W&B SDK ${rate(POINTS, total("sdk"))}; dimexp is ${ratioPer((t) => t.total).toFixed(1)}× faster`);
  console.log(`info  after start-up (log calls + finish): dimexp ${rate(POINTS, afterStart("dimexp"))}, W&B SDK ${rate(POINTS, afterStart("sdk"))}; dimexp is ${ratioPer((t) => t.log + t.finish).toFixed(1)}× faster`);
  console.log(`info  logging calls alone: dimexp ${rate(POINTS, logOnly("dimexp"))}, W&B SDK ${rate(POINTS, logOnly("sdk"))}; dimexp is ${ratioPer((t) => t.log).toFixed(1)}× faster`);
  const fileStreams = fake.requests.filter((r) => r.path.endsWith("/file_stream"));
  console.log(`info  file_stream requests: ${fileStreams.length} in all, ${fileStreams.filter((r) => r.status === 429).length} answered 429`);
} finally {
  await fake.close();
  rmSync(home, { recursive: true, force: true });
}
