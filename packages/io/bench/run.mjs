// `pnpm bench` for @dimexp/io. Every figure is a ratio measured side by side
// in this run (rounds interleaved, medians): shared machines are noisy.
//
//  - HDF5 export of 100 runs × 100,000 points (exportExperiment from an
//    in-memory experiment, gzip 4, 262,144-element chunks) against h5py
//    writing the same arrays in the same layout, timed inside Python.
//    Goal: ≥ 0.5× h5py's throughput.
//  - JSON export of the same experiment, in MB/s, beside JSON.stringify of
//    the same data (plain arrays of numbers, one run at a time: a 500 MB
//    string would exceed V8's limit). Goal: ≥ 50 MB/s.
// Needs the build (../dist) and, for the h5py side, the dimtensor venv
// (tooling/python/dimtensor, built by `pnpm test` in this package).

import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync, writeFileSync, existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { DimExperiment, createMemoryBackend } from "@dimexp/core";
import { exportExperiment } from "../dist/index.js";

const RUNS = 100;
const POINTS = 100_000;
const ROUNDS = 3;
const CHUNK = 262_144;
const LEVEL = 4;

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "../../..");
const python = path.join(repo, "tooling/python/dimtensor/.venv/bin/python");
const work = mkdtempSync(path.join(process.env.DIMEXP_BENCH_DIR ?? os.tmpdir(), "dimexp-io-bench-"));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mb = (bytes) => bytes / 1e6;

console.log(
  `@dimexp/io benchmarks — Node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, load average ${os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(" ")}`,
);

// ---------------------------------------------------------------- the data
// A loss curve with noise (17-digit doubles, JSON's worst case), integer
// steps and millisecond timestamps; a seeded generator, so every run of the
// benchmark writes the same bytes.
let seed = 42;
const random = () => {
  seed = (seed * 1664525 + 1013904223) >>> 0;
  return seed / 2 ** 32;
};
const columns = [];
const all = new Float64Array(RUNS * 3 * POINTS);
for (let r = 0; r < RUNS; r++) {
  const steps = all.subarray((r * 3) * POINTS, (r * 3 + 1) * POINTS);
  const values = all.subarray((r * 3 + 1) * POINTS, (r * 3 + 2) * POINTS);
  const timestamps = all.subarray((r * 3 + 2) * POINTS, (r * 3 + 3) * POINTS);
  for (let i = 0; i < POINTS; i++) {
    steps[i] = i;
    values[i] = Math.exp(-i / 20_000) * (1 + r / 100) + random() * 1e-3;
    timestamps[i] = 1_700_000_000_000 + r * 1_000_000 + i * 37;
  }
  columns.push({ steps, values, timestamps });
}
const backend = createMemoryBackend();
const exp = await DimExperiment.open("bench", { backend });
for (let r = 0; r < RUNS; r++) {
  const info = await backend.createRun(exp.id, { name: `run-${r}`, startTime: 1_700_000_000_000 + r, tags: { "unit.loss": "J" } })();
  const { steps, values, timestamps } = columns[r];
  await backend.logBatch(info.right.id, { id: `b${r}`, params: [], tags: [], arrays: [], metrics: [{ key: "loss", steps, values, timestamps }] })();
  await backend.updateRun(info.right.id, { status: "FINISHED", endTime: 1_700_000_100_000 })();
}
const rawBytes = RUNS * 3 * POINTS * 8;
console.log(`data: ${RUNS} runs × ${POINTS.toLocaleString("en-US")} points (steps, values, timestamps: ${mb(rawBytes).toFixed(0)} MB of float64)`);

const results = [];
const report = (ok, text) => {
  const line = `${ok === undefined ? "info" : ok ? "PASS" : "MISS"} ${text}`;
  results.push(line);
  console.log(line);
};

// ---------------------------------------------------------------- HDF5
const haveH5py = existsSync(python);
if (haveH5py) {
  const input = path.join(work, "input.bin");
  writeFileSync(input, Buffer.from(all.buffer));
  const ours = [];
  const theirs = [];
  for (let round = 0; round < ROUNDS; round++) {
    const file = path.join(work, `ours-${round}.h5`);
    const t0 = performance.now();
    await exportExperiment(exp, file, { compressionLevel: LEVEL, chunkElements: CHUNK });
    ours.push((performance.now() - t0) / 1000);
    const out = execFileSync(python, [path.join(here, "h5py_write.py"), input, path.join(work, `h5py-${round}.h5`), String(RUNS), String(POINTS), String(CHUNK), String(LEVEL)], {
      encoding: "utf8",
    });
    theirs.push(JSON.parse(out.trim().split("\n").pop()).seconds);
    console.log(`  round ${round + 1}: ours ${ours[round].toFixed(2)} s (${statSync(file).size.toLocaleString("en-US")} bytes), h5py ${theirs[round].toFixed(2)} s`);
    rmSync(file);
    rmSync(path.join(work, `h5py-${round}.h5`));
  }
  const t = median(ours);
  const h = median(theirs);
  const ratio = h / t;
  report(
    ratio >= 0.5,
    `HDF5 export: ${mb(rawBytes / t).toFixed(0)} MB/s of float64 vs h5py ${mb(rawBytes / h).toFixed(0)} MB/s → ${ratio.toFixed(2)}× h5py's throughput (goal ≥ 0.5×)`,
  );
} else {
  report(undefined, `HDF5 export vs h5py: skipped, no ${path.relative(repo, python)} (run this package's tests once to build it)`);
}

// ---------------------------------------------------------------- JSON
{
  const plain = columns.map(({ steps, values, timestamps }) => ({ steps: Array.from(steps), values: Array.from(values), timestamps: Array.from(timestamps) }));
  const ours = [];
  const stringify = [];
  let bytes = 0;
  let plainBytes = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const file = path.join(work, `ours-${round}.json`);
    const t0 = performance.now();
    const result = await exportExperiment(exp, file);
    ours.push((performance.now() - t0) / 1000);
    bytes = result.bytes;
    rmSync(file);
    const t1 = performance.now();
    let size = 0;
    for (const run of plain) size += JSON.stringify(run).length;
    stringify.push((performance.now() - t1) / 1000);
    plainBytes = size;
    console.log(`  round ${round + 1}: export ${ours[round].toFixed(2)} s, JSON.stringify ${stringify[round].toFixed(2)} s`);
  }
  const rate = mb(bytes) / median(ours);
  const plainRate = mb(plainBytes) / median(stringify);
  report(
    rate >= 50,
    `JSON export: ${rate.toFixed(0)} MB/s (${mb(bytes).toFixed(0)} MB written to disk, exact and streamed) beside JSON.stringify of the same data in memory: ${plainRate.toFixed(0)} MB/s (${mb(plainBytes).toFixed(0)} MB) → ${(rate / plainRate).toFixed(2)}× (goal ≥ 50 MB/s)`,
  );
}

rmSync(work, { recursive: true, force: true });
console.log("\n=== summary ===");
for (const line of results) console.log(line);
