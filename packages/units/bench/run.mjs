// `pnpm bench`: the three benchmarks of @dimexp/units, each in its own Node process
// (a clean JIT and heap per benchmark; --expose-gc lets the harness collect between
// timed batches). They import the built package (../dist), so build first — turbo's
// `bench` task depends on `build`. Goals are reported as PASS/MISS, never asserted:
// the exit code is non-zero only when a benchmark itself fails to run.

import { spawn } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import os from "node:os";

const BENCHMARKS = ["convert-array.mjs", "parse-convert.mjs", "bundle-size.mjs"];

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
  `@dimexp/units benchmarks — Node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, load average ${os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(" ")}`,
);
console.log("Every result is a ratio of variants timed side by side in the same rounds (interleaved, median of rounds).");

// The benchmarks measure the built package: say so when there is none, or when it is older than src/.
const dist = fileURLToPath(new URL("../dist/index.js", import.meta.url));
if (!existsSync(dist)) {
  console.error("dist/index.js is missing: run `pnpm --filter @dimexp/units build` (or the root `pnpm bench`, which builds).");
  process.exit(1);
}
const newestSource = (dir) =>
  readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .reduce((t, e) => Math.max(t, statSync(join(e.parentPath ?? e.path, e.name)).mtimeMs), 0);
if (newestSource(fileURLToPath(new URL("../src", import.meta.url))) > statSync(dist).mtimeMs) {
  console.log("WARNING: src/ has changed since dist/ was built; these numbers describe the last build.");
}

const results = [];
for (const file of BENCHMARKS) results.push(await runOne(file));

console.log(`\n=== summary (${((Date.now() - started) / 1000).toFixed(0)} s) ===`);
for (const r of results) {
  const lines = r.out.split("\n").filter((l) => /^(PASS|MISS|info) /.test(l));
  for (const l of lines) console.log(`${l}`);
  if (r.code !== 0) console.log(`FAILED TO RUN  ${r.file} (exit ${r.code}${r.signal ? `, ${r.signal}` : ""})`);
}
process.exitCode = results.some((r) => r.code !== 0) ? 1 : 0;
