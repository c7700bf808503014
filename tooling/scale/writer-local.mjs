// One writer process of the local-store phase of `pnpm bench:scale`: the same
// runs as writer-dimexp.mjs (5 metrics × `steps` steps in J, erg or eV by
// writer, flush() every `flushEvery` steps, timed) into the embedded store —
// one SQLite file (WAL) that every writer process shares. Prints one JSON
// line: points, seconds, flush latencies (ms). Exit 1 with one line on
// failure: an SQLITE_BUSY that got through would end up here.
// usage: node writer-local.mjs <store.db> <experiment> <writerIndex> <runs> <steps> [flushEvery]

import { DimExperiment, q } from "../../packages/core/dist/index.js";
import { createLocalBackend } from "../../packages/backend-local/dist/index.js";

const [file, experiment, indexText, runsText, stepsText, flushText] = process.argv.slice(2);
const writer = Number(indexText);
const runs = Number(runsText);
const steps = Number(stepsText);
const flushEvery = Number(flushText ?? 500);
const UNITS = [
  { unit: "J", scale: 1 },
  { unit: "erg", scale: 1e7 },
  { unit: "eV", scale: 1 / 1.602176634e-19 },
];
const { unit, scale } = UNITS[writer % UNITS.length];
const METRICS = ["loss", "energy", "kinetic", "potential", "residual"];

const opened = createLocalBackend({ path: file });
if (opened._tag === "Left") {
  console.error(`writer ${writer}: ${opened.left.message}`);
  process.exit(1);
}
try {
  const exp = await DimExperiment.open(experiment, { backend: opened.right, onWarning: () => undefined });
  const flushes = [];
  const started = performance.now();
  for (let r = 0; r < runs; r++) {
    const run = await exp.startRun(`w${writer}-r${r}`, { tags: { writer: String(writer), unit } });
    const t0 = Date.now();
    for (let step = 0; step < steps; step++) {
      for (let m = 0; m < METRICS.length; m++) run.logMetric(METRICS[m], q(((m + 1) / (step + 1)) * scale, unit), { step, timestamp: t0 + step });
      if ((step + 1) % flushEvery === 0) {
        const f0 = performance.now();
        await run.flush();
        flushes.push(performance.now() - f0);
      }
    }
    await run.end("FINISHED");
  }
  const seconds = (performance.now() - started) / 1000;
  await exp.close();
  console.log(JSON.stringify({ writer, points: runs * steps * METRICS.length, seconds, flushes, retries: [] }));
} catch (error) {
  console.error(`writer ${writer}: ${error?.error?.message ?? error?.message ?? String(error)}`);
  process.exit(1);
}
