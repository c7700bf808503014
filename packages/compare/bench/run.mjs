// `pnpm bench`: comparing 200 runs × 50,000 steps logged in mixed units (J,
// erg, eV), against one plain Float64Array scaling pass over the same 10⁷
// values (a new array per run, value × factor), measured side by side in
// interleaved rounds; medians reported as ratios. Goal: compareSeries at most
// 3× the plain pass, for alignment "last" and for interpolated curves.
// Imports the built package (../dist): turbo's bench task builds first.

import os from "node:os";
import { compareSeries } from "../dist/index.js";

const RUNS = Number(process.env.DIMEXP_BENCH_RUNS ?? 200);
const STEPS = Number(process.env.DIMEXP_BENCH_STEPS ?? 50_000);
const ROUNDS = Number(process.env.DIMEXP_BENCH_ROUNDS ?? 7);
const GOAL = 3;

const UNITS = [
  { unit: "J", toJ: 1 },
  { unit: "erg", toJ: 1e-7 },
  { unit: "eV", toJ: 1.602176634e-19 },
];

/** Every run its own arrays (as loaded from a store), its loss in its unit. */
const makeRuns = (stride) =>
  Array.from({ length: RUNS }, (_, r) => {
    const { unit, toJ } = UNITS[r % UNITS.length];
    const steps = new Float64Array(STEPS);
    const values = new Float64Array(STEPS);
    // stride 1: every run on the same steps; stride 2: odd runs log every other step (offset), so grids differ
    const odd = stride === 2 && r % 2 === 1;
    for (let i = 0; i < STEPS; i++) {
      steps[i] = odd ? i * 2 + 1 : i;
      values[i] = (1 / (1 + i * 1e-3) + (r % 17) * 1e-4) / toJ;
    }
    return { name: `run-${r}`, metrics: { loss: { steps, values, unit } } };
  });

const runs = makeRuns(1);
const jittered = makeRuns(2);
const factors = runs.map((r) => UNITS.find((u) => u.unit === r.metrics.loss.unit).toJ);

let sink = 0;
const plainPass = () => {
  for (let r = 0; r < runs.length; r++) {
    const source = runs[r].metrics.loss.values;
    const scale = factors[r];
    const out = new Float64Array(source.length);
    for (let i = 0; i < source.length; i++) out[i] = source[i] * scale;
    sink += out[out.length - 1];
  }
};

const compare = (input, align) => () => {
  const result = compareSeries(input, "loss", { align, unit: "J" });
  if (result._tag === "Left") throw new Error(result.left.message);
  const m = result.right.metric("loss");
  sink += m.entries[m.entries.length - 1].value;
  if (m.curves) sink += m.curves.series[m.curves.series.length - 1].values[0];
};

const cases = [
  { name: 'compareSeries, align "last"', run: compare(runs, "last"), goal: true },
  { name: 'compareSeries, align "min"', run: compare(runs, "min"), goal: false },
  { name: "compareSeries, interpolated curves (same steps)", run: compare(runs, "interpolate"), goal: true },
  { name: "compareSeries, interpolated curves (two step grids, union of 75k steps)", run: compare(jittered, "interpolate"), goal: false },
];

const time = (fn) => {
  const t0 = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

console.log(
  `@dimexp/compare benchmark — Node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}; ${RUNS} runs × ${STEPS} steps (${((RUNS * STEPS) / 1e6).toFixed(0)}M values) in J, erg and eV`,
);
// warm-up (JIT) before measuring
plainPass();
for (const c of cases) c.run();

const baseline = [];
const measured = cases.map(() => []);
for (let round = 0; round < ROUNDS; round++) {
  globalThis.gc?.();
  baseline.push(time(plainPass));
  cases.forEach((c, i) => {
    globalThis.gc?.();
    measured[i].push(time(c.run));
  });
}
const base = median(baseline);
console.log(`plain Float64Array scaling pass: median ${base.toFixed(1)} ms over ${ROUNDS} interleaved rounds`);
for (const [i, c] of cases.entries()) {
  const ratio = median(measured[i]) / base;
  const verdict = c.goal ? (ratio <= GOAL ? "PASS" : "MISS") : "info";
  console.log(`${verdict} ${c.name}: ${ratio.toFixed(2)}× the plain pass${c.goal ? ` (goal ≤ ${GOAL}×)` : ""}`);
}
if (sink === 42) console.log("");
