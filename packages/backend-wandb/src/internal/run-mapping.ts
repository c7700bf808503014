// How a dimexp run lives in W&B, and back. One mapping for the online client
// and the offline .wandb writer:
//
//   params            config[<name>] = {"value": <number | boolean | string>}
//   dimtensor units   config[<param>_unit], summary[<metric>_unit] (and summary[<array>_shape])
//   latest metrics    summary[<name>] (W&B's own summary: the last value logged)
//   metric points     history rows {<name>: v, …, "_step", "_runtime", "_timestamp"}
//   every dimexp tag  config["dimexp"].value: {tags, param, metric, array, unit, shape, …}
//                     (authoritative, verbatim); user tags also as W&B run tags "key:value"
//   run lifecycle     summary["_dimexp"]: {status, endTime, latest: {<name>: [step, ms]}}
//
// A run written by the W&B SDK or Python dimtensor (no "dimexp" config entry)
// is read as: config → params (unwrapped), `<name>_unit` keys → unit tags,
// numeric summary values → latest metrics, W&B tags → tags with value "".

import {
  type CoreError,
  type LatestMetric,
  type LogBatch,
  type MetricSeries,
  type RunRecord,
  type RunStatus,
  describeStoredParam,
  invalidName,
  numberText,
  paramChanged,
} from "@dimexp/core";
import { type JsonValue, asMetricNumber, isJsonObject, numberToken, parseJson } from "./json.js";
import { MAX_TAG_LENGTH } from "./ids.js";

export const CONFIG_KEY = "dimexp";
export const SUMMARY_KEY = "_dimexp";
export const SCHEMA_VERSION = 1;

/** Config keys a param cannot use. */
export const RESERVED_CONFIG_KEYS: ReadonlySet<string> = new Set([CONFIG_KEY, "_wandb", "wandb_version"]);
/** History/summary keys a metric cannot use. */
export const RESERVED_METRIC_KEYS: ReadonlySet<string> = new Set(["_step", "_runtime", "_timestamp", "_wandb", SUMMARY_KEY, "_dimexp_step", "_dimexp_timestamps"]);

/** Codec tag prefixes and the sections of the dimexp config entry that hold them. */
const SECTIONS = [
  ["dimexp.param.", "param"],
  ["dimexp.metric.", "metric"],
  ["dimexp.array.", "array"],
  ["unit.", "unit"],
  ["shape.", "shape"],
] as const;

type Section = (typeof SECTIONS)[number][1] | "tags";

export const sectionOf = (tagKey: string): { section: Section; name: string } => {
  for (const [prefix, section] of SECTIONS) if (tagKey.startsWith(prefix) && tagKey.length > prefix.length) return { section, name: tagKey.slice(prefix.length) };
  return { section: "tags", name: tagKey };
};

const tagKeyOf = (section: Section, name: string): string => {
  if (section === "tags") return name;
  const prefix = SECTIONS.find(([, s]) => s === section)?.[0] ?? "";
  return `${prefix}${name}`;
};

/** The state of one run, as dimexp sees it, plus what W&B holds that dimexp keeps untouched. */
export interface WandbRunState {
  readonly id: string;
  readonly entity: string;
  readonly project: string;
  group: string | null;
  displayName: string;
  status: RunStatus;
  startTime: number;
  endTime: number | undefined;
  readonly params: Map<string, string>;
  readonly tags: Map<string, string>;
  readonly latest: Map<string, LatestMetric>;
  experimentTags: Record<string, string>;
  /** history lines stored (the next file_stream offset) */
  historyLines: number;
  /** the last `_step` written (-1: none) */
  lastStep: number;
  /** `_runtime` and `_timestamp` of the last row */
  lastRow: { readonly runtime: number; readonly timestamp: number } | undefined;
  /** config and summary entries written by others (the SDK's `_wandb`, …), kept as they are */
  foreignConfig: Record<string, JsonValue>;
  foreignSummary: Record<string, JsonValue>;
  /** W&B run tags that are not dimexp's "key:value" mirror */
  foreignWandbTags: string[];
  /** random token written at creation, so a creation whose response was lost is recognised */
  createToken?: string;
}

export const newRunState = (init: {
  id: string;
  entity: string;
  project: string;
  group: string | null;
  displayName: string;
  startTime: number;
  tags: Readonly<Record<string, string>>;
  experimentTags: Readonly<Record<string, string>>;
}): WandbRunState => ({
  id: init.id,
  entity: init.entity,
  project: init.project,
  group: init.group,
  displayName: init.displayName,
  status: "RUNNING",
  startTime: init.startTime,
  endTime: undefined,
  params: new Map(),
  tags: new Map(Object.entries(init.tags)),
  latest: new Map(),
  experimentTags: { ...init.experimentTags },
  historyLines: 0,
  lastStep: -1,
  lastRow: undefined,
  foreignConfig: {},
  foreignSummary: {},
  foreignWandbTags: [],
});

