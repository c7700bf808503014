// listRuns: parse the filter once, push down what the backend can evaluate
// (one raw conjunction per unit group: the threshold converted into each
// group's unit, across dimensions through the contexts given), then evaluate
// the whole query on what comes back — the pushdown only narrows, the
// in-memory evaluation decides.

import { type ContextOption, type Unit, applyConverter, contextsRelating, converter, formatUnit } from "@dimexp/units";
import type { ExperimentBackend, RawFilter } from "./backend.js";
import { type CoreError, invalidValue } from "./errors.js";
import { type Either, type TaskEither, left, right } from "./internal/task.js";
import { own } from "./internal/own.js";
import type { RunRecord } from "./model.js";
import type { Query } from "./query/ast.js";
import { type DimensionFilter, type LoggedDimension, parseDimensionFilter } from "./query/dimension-filter.js";
import { checkUnitGroups, evaluateQuery, parseQuery, planPushdown, unitGroupsFromTags, unitTagKeys } from "./query/index.js";
import { clip } from "./query/limits.js";
import { type QueryOptions, checkContext } from "./query/scope.js";
import { contextNamesOf } from "./query/semantics.js";
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
  /**
   * One or more named contexts (`"natural"`, `["natural", "spectral"]`; see
   * @dimexp/units' contextNames) through which the filter and orderBy compare
   * quantities whose dimensions differ: with `"natural"`, a length logged in
   * GeV⁻¹ compares with 50 cm. Without one they never do (a typed error names
   * the context that would).
   */
  readonly context?: ContextOption;
  /**
   * The plan's dimension_filter. `{ loss: "energy" }`: runs whose loss (the
   * metric, else the param; or say `metrics.loss`, `params.loss`) is an energy
   * — a dimension name, a unit whose dimension is meant (`"J"`), or a list of
   * them; it also restricts the filter's comparisons on loss to those runs.
   * `{ force: true }`: runs that log any param or metric of that dimension
   * (false: none).
   */
  readonly dimensionFilter?: DimensionFilter;
  /** the `{ force: true }` form of dimensionFilter (kept for compatibility) */
  readonly dimensions?: Readonly<Record<string, boolean>>;
  /** `"metrics.loss"`, `"metrics.loss desc"`, or { key, descending }; default newest first */
  readonly orderBy?: string | OrderBy;
  readonly limit?: number;
}

