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
//
// This file holds what both directions share (the run state, reserved keys,
// the param and status codecs); to-remote.ts writes W&B's config, summary,
// tags and history rows, from-remote.ts reads them back.

import {
  type InvalidName,
  type LatestMetric,
  type LogBatch,
  type ParamChanged,
  type RunStatus,
  describeStoredParam,
  invalidName,
  numberText,
  paramChanged,
} from "@dimexp/core";
import type { JsonValue } from "../json.js";

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

export const tagKeyOf = (section: Section, name: string): string => {
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
export const batchProblem = (state: WandbRunState, batch: LogBatch): InvalidName | ParamChanged | undefined => {
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

export const statusOf = (wandbState: string | null | undefined, recorded: unknown): RunStatus => {
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

