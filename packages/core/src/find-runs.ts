// listRuns: parse the filter once, push down what the backend can evaluate
// (one raw conjunction per unit group: the threshold converted into each
// group's unit), then evaluate the whole query on what comes back — the
// pushdown only narrows, the in-memory evaluation decides.

import { type Unit, converter, applyConverter, formatUnit, lookupDimension } from "@dimexp/units";
import type { ExperimentBackend, RawFilter } from "./backend.js";
import { type CoreError, invalidValue } from "./errors.js";
import { type Either, type TaskEither, left, right } from "./internal/task.js";
import type { RunRecord } from "./model.js";
import type { Query } from "./query/ast.js";
import { checkUnitGroups, evaluateQuery, parseQuery, planPushdown, unitGroupsFromTags, unitTagKeys } from "./query/index.js";
import { Run } from "./run.js";
import { decodeMetricUnit, decodeParam } from "./unit-codec.js";

export interface OrderBy {
  /** `metrics.loss`, `params.lr`, `start_time`, `name` */
  readonly key: string;
  readonly descending?: boolean;
}

export interface ListRunsOptions {
  /** the unit-aware filter, e.g. `params.domain_length >= 50 cm and metrics.loss < 1 J` */
  readonly filter?: string | Query;
  /** runs that log any param or metric of these dimensions: `{ force: true }` (false: none) */
  readonly dimensions?: Readonly<Record<string, boolean>>;
  /** `"metrics.loss"`, `"metrics.loss desc"`, or { key, descending }; default newest first */
  readonly orderBy?: string | OrderBy;
  readonly limit?: number;
}

const parseOrderBy = (orderBy: string | OrderBy | undefined): Either<CoreError, OrderBy | undefined> => {
  if (orderBy === undefined) return right(undefined);
  if (typeof orderBy !== "string") return right(orderBy);
  const m = /^\s*(\S+)(?:\s+(asc|desc|ascending|descending))?\s*$/i.exec(orderBy);
  if (!m) return left(invalidValue("orderBy", `${JSON.stringify(orderBy)} is not "<field> [asc|desc]"`));
  return right({ key: m[1] as string, descending: (m[2] ?? "asc").toLowerCase().startsWith("desc") });
};

/** Every unit (param or metric) a run logs, for the `dimensions` option. */
const runUnits = (record: RunRecord): Unit[] => {
  const units: Unit[] = [];
  for (const [k, raw] of Object.entries(record.params)) {
    const u = decodeParam(k, raw, record.tags).unit;
    if (u) units.push(u);
  }
  for (const k of Object.keys(record.metrics)) {
    const u = decodeMetricUnit(k, record.tags).unit;
    if (u) units.push(u);
  }
  return units;
};

/** A sort key in a common unit: the first run's unit for the field. */
const sortValues = (records: RunRecord[], key: string): Either<CoreError, Array<number | string>> => {
  const [source, ...rest] = key.split(".");
  const name = rest.join(".");
  if (source !== "metrics" && source !== "params") {
    return right(records.map((r) => (key === "name" ? r.info.name : key === "end_time" ? (r.info.endTime ?? 0) : r.info.startTime)));
  }
  let common: Unit | undefined;
  const values: Array<number | string> = [];
  for (const r of records) {
    let value: number | string | boolean | undefined;
    let unit: Unit | undefined;
    if (source === "metrics") {
      value = r.metrics[name]?.value;
      unit = decodeMetricUnit(name, r.tags).unit;
    } else {
      const raw = r.params[name];
      if (raw !== undefined) ({ value, unit } = decodeParam(name, raw, r.tags));
    }
    if (typeof value !== "number") {
      values.push(value === undefined ? Number.NaN : String(value));
      continue;
    }
    if (unit && !common) common = unit;
    if (unit && common && unit !== common) {
      const c = converter(unit, common);
      if (c._tag === "Left") {
        return left(invalidValue("orderBy", `${key} is ${formatUnit(common)} in one run and ${formatUnit(unit)} in another: ${c.left.message}`));
      }
      value = applyConverter(c.right, value);
    }
    values.push(value);
  }
  return right(values);
};

export const findRuns =
  (backend: ExperimentBackend, experimentId: string, options: ListRunsOptions = {}): TaskEither<CoreError, Run[]> =>
  async () => {
    const parsed = typeof options.filter === "object" ? right(options.filter) : parseQuery(options.filter ?? "");
    if (parsed._tag === "Left") return parsed;
    const query = parsed.right;
    const order = parseOrderBy(options.orderBy);
    if (order._tag === "Left") return order;
    const wanted: Array<[boolean, ReturnType<typeof lookupDimension>, string]> = [];
    for (const [name, flag] of Object.entries(options.dimensions ?? {})) {
      const d = lookupDimension(name);
      if (!d) return left(invalidValue("dimensions", `unknown dimension "${name}"`));
      wanted.push([flag, d, name]);
    }

    // Unit groups (the distinct unit tags of each compared field) let the
    // backend filter in each group's own unit; incompatible groups are a typed
    // error up front rather than a silently empty result.
    let raw: RawFilter | undefined;
    if (query.root) {
      const tagKeys = unitTagKeys(query);
      let distinct: Record<string, string[]> = {};
      if (tagKeys.length > 0) {
        const found = await backend.distinctTagValues(experimentId, tagKeys)();
        if (found._tag === "Left") return found;
        distinct = found.right;
      }
      const groups = unitGroupsFromTags(distinct);
      const checked = checkUnitGroups(query, groups);
      if (checked._tag === "Left") return checked;
      raw = planPushdown(query, groups, backend.capabilities);
      // An empty OR means no run can match.
      if (raw !== undefined && raw.length === 0) return right([]);
    }

    const found = await backend.searchRuns(experimentId, { filter: raw })();
    if (found._tag === "Left") return found;
    const kept: RunRecord[] = [];
    for (const record of found.right) {
      const ok = evaluateQuery(query, record);
      if (ok._tag === "Left") return ok;
      if (!ok.right) continue;
      if (wanted.length > 0) {
        const units = runUnits(record);
        const pass = wanted.every(([flag, d]) => units.some((u) => d !== undefined && u.dimension.equals(d)) === flag);
        if (!pass) continue;
      }
      kept.push(record);
    }
    if (order.right) {
      const { key, descending } = order.right;
      const values = sortValues(kept, key);
      if (values._tag === "Left") return values;
      const index = kept.map((_, i) => i);
      const v = values.right;
      index.sort((a, b) => {
        const x = v[a] as number | string;
        const y = v[b] as number | string;
        const nx = typeof x === "number" && Number.isNaN(x);
        const ny = typeof y === "number" && Number.isNaN(y);
        if (nx || ny) return nx === ny ? 0 : nx ? 1 : -1; // missing values last
        const c = x < y ? -1 : x > y ? 1 : 0;
        return descending ? -c : c;
      });
      const sorted = index.map((i) => kept[i] as RunRecord);
      kept.splice(0, kept.length, ...sorted);
    }
    const limited = options.limit !== undefined ? kept.slice(0, Math.max(0, options.limit)) : kept;
    return right(limited.map((r) => new Run(r)));
  };