const parseOrderBy = (orderBy: string | OrderBy | undefined): Either<CoreError, OrderBy | undefined> => {
  if (orderBy === undefined) return right(undefined);
  if (typeof orderBy !== "string") return right(orderBy);
  const m = orderBy.length > 1000 ? null : /^\s*(\S+)(?:\s+(asc|desc|ascending|descending))?\s*$/i.exec(orderBy);
  if (!m) return left(invalidValue("orderBy", `${JSON.stringify(clip(orderBy))} is not "<field> [asc|desc]"`));
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

/** Why values of a field in two units cannot be ordered, and what would let them. */
const unorderable = (key: string, common: { unit: Unit; run: RunRecord }, other: { unit: Unit; run: RunRecord }, given: readonly string[]): CoreError => {
  const dim = (u: Unit): string => u.dimension.name ?? u.dimension.describe();
  const relating = contextsRelating(other.unit.dimension, common.unit.dimension);
  const givenNote = given.length > 0 ? ` (the context${given.length > 1 ? "s" : ""} ${given.map((c) => `"${c}"`).join(", ")} given do${given.length > 1 ? "" : "es"} not relate them)` : "";
  const bridge =
    relating.length > 0
      ? `; they are related through the context ${relating.map((c) => `"${c}"`).join(" or ")}: name it to order them (--context ${relating[0]} on the command line, { context: "${relating[0]}" } in listRuns)`
      : "";
  const field = clip(key);
  const name = key.slice(key.indexOf(".") + 1);
  // the advice names the dimension by its name, else by the unit (1/GeV): one word a shell passes as it is
  const only = common.unit.dimension.name ?? formatUnit(common.unit);
  const assignment = `${clip(name)}=${only}`;
  const flag = `--dimension ${/\s/.test(assignment) ? `'${assignment}'` : assignment}`;
  return invalidValue(
    "orderBy",
    `${field} is logged in ${formatUnit(common.unit)} [${dim(common.unit)}] by run ${clip(common.run.info.name)} and in ${formatUnit(other.unit)} [${dim(other.unit)}] by run ${clip(other.run.info.name)}: values of different dimensions cannot be ordered without a context${givenNote}${bridge}; or order only the runs of one dimension with dimensionFilter { ${JSON.stringify(clip(key))}: ${JSON.stringify(only)} } (${flag})`,
  );
};

/** A sort key in a common unit: the first run's unit for the field (converted through `context` when dimensions differ). */
const sortValues = (records: RunRecord[], key: string, context: ContextOption | undefined): Either<CoreError, Array<number | string>> => {
  const [source, ...rest] = key.split(".");
  const name = rest.join(".");
  if (source !== "metrics" && source !== "params") {
    return right(records.map((r) => (key === "name" ? r.info.name : key === "end_time" ? (r.info.endTime ?? 0) : r.info.startTime)));
  }
  let common: { unit: Unit; run: RunRecord } | undefined;
  const values: Array<number | string> = [];
  for (const r of records) {
    let value: number | string | boolean | undefined;
    let unit: Unit | undefined;
    if (source === "metrics") {
      value = own(r.metrics, name)?.value;
      unit = decodeMetricUnit(name, r.tags).unit;
    } else {
      const raw = own(r.params, name);
      if (raw !== undefined) ({ value, unit } = decodeParam(name, raw, r.tags));
    }
    if (typeof value !== "number") {
      values.push(value === undefined ? Number.NaN : String(value));
      continue;
    }
    if (unit && !common) common = { unit, run: r };
    if (unit && common && unit !== common.unit) {
      const c = converter(unit, common.unit, { context });
      if (c._tag === "Left") return left(unorderable(key, common, { unit, run: r }, contextNamesOf(context)));
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
    const context = checkContext(options.context);
    if (context._tag === "Left") return context;
    const logged: LoggedDimension[] = [];
    if (options.dimensions !== undefined) {
      const legacy = parseDimensionFilter(options.dimensions, "dimensions");
      if (legacy._tag === "Left") return legacy;
      logged.push(...legacy.right.logged);
    }
    const dimensionFilter = parseDimensionFilter(options.dimensionFilter);
    if (dimensionFilter._tag === "Left") return dimensionFilter;
    logged.push(...dimensionFilter.right.logged);
    const scope: QueryOptions = { context: context.right, dimensionFilter: dimensionFilter.right.requirements };

    // Unit groups (the distinct unit tags of each compared field) let the
    // backend filter in each group's own unit; incompatible groups are a typed
    // error up front rather than a silently empty result.
    let raw: RawFilter | undefined;
    if (query.root || dimensionFilter.right.requirements.length > 0) {
      const tagKeys = unitTagKeys(query, scope);
      let distinct: Record<string, string[]> = {};
      if (tagKeys.length > 0) {
        const found = await backend.distinctTagValues(experimentId, tagKeys)();
        if (found._tag === "Left") return found;
        distinct = found.right;
      }
      const groups = unitGroupsFromTags(distinct);
      const checked = checkUnitGroups(query, groups, scope);
      if (checked._tag === "Left") return checked;
      raw = planPushdown(query, groups, backend.capabilities, scope);
      // An empty OR means no run can match.
      if (raw !== undefined && raw.length === 0) return right([]);
    }

    const found = await backend.searchRuns(experimentId, { filter: raw })();
    if (found._tag === "Left") return found;
    const kept: RunRecord[] = [];
    for (const record of found.right) {
      const ok = evaluateQuery(query, record, scope);
      if (ok._tag === "Left") return ok;
      if (!ok.right) continue;
      if (logged.length > 0) {
        const units = runUnits(record);
        if (!logged.every(({ dimension, logged: flag }) => units.some((u) => u.dimension.equals(dimension)) === flag)) continue;
      }
      kept.push(record);
    }
    if (order.right) {
      const { key, descending } = order.right;
      const values = sortValues(kept, key, context.right);
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
    return right(limited.map((r) => new Run(r, backend)));
  };
