// One measurement of dimexp: DimExperiment + ActiveRun (the user's path),
// logMetric for every point, then end() — which resolves once the server has
// every point. Prints JSON {points, seconds, runId}; run creation excluded.
// usage: node dimexp_log.mjs <tracking_uri> <experiment> <keys> <steps> [maxInFlight]

import { DimExperiment } from "@dimexp/core";
import { createMlflowBackend } from "../dist/index.js";

const [uri, experiment, keysText, stepsText, inFlightText] = process.argv.slice(2);
const keys = Number(keysText);
const steps = Number(stepsText);
const opened = createMlflowBackend({ trackingUri: uri, ...(inFlightText ? { maxInFlight: Number(inFlightText) } : {}) });
if (opened._tag === "Left") throw new Error(opened.left.message);
const exp = await DimExperiment.open(experiment, { backend: opened.right });
const run = await exp.startRun("dimexp"); // default buffering: a batch per 50,000 points or per second
const names = Array.from({ length: keys }, (_, k) => `metric_${k}`);

const started = performance.now();
const t0 = Date.now();
for (let step = 0; step < steps; step++) {
  const timestamp = t0 + step;
  for (let k = 0; k < keys; k++) run.logMetric(names[k], 1 / (step + 1) + k, { step, timestamp });
}
await run.end("FINISHED");
const seconds = (performance.now() - started) / 1000;
await exp.close();
console.log(JSON.stringify({ points: keys * steps, seconds, runId: run.id }));
