// The Mongo-style run filters W&B's `runs(filters:)` accepts, evaluated by the
// protocol fake: $and $or $nor $not $eq $ne $gt $gte $lt $lte $in $nin $exists
// $regex over run fields (`state`, `tags`, `displayName`, `group`, …),
// `config.<key>` (W&B reads it as `config.<key>.value`) and
// `summary_metrics.<key>`. Comparisons follow Mongo: values of different
// types never compare, an array field matches when any element does.

import type { JsonValue } from "../internal/json.js";

export type MongoFilter = { readonly [key: string]: unknown };

export interface FilterableRun {
  readonly fields: Readonly<Record<string, JsonValue | undefined>>;
  readonly config: Readonly<Record<string, JsonValue>>;
  readonly summary: Readonly<Record<string, JsonValue>>;
}

const MISSING = Symbol("missing");
type Resolved = JsonValue | typeof MISSING;

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
  const field = FIELD_ALIASES[head] ?? head;
  const value = run.fields[field];
  return value === undefined ? MISSING : walk(value, segments.slice(1));
};

const typeRank = (v: JsonValue): string => (v === null ? "null" : Array.isArray(v) ? "array" : typeof v);

const compare = (a: JsonValue, b: JsonValue): number | undefined => {
  if (typeof a === "number" && typeof b === "number") return a < b ? -1 : a > b ? 1 : a === b ? 0 : undefined;
  if (typeof a === "string" && typeof b === "string") return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === "boolean" && typeof b === "boolean") return Number(a) - Number(b);
  return undefined;
};

const deepEqual = (a: JsonValue, b: JsonValue): boolean => {
  if (typeRank(a) !== typeRank(b)) return false;
  if (a === null || typeof a !== "object") return a === b || (typeof a === "number" && Number.isNaN(a) && Number.isNaN(b as number));
  return JSON.stringify(a) === JSON.stringify(b);
};

/** Applies `test` to the value, or to each element when the value is an array (Mongo's rule). */
const anyElement = (value: Resolved, test: (v: JsonValue) => boolean): boolean => {
  if (value === MISSING) return false;
  if (test(value)) return true;
  return Array.isArray(value) && value.some(test);
};

const isOperatorObject = (cond: unknown): cond is Record<string, unknown> =>
  typeof cond === "object" && cond !== null && !Array.isArray(cond) && Object.keys(cond).length > 0 && Object.keys(cond).every((k) => k.startsWith("$"));

const matchCondition = (value: Resolved, cond: unknown): boolean => {
  if (!isOperatorObject(cond)) {
    if (cond === null) return value === MISSING || value === null;
    return anyElement(value, (v) => deepEqual(v, cond as JsonValue));
  }
  for (const [op, operand] of Object.entries(cond)) {
    const ok = (() => {
      switch (op) {
        case "$eq":
          return matchCondition(value, operand);
        case "$ne":
          return !matchCondition(value, operand);
        case "$gt":
          return anyElement(value, (v) => (compare(v, operand as JsonValue) ?? 0) > 0 && compare(v, operand as JsonValue) !== undefined);
        case "$gte":
          return anyElement(value, (v) => {
            const c = compare(v, operand as JsonValue);
            return c !== undefined && c >= 0;
          });
        case "$lt":
          return anyElement(value, (v) => {
            const c = compare(v, operand as JsonValue);
            return c !== undefined && c < 0;
          });
        case "$lte":
          return anyElement(value, (v) => {
            const c = compare(v, operand as JsonValue);
            return c !== undefined && c <= 0;
          });
        case "$in":
          return Array.isArray(operand) && operand.some((o) => matchCondition(value, o));
        case "$nin":
          return !(Array.isArray(operand) && operand.some((o) => matchCondition(value, o)));
        case "$exists":
          return (value !== MISSING) === Boolean(operand);
        case "$regex": {
          const flags = typeof (cond as Record<string, unknown>).$options === "string" ? String((cond as Record<string, unknown>).$options) : "";
          const re = new RegExp(String(operand), flags.replace(/[^imsu]/g, ""));
          return anyElement(value, (v) => typeof v === "string" && re.test(v));
        }
        case "$options":
          return true;
        case "$not":
          return !matchCondition(value, operand);
        default:
          throw new Error(`unsupported filter operator ${op}`);
      }
    })();
    if (!ok) return false;
  }
  return true;
};

export const matchesMongoFilter = (run: FilterableRun, filter: unknown): boolean => {
  if (filter === null || filter === undefined) return true;
  if (typeof filter !== "object" || Array.isArray(filter)) throw new Error("a filter must be a JSON object");
  for (const [key, cond] of Object.entries(filter as Record<string, unknown>)) {
    if (key === "$and") {
      if (!(cond as unknown[]).every((f) => matchesMongoFilter(run, f))) return false;
    } else if (key === "$or") {
      const list = cond as unknown[];
      if (list.length > 0 && !list.some((f) => matchesMongoFilter(run, f))) return false;
    } else if (key === "$nor") {
      if ((cond as unknown[]).some((f) => matchesMongoFilter(run, f))) return false;
    } else if (key.startsWith("$")) {
      throw new Error(`unsupported top-level filter operator ${key}`);
    } else if (!matchCondition(resolvePath(run, key), cond)) return false;
  }
  return true;
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
