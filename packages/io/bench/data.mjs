// The benchmark experiment: RUNS runs × POINTS points of a loss curve with
// noise (17-digit doubles, JSON's worst case), integer steps and millisecond
// timestamps, from a seeded generator so every run writes the same bytes.

import { DimExperiment, createMemoryBackend } from "@dimexp/core";

export const makeExperiment = async (runs, points) => {
  let seed = 42;
  const random = () => {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return seed / 2 ** 32;
  };
  const all = new Float64Array(runs * 3 * points);
  const columns = [];
  for (let r = 0; r < runs; r++) {
    const steps = all.subarray(r * 3 * points, (r * 3 + 1) * points);
    const values = all.subarray((r * 3 + 1) * points, (r * 3 + 2) * points);
    const timestamps = all.subarray((r * 3 + 2) * points, (r * 3 + 3) * points);
    for (let i = 0; i < points; i++) {
      steps[i] = i;
      values[i] = Math.exp(-i / 20_000) * (1 + r / 100) + random() * 1e-3;
      timestamps[i] = 1_700_000_000_000 + r * 1_000_000 + i * 37;
    }
    columns.push({ steps, values, timestamps });
  }
  const backend = createMemoryBackend();
  const exp = await DimExperiment.open("bench", { backend });
  for (let r = 0; r < runs; r++) {
    const info = await backend.createRun(exp.id, { name: `run-${r}`, startTime: 1_700_000_000_000 + r, tags: { "unit.loss": "J" } })();
    const { steps, values, timestamps } = columns[r];
    await backend.logBatch(info.right.id, { id: `b${r}`, params: [], tags: [], arrays: [], metrics: [{ key: "loss", steps, values, timestamps }] })();
    await backend.updateRun(info.right.id, { status: "FINISHED", endTime: 1_700_000_100_000 })();
  }
  return { exp, backend, all, columns, rawBytes: runs * 3 * points * 8 };
};
