// The 10M-point file: one run whose metric has 10,000,000 points, exported
// from an embedded local store to HDF5 and imported into a fresh local store,
// side by side in the same rounds (tooling/bench). Reported: import time
// against export time, and the peak of process.memoryUsage().arrayBuffers
// (where Float64Arrays live, beyond the JS heap) during each, against the
// 240 MB the whole history takes. Goals: import ≤ 3× export's time; each
// holds ≤ 64 MB of arrayBuffers (a page, not the history).

import { rmSync } from "node:fs";
import path from "node:path";
import { DimExperiment } from "@dimexp/core";
import { createLocalBackend } from "@dimexp/backend-local";
import { finish, goal, header, info, peakMemory, ratioOf, scratchDir, sideBySide } from "@dimexp/tooling-bench";
import { exportExperiment, importExperiment } from "../dist/index.js";

const POINTS = Number(process.env.DIMEXP_BENCH_BIG_POINTS ?? 10_000_000);
const BATCH = 500_000;
const REPETITIONS = Number(process.env.DIMEXP_BENCH_ROUNDS ?? 3);
const MB = 1024 * 1024;
const work = scratchDir("io-import");

const local = (file) => {
  const opened = createLocalBackend({ path: file });
  if (opened._tag === "Left") throw new Error(opened.left.message);
  return opened.right;
};
const must = async (task) => {
  const r = await task();
  if (r._tag === "Left") throw new Error(r.left.message);
  return r.right;
};

header(`the ${POINTS.toLocaleString("en-US")}-point file: HDF5 export from a local store, import into a fresh one`);
const source = local(path.join(work, "source.db"));
{
  const exp = await must(source.getOrCreateExperiment("big"));
  const run = await must(source.createRun(exp.id, { name: "long", startTime: 1_700_000_000_000, tags: { "unit.signal": "V" } }));
  for (let start = 0, b = 0; start < POINTS; start += BATCH, b++) {
    const n = Math.min(BATCH, POINTS - start);
    const steps = new Float64Array(n);
    const values = new Float64Array(n);
    const timestamps = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      const i = start + j;
      steps[j] = i;
      values[j] = Math.sin(i * 1e-3) + (i % 7) * 1e-9;
      timestamps[j] = 1_700_000_000_000 + i * 3 + (i % 5);
    }
    await must(source.logBatch(run.id, { id: `b${b}`, params: [], tags: [], arrays: [], metrics: [{ key: "signal", steps, values, timestamps }] }));
  }
  await must(source.updateRun(run.id, { status: "FINISHED", endTime: 1_700_000_100_000 }));
}
const experiment = await DimExperiment.open("big", { backend: source });
const file = path.join(work, "big.h5");
const peaks = { export: 0, import: 0 };
const results = await sideBySide(
  [
    {
      name: "export",
      run: async () => {
        const { growth } = await peakMemory(() => exportExperiment(experiment, file, { compressionLevel: 4 }));
        peaks.export = Math.max(peaks.export, growth.arrayBuffers);
      },
    },
    {
      name: "import",
      run: async (round) => {
        const target = path.join(work, `target-${round + 1}.db`);
        const into = local(target);
        const { growth } = await peakMemory(() => importExperiment(file, { into }));
        peaks.import = Math.max(peaks.import, growth.arrayBuffers);
        into.close();
        for (const s of ["", "-wal", "-shm"]) rmSync(target + s, { force: true });
      },
    },
  ],
  { warmup: 1, repetitions: REPETITIONS, onSample: (name, round, s) => console.log(`  round ${round + 1} ${name}: ${s.toFixed(2)} s`) },
);
const exportT = results.get("export");
const importT = results.get("import");
info({ name: "HDF5 export of the 10M-point run", value: exportT.median, unit: "s" });
goal({
  name: "HDF5 import of the 10M-point file",
  value: importT.median,
  unit: "s",
  ratio: ratioOf(importT.samples, exportT.samples),
  peer: "export's time",
  goal: 3,
  higherIsBetter: false,
});
goal({ name: "export arrayBuffers peak", value: peaks.export / MB, unit: "MiB", goal: 64, higherIsBetter: false, note: `the history is ${((POINTS * 24) / MB).toFixed(0)} MiB` });
goal({ name: "import arrayBuffers peak", value: peaks.import / MB, unit: "MiB", goal: 64, higherIsBetter: false, note: `the history is ${((POINTS * 24) / MB).toFixed(0)} MiB` });
source.close();
finish();