/** Why a batch cannot be applied to the run (a changed param, a name W&B reserves), or undefined. */
export const batchProblem = (state: WandbRunState, batch: LogBatch): CoreError | undefined => {
  for (const p of batch.params) {
    if (RESERVED_CONFIG_KEYS.has(p.key)) return invalidName("param", p.key, 'the W&B config keys "dimexp", "_wandb" and "wandb_version" are reserved');
    const previous = state.params.get(p.key);
    if (previous !== undefined && previous !== p.value) {
      // with their units ("1 m", "100 cm"): the run's tags describe the stored value, the batch's the new one
      const stored = Object.fromEntries(state.tags);
      const incoming = { ...stored, ...Object.fromEntries(batch.tags.map((t) => [t.key, t.value])) };
      return paramChanged(p.key, previous, p.value, { previous: describeStoredParam(p.key, previous, stored), attempted: describeStoredParam(p.key, p.value, incoming) });
    }
  }
  for (const m of batch.metrics) {
    if (RESERVED_METRIC_KEYS.has(m.key)) return invalidName("metric", m.key, "W&B keeps _step, _runtime, _timestamp, _wandb and _dimexp* for itself");
  }
  return undefined;
};

// ------------------------------------------------------------------ params

/** A param's stored string as the JSON value W&B shows: numbers as numbers, "true"/"false" as booleans. */
export const paramToJson = (raw: string): JsonValue => {
  if (raw === "true") return true;
  if (raw === "false") return false;
  if (raw.trim() !== "") {
    const n = Number(raw);
    if (!Number.isNaN(n)) return n;
  }
  return raw;
};

/** A config value read back as a param string. */
export const jsonToParam = (value: JsonValue | undefined): string => {
  if (typeof value === "string") return value;
  if (typeof value === "number") return numberText(value);
  if (typeof value === "boolean") return String(value);
  return JSON.stringify(value ?? null);
};

// ------------------------------------------------------------------ status

export const wandbStateOf = (status: RunStatus): string =>
  ({ RUNNING: "running", SCHEDULED: "pending", FINISHED: "finished", FAILED: "failed", KILLED: "killed" })[status];

/** W&B run states that read as each dimexp status (for pushed-down filters). */
export const wandbStatesFor = (status: string): string[] =>
  ({
    RUNNING: ["running"],
    SCHEDULED: ["pending"],
    FINISHED: ["finished"],
    FAILED: ["failed", "crashed"],
    KILLED: ["killed", "preempted", "preempting", "failed"],
  })[status] ?? [];

export const exitCodeOf = (status: RunStatus): number => (status === "FINISHED" ? 0 : status === "KILLED" ? 255 : 1);

const statusOf = (wandbState: string | null | undefined, recorded: unknown): RunStatus => {
  const fromWandb: RunStatus =
    wandbState === "finished"
      ? "FINISHED"
      : wandbState === "failed" || wandbState === "crashed"
        ? "FAILED"
        : wandbState === "killed" || wandbState === "preempted" || wandbState === "preempting"
          ? "KILLED"
          : wandbState === "pending"
            ? "SCHEDULED"
            : "RUNNING";
  // W&B knows only exit codes (0 finished, else failed): dimexp's own record tells KILLED from FAILED
  const terminal = (s: unknown) => s === "FINISHED" || s === "FAILED" || s === "KILLED";
  if (terminal(fromWandb) && terminal(recorded) && (fromWandb !== "FINISHED") === (recorded !== "FINISHED")) return recorded as RunStatus;
  return fromWandb;
};

// ------------------------------------------------------------------ writing

const unitPlacement = (state: WandbRunState, name: string): "config" | "summary" => {
  if (state.tags.has(`dimexp.param.${name}`) || state.params.has(name)) return "config";
  return "summary";
};

/** The run's W&B config: params, dimtensor `<param>_unit` keys and the dimexp entry. */
export const configOf = (state: WandbRunState): Record<string, JsonValue> => {
  const config: Record<string, JsonValue> = { ...state.foreignConfig };
  const raw: Record<string, string> = {};
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
  for (const section of ["tags", "param", "metric", "array", "unit", "shape"] as const) entry[section] = {};
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
  const summary: Record<string, JsonValue> = { ...state.foreignSummary };
  const latest: Record<string, JsonValue> = {};
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

// ------------------------------------------------------------------ reading

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
  const out: Record<string, string> = {};
  if (isJsonObject(value)) for (const [k, v] of Object.entries(value)) out[k] = typeof v === "string" ? v : JSON.stringify(v);
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
  const foreignConfig: Record<string, JsonValue> = {};
  const foreignSummary: Record<string, JsonValue> = {};
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
      params.set(key, raw[key] ?? jsonToParam(unwrap(entry)));
    }
    for (const section of ["tags", "param", "metric", "array", "unit", "shape"] as const) {
      for (const [name, value] of Object.entries(stringRecord(own[section]))) tags.set(tagKeyOf(section, name), value);
    }
    const points = isJsonObject(summaryMeta?.latest) ? (summaryMeta?.latest as Record<string, JsonValue>) : {};
    for (const [key, point] of Object.entries(points)) {
      const value = asMetricNumber(data.summary[key]);
      if (value === undefined || !Array.isArray(point)) continue;
      latest.set(key, { value, step: Number(point[0]), timestamp: Number(point[1]) });
    }
    const derived = new Set<string>([SUMMARY_KEY, "_step", "_runtime", "_timestamp"]);
    for (const key of latest.keys()) derived.add(key);
    for (const key of tags.keys()) {
      if (key.startsWith("unit.")) derived.add(`${key.slice(5)}_unit`);
      if (key.startsWith("shape.")) derived.add(`${key.slice(6)}_shape`);
    }
    for (const [key, value] of Object.entries(data.summary)) if (!derived.has(key)) foreignSummary[key] = value;
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
        foreignConfig[key] = entry;
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
      else foreignSummary[key] = value;
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
