// dimexp → W&B: a run state as W&B's config, summary, run tags and history
// rows (the layout is described in state.ts).

import type { LatestMetric, MetricSeries } from "@dimexp/core";
import { MAX_TAG_LENGTH } from "../ids.js";
import { type JsonValue, dataRecord, numberToken } from "../json.js";
import { CONFIG_KEY, RESERVED_CONFIG_KEYS, SCHEMA_VERSION, SUMMARY_KEY, type WandbRunState, jsonToParam, paramToJson, sectionOf } from "./state.js";

const unitPlacement = (state: WandbRunState, name: string): "config" | "summary" => {
  if (state.tags.has(`dimexp.param.${name}`) || state.params.has(name)) return "config";
  return "summary";
};

/** The run's W&B config: params, dimtensor `<param>_unit` keys and the dimexp entry. */
export const configOf = (state: WandbRunState): Record<string, JsonValue> => {
  // prototype-less: a foreign param or config key "__proto__" stays an entry
  const config: Record<string, JsonValue> = Object.assign(dataRecord(), state.foreignConfig);
  const raw = dataRecord<string>();
  for (const [key, value] of state.params) {
    const json = paramToJson(value);
    config[key] = { value: json };
    if (jsonToParam(json) !== value) raw[key] = value;
  }
  const unitKeys: string[] = [];
  for (const [key, symbol] of state.tags) {
    if (!key.startsWith("unit.")) continue;
    const name = key.slice("unit.".length);
    const derived = `${name}_unit`;
    if (unitPlacement(state, name) !== "config" || state.params.has(derived) || RESERVED_CONFIG_KEYS.has(derived)) continue;
    config[derived] = { value: symbol };
    unitKeys.push(derived);
  }
  const entry: Record<string, JsonValue> = { schema: SCHEMA_VERSION, startTime: state.startTime };
  for (const section of ["tags", "param", "metric", "array", "unit", "shape"] as const) entry[section] = dataRecord();
  for (const [key, value] of state.tags) {
    const { section, name } = sectionOf(key);
    (entry[section] as Record<string, JsonValue>)[name] = value;
  }
  if (Object.keys(raw).length > 0) entry.raw = raw;
  if (unitKeys.length > 0) entry.unitKeys = unitKeys;
  if (Object.keys(state.experimentTags).length > 0) entry.experimentTags = state.experimentTags;
  if (state.createToken !== undefined) entry.createToken = state.createToken;
  config[CONFIG_KEY] = { value: entry };
  return config;
};

const shapeOf = (state: WandbRunState, name: string): JsonValue | undefined => {
  const meta = state.tags.get(`dimexp.array.${name}`);
  if (meta !== undefined) {
    try {
      const parsed = JSON.parse(meta) as { shape?: unknown };
      if (Array.isArray(parsed.shape)) return parsed.shape as JsonValue;
    } catch {
      /* fall back to the tuple text */
    }
  }
  const tuple = state.tags.get(`shape.${name}`);
  if (tuple === undefined) return undefined;
  const numbers = tuple.replace(/[()\s]/g, "").split(",").filter((s) => s !== "").map(Number);
  return numbers.every(Number.isFinite) ? numbers : tuple;
};

/** The run's W&B summary: latest metric values, dimtensor keys, W&B's _step/_runtime/_timestamp and `_dimexp`. */
export const summaryOf = (state: WandbRunState): Record<string, JsonValue> => {
  const summary: Record<string, JsonValue> = Object.assign(dataRecord(), state.foreignSummary);
  const latest = dataRecord();
  for (const [key, point] of state.latest) {
    summary[key] = point.value;
    latest[key] = [point.step, point.timestamp];
  }
  for (const [key, symbol] of state.tags) {
    if (key.startsWith("unit.")) {
      const name = key.slice("unit.".length);
      const derived = `${name}_unit`;
      if (unitPlacement(state, name) === "summary" && !state.latest.has(derived)) summary[derived] = symbol;
    } else if (key.startsWith("shape.")) {
      const name = key.slice("shape.".length);
      const shape = shapeOf(state, name);
      if (shape !== undefined && !state.latest.has(`${name}_shape`)) summary[`${name}_shape`] = shape;
    }
  }
  if (state.lastRow) {
    summary._step = state.lastStep;
    summary._runtime = state.lastRow.runtime;
    summary._timestamp = state.lastRow.timestamp;
  }
  const own: Record<string, JsonValue> = { status: state.status, latest };
  if (state.endTime !== undefined) own.endTime = state.endTime;
  summary[SUMMARY_KEY] = own;
  return summary;
};

/** W&B run tags: the user tags as "key:value" (W&B tags are 1–64 character labels), plus foreign ones. */
export const wandbTagsOf = (state: WandbRunState): string[] => {
  const out = [...state.foreignWandbTags];
  for (const [key, value] of state.tags) {
    if (sectionOf(key).section !== "tags" || key.startsWith("dimexp.")) continue;
    const label = value === "" ? key : `${key}:${value}`;
    if (label.length <= MAX_TAG_LENGTH && !out.includes(label)) out.push(label);
  }
  return out;
};

