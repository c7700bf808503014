// One line per measured figure, in one format for every package:
//   "<name>: <value> <unit>, ratio <R>× vs <peer> (goal ≥ <G>×) ok|MISS"
// A goal is reported, not asserted, unless BENCH_STRICT=1: then a miss makes
// the process exit non-zero (finish()). When DIMEXP_BENCH_RESULTS names a
// file (set by runSuite), every line is also appended there as JSON, so the
// suite's summary does not depend on parsing free text.

import { appendFileSync } from "node:fs";

const lines = [];

export const strict = () => process.env.BENCH_STRICT === "1";

const fmtNumber = (x) => {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  if (a !== 0 && (a >= 1e7 || a < 1e-3)) return x.toExponential(2).replace("e+", "e");
  if (a >= 100) return x.toFixed(0);
  if (a >= 10) return x.toFixed(1);
  return x.toFixed(2);
};

const record = (entry) => {
  lines.push(entry);
  console.log(entry.line);
  const sink = process.env.DIMEXP_BENCH_RESULTS;
  if (sink) appendFileSync(sink, `${JSON.stringify(entry)}\n`);
  return entry;
};

const describeRatio = (ratio, peer) => {
  const r = typeof ratio === "number" ? { median: ratio } : ratio;
  const range = r.min !== undefined && r.max !== undefined ? `rounds ${r.min.toFixed(2)}–${r.max.toFixed(2)}×` : "";
  return { text: `, ratio ${r.median.toFixed(2)}× vs ${peer}`, range, value: r.median };
};

const tail = (...parts) => {
  const text = parts.filter(Boolean).join("; ");
  return text ? ` — ${text}` : "";
};

/**
 * A figure with a goal. With `ratio` (a number or { median, min, max }) and
 * `peer`, the goal is on the ratio (in ×); without, on the value (in `unit`).
 * higherIsBetter = false for times, memory, sizes.
 */
export const goal = ({ name, value, unit, ratio, peer, goal: target, higherIsBetter = true, note }) => {
  if (typeof target !== "number") throw new Error(`goal "${name}": no numeric goal given`);
  if (ratio !== undefined && !peer) throw new Error(`goal "${name}": a ratio needs the peer it is measured against`);
  const r = ratio === undefined ? undefined : describeRatio(ratio, peer);
  const measured = r ? r.value : value;
  const ok = higherIsBetter ? measured >= target : measured <= target;
  const op = higherIsBetter ? "≥" : "≤";
  const goalText = r ? `${target}×` : `${fmtNumber(target)} ${unit}`;
  const line = `${name}: ${fmtNumber(value)} ${unit}${r ? r.text : ""} (goal ${op} ${goalText}) ${ok ? "ok" : "MISS"}${tail(r?.range, note)}`;
  return record({ kind: "goal", name, value, unit, ratio: r?.value, peer, goal: target, higherIsBetter, ok, line });
};

/** A figure that is not itself a goal (context for one that is). */
export const info = ({ name, value, unit, ratio, peer, note }) => {
  const r = ratio === undefined ? undefined : describeRatio(ratio, peer ?? "?");
  const line = `${name}: ${fmtNumber(value)} ${unit}${r ? r.text : ""} (info)${tail(r?.range, note)}`;
  return record({ kind: "info", name, value, unit, ratio: r?.value, peer, ok: true, line });
};

/** A figure that could not be measured (a missing peer): a miss when strict. */
export const skipped = (name, reason) =>
  record({ kind: "skipped", name, ok: !strict(), line: `${name}: skipped — ${reason}${strict() ? " MISS" : ""}` });

export const header = (title) => console.log(`\n=== ${title} ===`);

/** Every line reported by this process so far. */
export const reported = () => [...lines];

/**
 * Ends a benchmark process: prints the summary when asked and, with
 * BENCH_STRICT=1, sets a non-zero exit code if any goal was missed.
 */
export const finish = ({ summary = false } = {}) => {
  if (summary) {
    header("summary");
    for (const l of lines) console.log(l.line);
  }
  const missed = lines.filter((l) => !l.ok);
  if (missed.length > 0 && strict()) process.exitCode = 1;
  return { missed: missed.length };
};
