// HDF5 export against h5py, and JSON export against JSON.stringify, side by
// side in the same rounds (tooling/bench).
//  - HDF5: exportExperiment of RUNS runs × POINTS points (gzip LEVEL,
//    CHUNK-element chunks) against h5py writing the same arrays in the same
//    layout with the same chunks and compression (h5py_write.py), timed inside
//    Python (start-up and input loading not counted). Goal ≥ 1.0× h5py.
//  - JSON: MB/s written to disk, beside JSON.stringify of the same data in
//    memory. Goal ≥ 50 MB/s.
// Needs the build (../dist) and, for h5py, the dimtensor venv
// (tooling/python/dimtensor, built by `pnpm test` in this package).

import { execFileSync } from "node:child_process";
import { existsSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { finish, goal, header, info, scratchDir, sideBySide, skipped, speedOf } from "@dimexp/tooling-bench";
import { exportExperiment } from "../dist/index.js";
import { makeExperiment } from "./data.mjs";

const RUNS = Number(process.env.DIMEXP_BENCH_RUNS ?? 100);
const POINTS = Number(process.env.DIMEXP_BENCH_POINTS ?? 100_000);
const REPETITIONS = Number(process.env.DIMEXP_BENCH_ROUNDS ?? 3);
const CHUNK = 262_144;
const LEVEL = 4;

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "../../..");
const python = path.join(repo, "tooling/python/dimtensor/.venv/bin/python");
const work = scratchDir("io-export");
const mb = (bytes) => bytes / 1e6;

const { exp, all, columns, rawBytes } = await makeExperiment(RUNS, POINTS);
console.log(`data: ${RUNS} runs × ${POINTS.toLocaleString("en-US")} points (steps, values, timestamps: ${mb(rawBytes).toFixed(0)} MB of float64)`);

header(`HDF5 export vs h5py (gzip ${LEVEL}, ${CHUNK}-element chunks)`);
if (existsSync(python)) {
  const input = path.join(work, "input.bin");
  writeFileSync(input, Buffer.from(all.buffer));
  const results = await sideBySide(
    [
      {
        name: "ours",
        run: async (round) => {
          const file = path.join(work, `ours-${round}.h5`);
          await exportExperiment(exp, file, { compressionLevel: LEVEL, chunkElements: CHUNK });
          if (round === 0) console.log(`  ours: ${statSync(file).size.toLocaleString("en-US")} bytes`);
          rmSync(file);
        },
      },
      {
        name: "h5py",
        run: (round) => {
          const file = path.join(work, `h5py-${round}.h5`);
          const out = execFileSync(python, [path.join(here, "h5py_write.py"), input, file, String(RUNS), String(POINTS), String(CHUNK), String(LEVEL)], { encoding: "utf8" });
          if (round === 0) console.log(`  h5py: ${statSync(file).size.toLocaleString("en-US")} bytes`);
          rmSync(file);
          return JSON.parse(out.trim().split("\n").pop()).seconds;
        },
      },
    ],
    { warmup: 1, repetitions: REPETITIONS, onSample: (name, round, s) => console.log(`  round ${round + 1} ${name}: ${s.toFixed(2)} s`) },
  );
  const ours = results.get("ours");
  goal({
    name: "HDF5 export",
    value: mb(rawBytes) / ours.median,
    unit: "MB/s",
    ratio: speedOf(ours.samples, results.get("h5py").samples),
    peer: "h5py",
    goal: 1.0,
  });
} else {
  skipped("HDF5 export vs h5py", `no ${path.relative(repo, python)} (run this package's tests once to build it)`);
}

header("JSON export vs JSON.stringify");
{
  const plain = columns.map(({ steps, values, timestamps }) => ({ steps: Array.from(steps), values: Array.from(values), timestamps: Array.from(timestamps) }));
  let bytes = 0;
  let plainBytes = 0;
  const results = await sideBySide(
    [
      {
        name: "export",
        run: async (round) => {
          const file = path.join(work, `ours-${round}.json`);
          bytes = (await exportExperiment(exp, file)).bytes;
          rmSync(file);
        },
      },
      {
        name: "stringify",
        run: () => {
          // one run at a time: a 500 MB string would exceed V8's limit
          let size = 0;
          for (const run of plain) size += JSON.stringify(run).length;
          plainBytes = size;
        },
      },
    ],
    { warmup: 0, repetitions: REPETITIONS },
  );
  const rate = mb(bytes) / results.get("export").median;
  goal({ name: "JSON export", value: rate, unit: "MB/s", goal: 50, note: `${mb(bytes).toFixed(0)} MB written to disk, exact and streamed` });
  info({
    name: "JSON export beside JSON.stringify in memory",
    value: rate,
    unit: "MB/s",
    ratio: speedOf(
      results.get("export").samples.map((s) => s / mb(bytes)),
      results.get("stringify").samples.map((s) => s / mb(plainBytes)),
    ),
    peer: "JSON.stringify",
  });
}
finish();
