// Interleaved, median-of-rounds timing. These machines are shared and noisy, so
// a bare time means little: every variant runs once per round, the rounds rotate
// the order (each variant takes every position), and results are reported as
// ratios of variants measured in the same round, summarised by their median.

const nowNs = () => process.hrtime.bigint();
const collect = typeof globalThis.gc === "function" ? globalThis.gc : () => {};

let blackhole = 0;
/** Keeps results observable so the JIT cannot drop the work that produced them. */
export const consume = (x) => {
  blackhole += typeof x === "number" ? x : 1;
};

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/**
 * Runs `variants` side by side.
 *   variant: { name, work, run(), prepare?(calls) }
 *     work     units of work (elements, conversions) done by one run()
 *     prepare  untimed, before each batch of `calls` runs (fresh inputs for cold paths)
 *   options: rounds, warmupMs (per variant), targetMs (per variant per round), maxCalls
 * Returns Map name → { rates: number[] (work/s, one per round), median }.
 */
export const interleave = (variants, { rounds = 9, warmupMs = 300, targetMs = 100, maxCalls = 1e6 } = {}) => {
  const time = (v, calls) => {
    v.prepare?.(calls);
    collect();
    const t0 = nowNs();
    for (let i = 0; i < calls; i++) consume(v.run());
    return Number(nowNs() - t0) / 1e9;
  };

  // Warm up (JIT tiers, caches, page faults) and calibrate calls per round.
  const calls = new Map();
  for (const v of variants) {
    let n = 1;
    let spent = 0;
    const until = warmupMs / 1000;
    let perCall = Number.POSITIVE_INFINITY;
    while (spent < until) {
      const s = time(v, n);
      spent += s;
      perCall = Math.min(perCall, s / n);
      if (s < until / 4) n *= 2;
    }
    calls.set(v.name, Math.max(1, Math.min(maxCalls, Math.round(targetMs / 1000 / perCall))));
  }

  const results = new Map(variants.map((v) => [v.name, { rates: [], median: 0, calls: calls.get(v.name) }]));
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < variants.length; k++) {
      const v = variants[(k + r) % variants.length];
      const n = calls.get(v.name);
      results.get(v.name).rates.push((v.work * n) / time(v, n));
    }
  }
  for (const res of results.values()) res.median = median(res.rates);
  if (blackhole === 0.123456789) console.log("(blackhole)");
  return results;
};

/** Ratio a/b of rates measured in the same rounds: median and range of the per-round ratios. */
export const ratio = (results, a, b) => {
  const ra = results.get(a).rates;
  const rb = results.get(b).rates;
  const per = ra.map((x, i) => x / rb[i]);
  return { median: median(per), min: Math.min(...per), max: Math.max(...per) };
};

export const fmtRate = (x) => x.toExponential(2).replace("e+", "e");
export const fmtRatio = (r) => `${r.median.toFixed(2)}× (rounds: ${r.min.toFixed(2)}–${r.max.toFixed(2)})`;

/** Prints one goal line; benchmarks report, they never fail on a goal. */
export const goal = (label, measured, target, unit = "×", higherIsBetter = true) => {
  const ok = higherIsBetter ? measured >= target : measured <= target;
  const verdict = ok ? "PASS" : "MISS";
  const op = higherIsBetter ? "≥" : "≤";
  const line = `${verdict}  ${label}: ${measured.toFixed(2)}${unit} (goal ${op} ${target}${unit})`;
  console.log(line);
  return { ok, line };
};

/** A measured ratio that is not itself a goal, printed next to the goal it informs. */
export const info = (label, measured, note = "") => {
  console.log(`info  ${label}: ${measured.toFixed(2)}×${note ? ` (${note})` : ""}`);
};

export const header = (title) => {
  console.log(`\n=== ${title} ===`);
};

export const table = (rows) => {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => String(r[c]).length)));
  for (const row of rows) console.log(`  ${row.map((cell, c) => String(cell).padEnd(widths[c])).join("  ")}`.trimEnd());
};