// ------------------------------------------------------------------ history

export interface HistoryChunk {
  readonly lines: string[];
  /** each line's items (key, JSON text) and `_step`, when asked for (the offline writer's records) */
  readonly rows: Array<{ readonly step: number; readonly items: Array<readonly [string, string]> }>;
  /** points per metric key, in logging order (for the summary) */
  readonly latest: Map<string, LatestMetric>;
}

const isMonotonic = (s: MetricSeries): boolean => {
  for (let i = 1; i < s.values.length; i++) {
    const a = s.steps[i - 1] as number;
    const b = s.steps[i] as number;
    if (b < a || (b === a && (s.timestamps[i] as number) < (s.timestamps[i - 1] as number))) return false;
  }
  return true;
};

interface Point {
  readonly series: number;
  readonly index: number;
  readonly step: number;
  readonly timestamp: number;
}

/**
 * History rows for a batch's metric series. Points of different metrics at
 * the same step share a row (W&B's one-row-per-step shape); a point whose
 * timestamp differs from its row's keeps it exactly in `_dimexp_timestamps`.
 * Every metric keeps its logging order. `_step` stays a non-decreasing
 * integer as W&B requires: a step that is not (negative, fractional, or lower
 * than the last one written) is kept exactly in `_dimexp_step` on a row whose
 * `_step` repeats the last one.
 */
export const historyRows = (state: WandbRunState, metrics: readonly MetricSeries[], withItems = false): HistoryChunk => {
  const series = metrics.filter((m) => m.values.length > 0);
  const keys = series.map((m) => JSON.stringify(m.key));
  const lines: string[] = [];
  const rows: Array<{ step: number; items: Array<readonly [string, string]> }> = [];
  const latest = new Map<string, LatestMetric>();
  let lastStep = state.lastStep;
  let lastRow = state.lastRow;

  const emit = (members: readonly Point[]) => {
    const first = members[0] as Point;
    const step = first.step;
    const timestamp = first.timestamp;
    let text = "{";
    let own = "";
    const items: Array<readonly [string, string]> = [];
    for (const p of members) {
      const value = numberToken((series[p.series] as MetricSeries).values[p.index] as number);
      text += `${keys[p.series]}:${value},`;
      if (withItems) items.push([(series[p.series] as MetricSeries).key, value]);
      if (!Object.is(p.timestamp, timestamp)) own += `${own === "" ? "" : ","}${keys[p.series]}:${numberToken(p.timestamp)}`;
    }
    let wandbStep = step;
    let extra = "";
    if (!(Number.isSafeInteger(step) && step >= 0 && step >= lastStep)) {
      wandbStep = Math.max(lastStep, 0);
      extra = `,"_dimexp_step":${numberToken(step)}`;
    }
    if (own !== "") extra += `,"_dimexp_timestamps":{${own}}`;
    const runtime = Math.max(0, (timestamp - state.startTime) / 1000);
    const seconds = timestamp / 1000;
    text += `"_step":${wandbStep},"_runtime":${numberToken(runtime)},"_timestamp":${numberToken(seconds)}${extra}}`;
    lines.push(text);
    if (withItems) {
      items.push(["_step", String(wandbStep)], ["_runtime", numberToken(runtime)], ["_timestamp", numberToken(seconds)]);
      if (extra.includes("_dimexp_step")) items.push(["_dimexp_step", numberToken(step)]);
      if (own !== "") items.push(["_dimexp_timestamps", `{${own}}`]);
      rows.push({ step: wandbStep, items });
    }
    lastStep = wandbStep;
    lastRow = { runtime, timestamp: seconds };
  };

  if (series.length === 1) {
    const s = series[0] as MetricSeries;
    for (let i = 0; i < s.values.length; i++) emit([{ series: 0, index: i, step: s.steps[i] as number, timestamp: s.timestamps[i] as number }]);
  } else if (series.every(isMonotonic)) {
    const points: Point[] = [];
    series.forEach((s, k) => {
      for (let i = 0; i < s.values.length; i++) points.push({ series: k, index: i, step: s.steps[i] as number, timestamp: s.timestamps[i] as number });
    });
    points.sort((a, b) => a.step - b.step || a.timestamp - b.timestamp || a.series - b.series || a.index - b.index);
    let row: Point[] = [];
    for (const p of points) {
      const head = row[0];
      if (head && (head.step !== p.step || row.some((q) => q.series === p.series))) {
        emit(row);
        row = [];
      }
      row.push(p);
    }
    if (row.length > 0) emit(row);
  } else {
    series.forEach((s, k) => {
      for (let i = 0; i < s.values.length; i++) emit([{ series: k, index: i, step: s.steps[i] as number, timestamp: s.timestamps[i] as number }]);
    });
  }

  for (const s of series) {
    const n = s.values.length - 1;
    latest.set(s.key, { value: s.values[n] as number, step: s.steps[n] as number, timestamp: s.timestamps[n] as number });
  }
  state.lastStep = lastStep;
  state.lastRow = lastRow;
  return { lines, rows, latest };
};

