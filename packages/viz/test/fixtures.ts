// Runs for the chart tests: the heat-equation scenario in SI (J, m) and CGS
// (erg, cm), one run in eV, and a sweep whose loss depends on the rod's length
// logged half in m and half in cm — so only unit-normalised params give the
// right importance and correlation.

import { type RunComparison, type RunSeries, compareSeries } from "@dimexp/compare";
import { q } from "@dimexp/units";

const EV = 1.602176634e-19;

const history = (scaleToUnit: number, final: number) => {
  const steps = Float64Array.from({ length: 100 }, (_, i) => i);
  const values = Float64Array.from(steps, (s) => ((final * 100) / (s + 1)) * scaleToUnit);
  return { steps, values };
};

export const heatRuns = (): RunSeries[] => [
  {
    name: "run-si",
    metrics: { loss: { ...history(1, 1.2e-4), unit: "J" } },
    params: { domain_length: q(1, "m"), learning_rate: q(1.162e-4, "1/s"), scheme: "crank-nicolson" },
  },
  {
    name: "run-cgs",
    metrics: { loss: { ...history(1e7, 1.2e-4), unit: "erg" } },
    params: { domain_length: q(100, "cm"), learning_rate: q(1.162e-4, "1/s"), scheme: "crank-nicolson" },
  },
  {
    name: "run-ev",
    metrics: { loss: { ...history(1 / EV, 1.5e-4), unit: "eV" } },
    params: { domain_length: q(1.5, "m"), learning_rate: q(5.16e-5, "1/s"), scheme: "crank-nicolson" },
  },
];

/** 16 runs: loss grows with the length (in m), a learning rate that does not matter, and a scheme. */
export const sweepRuns = (): RunSeries[] =>
  Array.from({ length: 16 }, (_, i) => {
    const metres = 0.2 + 0.1 * i;
    const inCm = i % 2 === 1;
    const noise = ((i * 7919) % 13) / 13 - 0.5;
    return {
      name: `sweep-${i}`,
      metrics: { loss: { values: [metres * metres * 1e-4 * (1 + 0.02 * noise)], unit: inCm ? "erg" : "J" } },
      params: {
        domain_length: inCm ? q(metres * 100, "cm") : q(metres, "m"),
        learning_rate: q(1e-4 * (1 + (i % 3)), "1/s"),
        scheme: i % 4 === 0 ? "explicit" : "crank-nicolson",
      },
    };
  }).map((run) => {
    // the loss in erg for the cm runs
    const loss = run.metrics.loss as { values: number[]; unit: string };
    return loss.unit === "erg" ? { ...run, metrics: { loss: { ...loss, values: loss.values.map((v) => v * 1e7) } } } : run;
  });

export const compare = (runs: RunSeries[], options: Parameters<typeof compareSeries>[2] = {}): RunComparison => {
  const result = compareSeries(runs, "loss", options);
  if (result._tag === "Left") throw new Error(result.left.message);
  return result.right;
};
