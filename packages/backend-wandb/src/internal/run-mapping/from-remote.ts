// W&B → dimexp: a run state from what W&B stores, whether dimexp, the W&B
// SDK or Python dimtensor wrote it, and history rows back into metric series.

import type { LatestMetric, MetricSeries, RunRecord } from "@dimexp/core";
import { type JsonValue, asMetricNumber, dataRecord, isJsonObject, ownEntry, parseJson, setOwn } from "../json.js";
import { CONFIG_KEY, SUMMARY_KEY, type WandbRunState, jsonToParam, sectionOf, statusOf, tagKeyOf } from "./state.js";

/** `_timestamp` seconds → ms, to the microsecond (what a double near 1.7e9 s holds). */
export const secondsToMs = (seconds: number): number => Math.round(seconds * 1e6) / 1e3;

/** Points of one metric from history rows (JSON lines or parsed rows), in row order. */
export const seriesFromRows = (key: string, rows: Iterable<string | Record<string, JsonValue>>): MetricSeries => {
  const steps: number[] = [];
  const values: number[] = [];
  const timestamps: number[] = [];
  for (const item of rows) {
    const row = typeof item === "string" ? parseJson(item) : item;
    if (!isJsonObject(row) || !Object.hasOwn(row, key)) continue;
    const value = asMetricNumber(row[key]);
    if (value === undefined) continue;
    const own = row._dimexp_step;
    const step = typeof own === "number" ? own : typeof row._step === "number" ? row._step : steps.length;
    const exact = isJsonObject(row._dimexp_timestamps) ? row._dimexp_timestamps[key] : undefined;
    const ts = typeof exact === "number" ? exact : typeof row._timestamp === "number" ? secondsToMs(row._timestamp) : 0;
    steps.push(step);
    values.push(value);
    timestamps.push(ts);
  }
  return { key, steps: Float64Array.from(steps), values: Float64Array.from(values), timestamps: Float64Array.from(timestamps) };
};

export interface WandbRunData {
  readonly id: string;
  readonly entity: string;
  readonly project: string;
  readonly displayName: string | null | undefined;
  readonly group: string | null | undefined;
  /** W&B's state: running, finished, failed, crashed, killed, … */
  readonly state: string | null | undefined;
  /** the config as W&B stores it: {key: {"value": …}} */
  readonly config: Record<string, JsonValue>;
  readonly summary: Record<string, JsonValue>;
  readonly tags: readonly string[];
  /** ms since the epoch */
  readonly createdAt: number | undefined;
  readonly heartbeatAt: number | undefined;
  readonly historyLineCount: number;
}

const unwrap = (entry: JsonValue | undefined): JsonValue | undefined =>
  isJsonObject(entry) && Object.hasOwn(entry, "value") ? entry.value : entry;

const stringRecord = (value: JsonValue | undefined): Record<string, string> => {
  const out = dataRecord<string>();
  if (isJsonObject(value)) for (const [k, v] of Object.entries(value)) setOwn(out, k, typeof v === "string" ? v : JSON.stringify(v));
  return out;
};

