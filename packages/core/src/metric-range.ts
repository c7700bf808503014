// A ranged read of a metric's history (ExperimentBackend.getMetricHistoryRange):
// the points whose step lies in [fromStep, toStep], in logging order, from the
// `offset`-th such point, at most `limit` of them. Paging with offset/limit in
// logging order (not by step) is what lets an exporter copy a long history
// exactly, a page at a time, without holding it whole; the step bounds are
// what a viewer asks for. One implementation of the semantics, shared by the
// backends that store a history as chunks (memory, local).

import { type InvalidValue, invalidValue } from "./errors.js";
import type { MetricSeries } from "./model.js";

export interface MetricHistoryRange {
  /** only points with step ≥ fromStep (default: no lower bound) */
  readonly fromStep?: number | undefined;
  /** only points with step ≤ toStep (default: no upper bound) */
  readonly toStep?: number | undefined;
  /** skip this many of the selected points, in logging order (default 0) */
  readonly offset?: number | undefined;
  /** at most this many points (default: all the rest) */
  readonly limit?: number | undefined;
}

/** What is wrong with a range, as an InvalidValue naming what was given and what is accepted; undefined when fine. */
export const metricRangeProblem = (range: MetricHistoryRange): InvalidValue | undefined => {
  for (const name of ["offset", "limit"] as const) {
    const v = range[name];
    if (v !== undefined && !(Number.isSafeInteger(v) && v >= 0)) {
      return invalidValue(`metric history ${name}`, `got ${String(v)}; expected a whole number ≥ 0 (or leave it out)`);
    }
  }
  for (const name of ["fromStep", "toStep"] as const) {
    const v = range[name];
    if (v !== undefined && (typeof v !== "number" || Number.isNaN(v))) {
      return invalidValue(`metric history ${name}`, `got ${String(v)}; expected a number (±Infinity allowed) or leave it out`);
    }
  }
  return undefined;
};

/** A stored chunk of a history: its point count, and its points when needed. */
export interface HistoryChunk {
  readonly count: number;
  load(): { readonly steps: Float64Array; readonly values: Float64Array; readonly timestamps: Float64Array };
}

const join = (key: string, parts: { steps: Float64Array; values: Float64Array; timestamps: Float64Array }[], total: number): MetricSeries => {
  const only = parts.length === 1 ? parts[0] : undefined;
  if (only) return { key, steps: only.steps, values: only.values, timestamps: only.timestamps };
  const out = { key, steps: new Float64Array(total), values: new Float64Array(total), timestamps: new Float64Array(total) };
  let at = 0;
  for (const p of parts) {
    out.steps.set(p.steps, at);
    out.values.set(p.values, at);
    out.timestamps.set(p.timestamps, at);
    at += p.steps.length;
  }
  return out;
};

/**
 * Selects a range from chunks in logging order. Without step bounds, chunks
 * before the offset are skipped without being loaded; reading stops as soon
 * as `limit` points are found, so only the chunks that hold the page are read.
 * The range must have passed metricRangeProblem.
 */
export const selectMetricRange = (key: string, chunks: Iterable<HistoryChunk>, range: MetricHistoryRange): MetricSeries => {
  const lo = range.fromStep ?? Number.NEGATIVE_INFINITY;
  const hi = range.toStep ?? Number.POSITIVE_INFINITY;
  const filtered = range.fromStep !== undefined || range.toStep !== undefined;
  let skip = range.offset ?? 0;
  let want = range.limit ?? Number.POSITIVE_INFINITY;
  const parts: { steps: Float64Array; values: Float64Array; timestamps: Float64Array }[] = [];
  let total = 0;
  for (const chunk of chunks) {
    if (want <= 0) break;
    if (!filtered && skip >= chunk.count) {
      skip -= chunk.count;
      continue;
    }
    const c = chunk.load();
    if (!filtered) {
      const end = Math.min(c.steps.length, skip + want);
      parts.push({ steps: c.steps.subarray(skip, end), values: c.values.subarray(skip, end), timestamps: c.timestamps.subarray(skip, end) });
      total += end - skip;
      want -= end - skip;
      skip = 0;
      continue;
    }
    const picked: number[] = [];
    for (let i = 0; i < c.steps.length && picked.length < want; i++) {
      const s = c.steps[i] as number;
      if (s >= lo && s <= hi) {
        if (skip > 0) skip--;
        else picked.push(i);
      }
    }
    if (picked.length === 0) continue;
    const n = picked.length;
    const part = { steps: new Float64Array(n), values: new Float64Array(n), timestamps: new Float64Array(n) };
    for (let j = 0; j < n; j++) {
      const i = picked[j] as number;
      part.steps[j] = c.steps[i] as number;
      part.values[j] = c.values[i] as number;
      part.timestamps[j] = c.timestamps[i] as number;
    }
    parts.push(part);
    total += n;
    want -= n;
  }
  // Subarrays of a loaded chunk would pin the whole chunk's buffers: copy out.
  if (parts.length === 1 && !filtered) {
    const p = parts[0] as { steps: Float64Array; values: Float64Array; timestamps: Float64Array };
    return { key, steps: p.steps.slice(), values: p.values.slice(), timestamps: p.timestamps.slice() };
  }
  return join(key, parts, total);
};

/** Whether a backend reads histories in ranges (implements getMetricHistoryRange). */
export const hasRangedHistory = <B extends { getMetricHistoryRange?: unknown }>(
  backend: B,
): backend is B & { getMetricHistoryRange: NonNullable<B["getMetricHistoryRange"]> } => typeof backend.getMetricHistoryRange === "function";
