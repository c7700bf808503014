// `pnpm bench`: the benchmarks of @dimexp/backend-local, each in its own Node
// process. They import the built package (../dist), so build first — turbo's
// `bench` task depends on `build`. Goals are reported as PASS/MISS, never
// asserted: the exit code is non-zero only when a benchmark fails to run.
// DIMEXP_BENCH_DIR puts the scratch files elsewhere (default: the OS temp
// folder; it should be a real disk, as fsync is part of what is measured).

import { spawn } from "node:child_process";
import os from "node:os";
import { fileURLToPath } from "node:url";

const BENCHMARKS = ["ingest.mjs", "filter.mjs"];

const runOne = (file) =>
  new Promise((resolve) => {
    const child = spawn(process.execPath, ["--expose-gc", fileURLToPath(new URL(file, import.meta.url))], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.on("data", (chunk) => {
      out += chunk;
      process.stdout.write(chunk);
    });
    child.on("close", (code, signal) => resolve({ file, code: code ?? 1, signal, out }));
  });

const started = Date.now();
console.log(
  `@dimexp/backend-local benchmarks — Node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, load average ${os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(" ")}`,
);
console.log("Every comparison is measured side by side in the same run (interleaved rounds, medians).");

const results = [];
for (const file of BENCHMARKS) results.push(await runOne(file));

console.log(`\n=== summary (${((Date.now() - started) / 1000).toFixed(0)} s) ===`);
for (const r of results) {
  for (const line of r.out.split("\n").filter((l) => /^(PASS|MISS|info) /.test(l))) console.log(line);
  if (r.code !== 0) console.log(`FAILED TO RUN  ${r.file} (exit ${r.code}${r.signal ? `, ${r.signal}` : ""})`);
}
process.exitCode = results.some((r) => r.code !== 0) ? 1 : 0;
