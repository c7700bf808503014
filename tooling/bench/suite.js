// `pnpm bench` of a package: each benchmark file in its own Node process (a
// clean JIT and heap; --expose-gc lets the harness collect between rounds),
// then one summary of every figure. Exit code: non-zero when a benchmark fails
// to run, and, with BENCH_STRICT=1, when a goal was missed.

import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { machine } from "./scratch.js";

const runOne = (file, sink, nodeArgs) =>
  new Promise((resolve) => {
    const child = spawn(process.execPath, ["--expose-gc", ...nodeArgs, file], {
      stdio: ["ignore", "inherit", "inherit"],
      env: { ...process.env, DIMEXP_BENCH_RESULTS: sink },
    });
    child.on("close", (code, signal) => resolve({ file, code: code ?? 1, signal }));
  });

/**
 * title: the package name; files: benchmark files relative to `base`
 * (pass import.meta.url of the runner). Returns the exit code it set.
 */
export const runSuite = async (title, files, base, { nodeArgs = [] } = {}) => {
  const started = Date.now();
  console.log(`${title} benchmarks — ${machine()}`);
  console.log("Every comparison is measured side by side in the same run (interleaved rounds, medians).");
  const tmp = mkdtempSync(path.join(os.tmpdir(), "dimexp-bench-results-"));
  const outcomes = [];
  try {
    for (const file of files) {
      const sink = path.join(tmp, `${path.basename(file)}.jsonl`);
      const run = await runOne(fileURLToPath(new URL(file, base)), sink, nodeArgs);
      const entries = existsSync(sink)
        ? readFileSync(sink, "utf8")
            .split("\n")
            .filter(Boolean)
            .map((l) => JSON.parse(l))
        : [];
      outcomes.push({ ...run, entries });
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  console.log(`\n=== summary (${((Date.now() - started) / 1000).toFixed(0)} s) ===`);
  let failed = false;
  let missed = 0;
  for (const o of outcomes) {
    for (const e of o.entries) {
      console.log(e.line);
      if (!e.ok) missed++;
    }
    if (o.code !== 0) {
      failed = true;
      console.log(`FAILED TO RUN  ${path.basename(o.file)} (exit ${o.code}${o.signal ? `, ${o.signal}` : ""})`);
    }
  }
  const strictMiss = process.env.BENCH_STRICT === "1" && missed > 0;
  if (missed > 0) console.log(`${missed} goal(s) missed${strictMiss ? " (BENCH_STRICT=1: failing)" : " (set BENCH_STRICT=1 to fail on a miss)"}`);
  process.exitCode = failed || strictMiss ? 1 : 0;
  return process.exitCode;
};
