// Shared by the benchmarks of @dimexp/backend-local. Every result is a ratio of
// variants measured side by side in the same run, round by round (the order
// rotates each round), summarised by the median of rounds: these machines are
// shared and noisy, so a bare time means little. Goals are reported as
// PASS/MISS, never asserted.

import { mkdtempSync, rmSync, statfsSync } from "node:fs";
import os from "node:os";
import path from "node:path";

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

export const now = () => Number(process.hrtime.bigint()) / 1e6;

/**
 * Runs async variants in interleaved rounds. variant: { name, run(round) → ms }.
 * Returns Map name → { times: number[] (ms per round), median }.
 */
export const interleaveAsync = async (variants, rounds, onRound = () => {}) => {
  const results = new Map(variants.map((v) => [v.name, { times: [], median: 0 }]));
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < variants.length; k++) {
      const v = variants[(k + r) % variants.length];
      globalThis.gc?.();
      const ms = await v.run(r);
      results.get(v.name).times.push(ms);
      onRound(v.name, r, ms);
    }
  }
  for (const res of results.values()) res.median = median(res.times);
  return results;
};

/** Per-round ratio a/b of times (or of anything measured per round): median and range. */
export const ratioOf = (a, b) => {
  const per = a.map((x, i) => x / b[i]);
  return { median: median(per), min: Math.min(...per), max: Math.max(...per) };
};

export const fmtRatio = (r) => `${r.median.toFixed(2)}× (rounds: ${r.min.toFixed(2)}–${r.max.toFixed(2)})`;
export const fmtRate = (x) => `${(x / 1e6).toFixed(2)} M points/s`;

export const goal = (label, measured, target, unit = "×", higherIsBetter = true) => {
  const ok = higherIsBetter ? measured >= target : measured <= target;
  console.log(`${ok ? "PASS" : "MISS"}  ${label}: ${measured.toFixed(2)}${unit} (goal ${higherIsBetter ? "≥" : "≤"} ${target}${unit})`);
  return ok;
};

export const info = (label, text) => console.log(`info  ${label}: ${text}`);

export const header = (title) => console.log(`\n=== ${title} ===`);

/**
 * A scratch folder on a real disk (fsync must cost what it costs for users):
 * DIMEXP_BENCH_DIR, else the OS temp folder. Removed on exit.
 */
export const scratchDir = (label) => {
  const parent = process.env.DIMEXP_BENCH_DIR ?? os.tmpdir();
  const dir = mkdtempSync(path.join(parent, `dimexp-bench-${label}-`));
  process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
  let fs = "?";
  try {
    const type = statfsSync(dir).type;
    const names = new Map([
      [0xef53, "ext4"],
      [0x01021994, "tmpfs"],
      [0x58465342, "xfs"],
      [0x9123683e, "btrfs"],
      [0x794c7630, "overlayfs"],
    ]);
    fs = names.get(type) ?? `0x${type.toString(16)}`;
  } catch {}
  console.log(`scratch files in ${dir} (filesystem: ${fs})`);
  return dir;
};