/** A run's state from what W&B stores (a run dimexp wrote, or one the SDK or dimtensor wrote). */
export const stateFromWandb = (data: WandbRunData): WandbRunState => {
  const meta = unwrap(data.config[CONFIG_KEY]);
  const own = isJsonObject(meta) ? meta : undefined;
  const summaryMeta = isJsonObject(data.summary[SUMMARY_KEY]) ? (data.summary[SUMMARY_KEY] as Record<string, JsonValue>) : undefined;
  const params = new Map<string, string>();
  const tags = new Map<string, string>();
  const latest = new Map<string, LatestMetric>();
  // config and summary keys are data: a foreign run's "__proto__" or "toString" is an entry like any
  const foreignConfig = dataRecord();
  const foreignSummary = dataRecord();
  let foreignWandbTags: string[] = [];

  const summaryStep = typeof data.summary._step === "number" ? data.summary._step : -1;
  const summaryTimestamp = typeof data.summary._timestamp === "number" ? secondsToMs(data.summary._timestamp) : (data.heartbeatAt ?? 0);

  if (own) {
    const raw = stringRecord(own.raw);
    const unitKeys = new Set(Array.isArray(own.unitKeys) ? own.unitKeys.map(String) : []);
    for (const [key, entry] of Object.entries(data.config)) {
      if (key === CONFIG_KEY || unitKeys.has(key)) continue;
      if (key === "_wandb" || key === "wandb_version") {
        foreignConfig[key] = entry;
        continue;
      }
      params.set(key, ownEntry(raw, key) ?? jsonToParam(unwrap(entry)));
    }
    for (const section of ["tags", "param", "metric", "array", "unit", "shape"] as const) {
      for (const [name, value] of Object.entries(stringRecord(own[section]))) tags.set(tagKeyOf(section, name), value);
    }
    const points = isJsonObject(summaryMeta?.latest) ? (summaryMeta?.latest as Record<string, JsonValue>) : {};
    for (const [key, point] of Object.entries(points)) {
      const value = asMetricNumber(ownEntry(data.summary, key));
      if (value === undefined || !Array.isArray(point)) continue;
      latest.set(key, { value, step: Number(point[0]), timestamp: Number(point[1]) });
    }
    const derived = new Set<string>([SUMMARY_KEY, "_step", "_runtime", "_timestamp"]);
    for (const key of latest.keys()) derived.add(key);
    for (const key of tags.keys()) {
      if (key.startsWith("unit.")) derived.add(`${key.slice(5)}_unit`);
      if (key.startsWith("shape.")) derived.add(`${key.slice(6)}_shape`);
    }
    for (const [key, value] of Object.entries(data.summary)) if (!derived.has(key)) setOwn(foreignSummary, key, value);
    const mirror = new Set<string>();
    for (const [key, value] of tags) if (sectionOf(key).section === "tags") mirror.add(value === "" ? key : `${key}:${value}`);
    foreignWandbTags = data.tags.filter((t) => !mirror.has(t));
  } else {
    // Written by the W&B SDK or Python dimtensor: config keys are params, `<name>_unit` keys are units.
    for (const [key, entry] of Object.entries(data.config)) {
      if (key === "_wandb" || key === "wandb_version") {
        foreignConfig[key] = entry;
        continue;
      }
      const value = unwrap(entry);
      if (key.endsWith("_unit") && typeof value === "string" && Object.hasOwn(data.config, key.slice(0, -5))) {
        tags.set(`unit.${key.slice(0, -5)}`, value);
        setOwn(foreignConfig, key, entry);
        continue;
      }
      params.set(key, jsonToParam(value));
    }
    // JSON says what a foreign param is; the codec's type tag says it to dimexp (a unit key wins)
    for (const [key, entry] of Object.entries(data.config)) {
      const value = unwrap(entry);
      if (!params.has(key) || tags.has(`unit.${key}`)) continue;
      if (typeof value === "number") tags.set(`dimexp.param.${key}`, '{"type":"number"}');
      else if (typeof value === "boolean") tags.set(`dimexp.param.${key}`, '{"type":"boolean"}');
    }
    for (const [key, value] of Object.entries(data.summary)) {
      const number = key.startsWith("_") ? undefined : asMetricNumber(value);
      if (number !== undefined) latest.set(key, { value: number, step: summaryStep, timestamp: summaryTimestamp });
      else setOwn(foreignSummary, key, value);
    }
    for (const [key, value] of Object.entries(data.summary)) {
      if (key.endsWith("_unit") && typeof value === "string" && latest.has(key.slice(0, -5))) tags.set(`unit.${key.slice(0, -5)}`, value);
      if (key.endsWith("_shape") && Array.isArray(value)) {
        const dims = value.map(Number);
        tags.set(`shape.${key.slice(0, -6)}`, dims.length === 1 ? `(${dims[0]},)` : `(${dims.join(", ")})`);
      }
    }
    for (const tag of data.tags) tags.set(tag, "");
    foreignWandbTags = [...data.tags];
  }

  const recordedStatus = summaryMeta?.status;
  const status = statusOf(data.state, recordedStatus);
  const startTime = typeof own?.startTime === "number" ? own.startTime : (data.createdAt ?? 0);
  const endTime =
    typeof summaryMeta?.endTime === "number" && status !== "RUNNING"
      ? summaryMeta.endTime
      : status === "RUNNING" || status === "SCHEDULED"
        ? undefined
        : (data.heartbeatAt ?? undefined);
  const state: WandbRunState = {
    id: data.id,
    entity: data.entity,
    project: data.project,
    group: data.group ?? null,
    displayName: data.displayName ?? data.id,
    status,
    startTime,
    endTime,
    params,
    tags,
    latest,
    experimentTags: stringRecord(own?.experimentTags),
    historyLines: data.historyLineCount,
    lastStep: summaryStep,
    lastRow:
      typeof data.summary._timestamp === "number"
        ? { runtime: typeof data.summary._runtime === "number" ? data.summary._runtime : 0, timestamp: data.summary._timestamp }
        : undefined,
    foreignConfig,
    foreignSummary,
    foreignWandbTags,
  };
  return state;
};

/** The dimexp record of a run state. `experimentId` is the group, or the project for ungrouped runs. */
export const recordOf = (state: WandbRunState): RunRecord => ({
  info: {
    id: state.id,
    experimentId: state.group ?? state.project,
    name: state.displayName,
    status: state.status,
    startTime: state.startTime,
    endTime: state.endTime,
  },
  params: Object.fromEntries(state.params),
  tags: Object.fromEntries(state.tags),
  metrics: Object.fromEntries(state.latest),
});
