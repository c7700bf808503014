// How W&B names a run's values in `runs(filters:, order:)`: run fields
// (`state`, `tags`, `displayName` or `display_name`, …), `config.<key>` (W&B
// reads it as `config.<key>.value`) and `summary_metrics.<key>`, keys that
// hold dots included; and the order W&B sorts runs by one of them. This is
// W&B's naming, not Mongo's: the Mongo operators themselves are mingo's
// (mongo-filter.ts).

import type { JsonValue } from "../internal/json.js";

export interface FilterableRun {
  readonly fields: Readonly<Record<string, JsonValue | undefined>>;
  readonly config: Readonly<Record<string, JsonValue>>;
  readonly summary: Readonly<Record<string, JsonValue>>;
}

export const MISSING = Symbol("missing");
export type Resolved = JsonValue | typeof MISSING;

/** Walks `segments` into `value`, trying the longest key first so keys that contain dots resolve. */
const walk = (value: JsonValue | undefined, segments: readonly string[]): Resolved => {
  if (segments.length === 0) return value === undefined ? MISSING : value;
  if (value === null || value === undefined || typeof value !== "object" || Array.isArray(value)) return MISSING;
  for (let take = segments.length; take >= 1; take--) {
    const key = segments.slice(0, take).join(".");
    if (Object.hasOwn(value, key)) {
      const found = walk(value[key], segments.slice(take));
      if (found !== MISSING) return found;
    }
  }
  return MISSING;
};

const FIELD_ALIASES: Record<string, string> = {
  display_name: "displayName",
  job_type: "jobType",
  created_at: "createdAt",
  heartbeat_at: "heartbeatAt",
  run_name: "name",
};

export const resolvePath = (run: FilterableRun, path: string): Resolved => {
  const segments = path.split(".");
  const head = segments[0] as string;
  if (head === "config") {
    const rest = segments.slice(1);
    // config.<key> means config.<key>.value; config.<key>.value… is also accepted (the UI writes it)
    for (let take = rest.length; take >= 1; take--) {
      const key = rest.slice(0, take).join(".");
      if (!Object.hasOwn(run.config, key)) continue;
      const entry = run.config[key] as JsonValue;
      const after = rest.slice(take);
      const wrapped = entry !== null && typeof entry === "object" && !Array.isArray(entry) && Object.hasOwn(entry, "value");
      if (!wrapped) return walk(entry, after);
      if (after[0] === "value") {
        const found = walk((entry as Record<string, JsonValue>).value, after.slice(1));
        if (found !== MISSING) return found;
      }
      const found = walk((entry as Record<string, JsonValue>).value, after);
      if (found !== MISSING) return found;
    }
    return MISSING;
  }
  if (head === "summary_metrics" || head === "summaryMetrics" || head === "summary") return walk(run.summary as JsonValue, segments.slice(1));
  const field = Object.hasOwn(FIELD_ALIASES, head) ? (FIELD_ALIASES[head] as string) : head;
  const value = Object.hasOwn(run.fields, field) ? run.fields[field] : undefined;
  return value === undefined ? MISSING : walk(value, segments.slice(1));
};

const typeRank = (v: JsonValue): string => (v === null ? "null" : Array.isArray(v) ? "array" : typeof v);

const compare = (a: JsonValue, b: JsonValue): number | undefined => {
  if (typeof a === "number" && typeof b === "number") return a < b ? -1 : a > b ? 1 : a === b ? 0 : undefined;
  if (typeof a === "string" && typeof b === "string") return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === "boolean" && typeof b === "boolean") return Number(a) - Number(b);
  return undefined;
};

/** Sort key for `order`: "+created_at", "-summary_metrics.loss", "config.lr.value", … */
export const orderValue = (run: FilterableRun, order: string): JsonValue | undefined => {
  const path = order.replace(/^[+-]/, "");
  const value = resolvePath(run, path);
  return value === MISSING ? undefined : value;
};

export const compareForOrder = (a: JsonValue | undefined, b: JsonValue | undefined): number => {
  if (a === undefined || a === null) return b === undefined || b === null ? 0 : 1;
  if (b === undefined || b === null) return -1;
  return compare(a, b) ?? typeRank(a).localeCompare(typeRank(b));
};
