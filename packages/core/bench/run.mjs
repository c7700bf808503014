// logMetric call overhead, amortised over buffering and batch flushes.
// Goal: ≤ 1 µs per call. Printed beside a baseline measured in the same run:
// pushing one plain object per point onto an array (what a naive tracker does).
// Rounds are interleaved and the median is reported.

import { DimExperiment, createMemoryBackend, q } from "../dist/index.js";

const N = 1_000_000;
const ROUNDS = 7;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const exp = await DimExperiment.open("bench", { backend: createMemoryBackend(), onWarning: () => {} });

const variants = {
  "logMetric(name, number, { step })": async () => {
    const run = await exp.startRun("numbers");
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < N; i++) run.logMetric("loss", i * 0.5, { step: i });
    await run.flush();
    const t1 = process.hrtime.bigint();
    await run.end();
    return Number(t1 - t0) / N;
  },
  'logMetric(name, q(v, "J"), { step })': async () => {
    const run = await exp.startRun("quantities");
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < N; i++) run.logMetric("loss", q(i * 0.5, "J"), { step: i });
    await run.flush();
    const t1 = process.hrtime.bigint();
    await run.end();
    return Number(t1 - t0) / N;
  },
  'logMetric(name, q(v, "erg")) into a J metric (converted)': async () => {
    const run = await exp.startRun("converted");
    run.logMetric("loss", q(1, "J"), { step: 0 });
    const t0 = process.hrtime.bigint();
    for (let i = 1; i <= N; i++) run.logMetric("loss", q(i * 0.5, "erg"), { step: i });
    await run.flush();
    const t1 = process.hrtime.bigint();
    await run.end();
    return Number(t1 - t0) / N;
  },
  "baseline: points.push({ key, value, step, timestamp })": async () => {
    const t0 = process.hrtime.bigint();
    const points = [];
    for (let i = 0; i < N; i++) points.push({ key: "loss", value: i * 0.5, step: i, timestamp: Date.now() });
    const t1 = process.hrtime.bigint();
    if (points.length !== N) throw new Error("baseline lost points");
    return Number(t1 - t0) / N;
  },
};

const names = Object.keys(variants);
const samples = Object.fromEntries(names.map((n) => [n, []]));
for (const n of names) await variants[n](); // warm-up
for (let r = 0; r < ROUNDS; r++) {
  const order = names.map((_, i) => names[(i + r) % names.length]);
  for (const n of order) samples[n].push(await variants[n]());
}

console.log(`@dimexp/core logMetric overhead — ${N.toLocaleString()} calls per round, median of ${ROUNDS} interleaved rounds (flush to the memory backend included)`);
const base = median(samples[names[3]]);
for (const n of names) {
  const ns = median(samples[n]);
  console.log(`  ${n.padEnd(58)} ${ns.toFixed(0).padStart(5)} ns/call   time ratio vs baseline ${(ns / base).toFixed(2)}×`);
}
for (const n of names.slice(0, 3)) {
  const ns = median(samples[n]);
  console.log(`${ns <= 1000 ? "PASS" : "MISS"}  ${n}: ${(ns / 1000).toFixed(3)} µs/call amortised (goal ≤ 1 µs)`);
}
