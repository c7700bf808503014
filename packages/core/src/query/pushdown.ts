// planPushdown: the part of a query a backend can evaluate, as a RawFilter
// (OR of ANDs of raw predicates) that every matching run satisfies — looser
// than the query, never stricter; core evaluates the whole query on what
// comes back.
//
// Backends compare raw numbers and know nothing of units, so a quantity
// comparison becomes one conjunction per *unit group*: the runs whose unit tag
// has one exact stored value. `metrics.force > 10 N` over runs logged in N and
// in dyn becomes
//   (tags.dimexp.metric.force = '{"unit":"N",…}'   AND metrics.force > 10)
//   OR (tags.dimexp.metric.force = '{"unit":"dyn",…}' AND metrics.force > 1e6)
// The threshold is converted with the same function evaluateQuery uses, so the
// backend and the in-memory evaluation agree on every run.
//
// Which runs does each conjunction cover?
//   - runs with a dimexp.* tag: the group of that exact tag value (authoritative);
//   - runs written by Python dimtensor alone (only `unit.<name>`): the group of
//     that dimtensor tag value — pass those groups too (unitGroupsFromTags does);
//   - runs with no unit tag at all (unitless numbers): a conjunction without a
//     tag predicate, when the literal can match a unitless value (a bare number,
//     or a dimensionless quantity such as 50 %).
// Groups whose dimension cannot match are left out: checkUnitGroups reports
// them as the QueryTypeError evaluateQuery would raise, before any search.
// With a context (natural, …) a group of another dimension gets its own
// converted bound (50 cm is 2.53e14 GeV⁻¹), exactly as a group in erg does for
// J; a group a dimension guard refuses (`dimension(metrics.x) = energy and …`)
// is left out and raises nothing. `dimension(f) = d` itself becomes the tag
// values of the groups of dimension d.

import { Dimension, type Unit } from "@dimexp/units";
import type { BackendCapabilities, RawFilter, RawPredicate } from "../backend.js";
import { type QueryTypeError, queryTypeError } from "../errors.js";
import { type Either, left, right } from "../internal/task.js";
import { ARRAY_STATS, TAG, numberText } from "../unit-codec.js";
import type { ComparisonOp, Field, Literal, Query, QueryNode } from "./ast.js";
import type { DimensionRequirement } from "./dimension-filter.js";
import { type Guard, guardsAdmit } from "./guards.js";
import { type QueryOptions, type Scope, scopeOf } from "./scope.js";
import {
  BOOLEAN_SPELLINGS,
  type NumericLiteral,
  type UnitState,
  metricUnitState,
  mismatchProblem,
  readParam,
  stateDimensionKey,
  threshold,
} from "./semantics.js";

/**
 * One unit group of a field: the runs of an experiment whose tag `tagKey` has
 * exactly the stored value `tagValue`.
 *
 * `tagKey` is the codec's tag for the field — `dimexp.metric.<key>` or
 * `dimexp.param.<key>` (authoritative: evaluateQuery reads the unit from it) —
 * or dimtensor's `unit.<key>` (for runs written by Python dimtensor, which
 * carry nothing else; for a metric `<base>_mean|_std|_min|_max` also
 * `unit.<base>`). The planner decodes `tagKey`/`tagValue` itself, with the
 * codec evaluateQuery uses; `unit` is informational (and used only for a
 * `tagKey` the planner does not know).
 */
export interface UnitGroup {
  readonly tagKey: string;
  readonly tagValue: string;
  readonly unit?: Unit | undefined;
}

/** The unit groups of a field over an experiment's runs (see unitGroupsFromTags). */
export type UnitGroupsOf = (source: "metrics" | "params", key: string) => readonly UnitGroup[];

export interface PushdownOptions extends QueryOptions {
  /** most conjunctions in the result: beyond it less is pushed down (default 64) */
  readonly maxConjunctions?: number;
}

type Conjunction = readonly RawPredicate[];
type Plan = readonly Conjunction[];

/** The plan that filters nothing out; FALSE (no conjunction) filters everything out. */
const TRUE: Plan = [[]];
const FALSE: Plan = [];
const isTrue = (plan: Plan): boolean => plan.some((c) => c.length === 0);

const statBase = (key: string): string | undefined => {
  for (const stat of ARRAY_STATS) if (key.endsWith(`_${stat}`) && key.length > stat.length + 1) return key.slice(0, -stat.length - 1);
  return undefined;
};

/** The tag keys whose values make up the unit groups of a field. */
const groupTagKeys = (source: "metrics" | "params", key: string): string[] => {
  if (source === "params") return [TAG.param(key), TAG.dimtensorUnit(key)];
  const base = statBase(key);
  return base === undefined ? [TAG.metric(key), TAG.dimtensorUnit(key)] : [TAG.metric(key), TAG.dimtensorUnit(key), TAG.dimtensorUnit(base)];
};

interface GroupReading {
  readonly state: UnitState;
  /** a dimexp tag that decodes: evaluateQuery reads every run of the group with exactly this unit */
  readonly authoritative: boolean;
}

const NONE: UnitState = { kind: "none" };
const DIMENSIONLESS_KEY = Dimension.dimensionless.key;

const isJsonObject = (text: string): boolean => {
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === "object" && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
};

const readGroup = (source: "metrics" | "params", key: string, group: UnitGroup): GroupReading => {
  const { tagKey, tagValue } = group;
  if (source === "metrics") {
    if (tagKey === TAG.metric(key) || tagKey === TAG.dimtensorUnit(key)) {
      return { state: metricUnitState(key, { [tagKey]: tagValue }), authoritative: tagKey === TAG.metric(key) && isJsonObject(tagValue) };
    }
    const base = statBase(key);
    if (base !== undefined && tagKey === TAG.dimtensorUnit(base)) {
      return { state: metricUnitState(key, { [tagKey]: tagValue, [TAG.dimtensorShape(base)]: "()" }), authoritative: false };
    }
  } else if (tagKey === TAG.param(key) || tagKey === TAG.dimtensorUnit(key)) {
    const { decoded, state } = readParam(key, "0", { [tagKey]: tagValue });
    const numeric = decoded.type === "number" || decoded.type === "quantity";
    // string and boolean params read as unitless numbers when their text is one
    return { state: numeric ? state : NONE, authoritative: numeric && tagKey === TAG.param(key) && isJsonObject(tagValue) };
  }
  return { state: group.unit ? { kind: "unit", unit: group.unit } : { kind: "unknown", label: tagValue }, authoritative: false };
};

const predicateKey = (p: RawPredicate): string => {
  const v = p.value;
  const value = typeof v === "number" ? `n${numberText(v)}` : Array.isArray(v) ? `a${JSON.stringify(v)}` : `s${String(v)}`;
  return `${p.source}\u0000${p.key}\u0000${p.op}\u0000${value}`;
};

/** Deduplicated predicates; undefined when the conjunction cannot hold (one tag, two disjoint values). */
const normalizeConjunction = (conjunction: Conjunction): Conjunction | undefined => {
  const seen = new Map<string, RawPredicate>();
  const allowed = new Map<string, Set<string>>();
  for (const p of conjunction) {
    seen.set(predicateKey(p), p);
    if (p.source === "tags" && (p.op === "=" || p.op === "in")) {
      const values = new Set(typeof p.value === "string" ? [p.value] : Array.isArray(p.value) ? (p.value as readonly string[]) : []);
      const before = allowed.get(p.key);
      const now = before ? new Set([...before].filter((v) => values.has(v))) : values;
      if (now.size === 0) return undefined;
      allowed.set(p.key, now);
    }
  }
  return [...seen.values()];
};

/** Without duplicates and without conjunctions implied by a smaller one (A ⊆ B: B adds nothing to A or B). */
const simplify = (plan: readonly Conjunction[]): Plan => {
  const normalized: Array<{ conjunction: Conjunction; keys: Set<string> }> = [];
  for (const c of plan) {
    const n = normalizeConjunction(c);
    if (n === undefined) continue;
    if (n.length === 0) return TRUE;
    normalized.push({ conjunction: n, keys: new Set(n.map(predicateKey)) });
  }
  normalized.sort((a, b) => a.keys.size - b.keys.size);
  const kept: typeof normalized = [];
  for (const candidate of normalized) {
    if (kept.some((k) => [...k.keys].every((key) => candidate.keys.has(key)))) continue;
    kept.push(candidate);
  }
  return kept.map((k) => k.conjunction);
};

class Planner {
  constructor(
    private readonly groupsOf: UnitGroupsOf,
    private readonly capabilities: BackendCapabilities,
    private readonly max: number,
    private readonly scope: Scope,
  ) {}

  plan(node: QueryNode): Plan {
    switch (node.kind) {
      case "and":
        return this.and(this.plan(node.left), this.plan(node.right));
      case "or":
        return this.or(this.plan(node.left), this.plan(node.right));
      case "not":
        // negations need three-valued reasoning backends do not share
        return TRUE;
      case "dimension":
        if (node.negated || (node.field.source !== "metrics" && node.field.source !== "params")) return TRUE;
        return this.dimension([node.field.source], node.field.key, [node.dimension.key]);
      case "has":
        return node.field.source === "metrics" ? [[{ source: "metrics", key: node.field.key, op: "exists", value: undefined }]] : TRUE;
      case "compare":
        return this.compare(node.field, node.op, node.value, this.scope.guards.get(node));
      case "in":
        return this.in(node.field, node.values, node.negated, this.scope.guards.get(node));
      case "like":
        return this.like(node.field, node.pattern, node.caseInsensitive, node.negated);
    }
  }

  and(a: Plan, b: Plan): Plan {
    if (isTrue(a)) return b;
    if (isTrue(b)) return a;
    if (a.length === 0 || b.length === 0) return FALSE;
    // too many conjunctions: keep the side that costs fewer requests
    if (a.length * b.length > this.max) return a.length <= b.length ? a : b;
    const product: Conjunction[] = [];
    for (const x of a) for (const y of b) product.push([...x, ...y]);
    const simplified = simplify(product);
    return simplified.length > this.max ? (a.length <= b.length ? a : b) : simplified;
  }

  private or(a: Plan, b: Plan): Plan {
    if (isTrue(a) || isTrue(b)) return TRUE;
    const union = simplify([...a, ...b]);
    return union.length > this.max ? TRUE : union;
  }

  /** A requirement (the dimensionFilter) as a plan: the runs of the groups of those dimensions. */
  requirement(r: DimensionRequirement): Plan {
    return this.dimension(r.source === undefined ? ["metrics", "params"] : [r.source], r.key, r.dimensions.map((d) => d.key));
  }

  /**
   * Runs whose field has one of `dimensionKeys`: one conjunction per tag key,
   * selecting the tag values that read as those dimensions. Unitless values
   * (no tag to select) are dimensionless: then nothing is pushed down.
   */
  private dimension(sources: ReadonlyArray<"metrics" | "params">, key: string, dimensionKeys: readonly string[]): Plan {
    if (dimensionKeys.includes(DIMENSIONLESS_KEY)) return TRUE;
    const plan: Conjunction[] = [];
    for (const source of sources) {
      const byTag = new Map<string, string[]>();
      for (const group of this.groupsOf(source, key)) {
        const { state } = readGroup(source, key, group);
        if (state.kind !== "unit" || !dimensionKeys.includes(state.unit.dimension.key)) continue;
        const values = byTag.get(group.tagKey) ?? [];
        if (!values.includes(group.tagValue)) values.push(group.tagValue);
        byTag.set(group.tagKey, values);
      }
      for (const [tagKey, values] of byTag) {
        plan.push([values.length === 1 ? { source: "tags", key: tagKey, op: "=", value: values[0] as string } : { source: "tags", key: tagKey, op: "in", value: values }]);
      }
    }
    const simplified = simplify(plan);
    return simplified.length > this.max ? TRUE : simplified;
  }

  private compare(field: Field, op: ComparisonOp, literal: Literal, guards: readonly Guard[] | undefined): Plan {
    if (literal.kind === "number" || literal.kind === "quantity") {
      if (field.source === "metrics" || field.source === "params") return this.numeric(field.source, field.key, op, literal, guards);
      return TRUE; // times: backends disagree on them
    }
    if (literal.kind === "boolean") {
      if (field.source !== "params" || op !== "=") return TRUE;
      const spellings = Object.keys(BOOLEAN_SPELLINGS).filter((s) => BOOLEAN_SPELLINGS[s] === literal.value);
      return [[{ source: "params", key: field.key, op: "in", value: spellings }]];
    }
    const text = this.textField(field);
    if (!text) return TRUE;
    if (text.source === "attributes" && text.key === "status" && op !== "=" && op !== "!=") return TRUE;
    return [[{ source: text.source, key: text.key, op, value: text.key === "status" && text.source === "attributes" ? literal.value.toUpperCase() : literal.value }]];
  }

  /** The raw source of a field whose values backends hold as strings and compare as we do. */
  private textField(field: Field): { source: "params" | "tags" | "attributes"; key: string } | undefined {
    if (field.source === "params" || field.source === "tags") return { source: field.source, key: field.key };
    if (field.source === "attributes" && (field.key === "status" || field.key === "name")) return { source: "attributes", key: field.key };
    return undefined;
  }

  private numeric(source: "metrics" | "params", key: string, op: ComparisonOp, literal: NumericLiteral, guards: readonly Guard[] | undefined): Plan {
    // `!=` holds for NaN, which stores do not keep alike (SQLite turns it into NULL)
    if (op === "!=") return TRUE;
    if (source === "params" && !this.capabilities.pushdown.numericParams) return TRUE;
    const compare = (t: number): RawPredicate => ({ source, key, op, value: t });
    const plan: Conjunction[] = [];
    const thresholds: number[] = [];
    if (literal.kind === "number") {
      // every value a bare number can match is unitless or in a plain dimensionless unit: the same threshold
      plan.push([compare(literal.value)]);
      thresholds.push(literal.value);
    } else {
      const groups = this.groupsOf(source, key);
      if (literal.unit.isDimensionless && guardsAdmit(guards, { source, key }, DIMENSIONLESS_KEY)) {
        const t = threshold(literal, undefined);
        if (typeof t === "number") {
          plan.push([compare(t)]); // runs with no unit tag
          thresholds.push(t);
        }
      } else if (groups.length === 0) {
        // no run has a unit for this field: fetch the runs that have it, whose evaluation will explain why they cannot match
        return source === "metrics" ? [[{ source, key, op: "exists", value: undefined }]] : TRUE;
      }
      const buckets = new Map<string, { tagKey: string; values: string[]; t: number | undefined }>();
      for (const group of groups) {
        const { state } = readGroup(source, key, group);
        if (state.kind !== "unit") continue; // unitless runs: covered above; unreadable units never match
        if (!guardsAdmit(guards, { source, key }, state.unit.dimension.key)) continue; // the guard leaves these runs out
        const found = threshold(literal, state.unit, this.scope.context);
        // a bound that reverses order (spectral: λ ↔ ν) is not pushed down: the group alone is
        const t = typeof found === "number" ? found : found.kind === "inverse" ? undefined : null;
        if (t === null) continue;
        const bucketKey = `${group.tagKey}\u0000${t === undefined ? "any" : numberText(t === 0 ? 0 : t)}`;
        const bucket = buckets.get(bucketKey);
        if (bucket) {
          if (!bucket.values.includes(group.tagValue)) bucket.values.push(group.tagValue);
        } else buckets.set(bucketKey, { tagKey: group.tagKey, values: [group.tagValue], t });
      }
      for (const { tagKey, values, t } of buckets.values()) {
        const selector: RawPredicate =
          values.length === 1
            ? { source: "tags", key: tagKey, op: "=", value: values[0] as string }
            : { source: "tags", key: tagKey, op: "in", value: values };
        if (t === undefined) {
          plan.push([selector]);
          continue;
        }
        plan.push([selector, compare(t)]);
        thresholds.push(t);
      }
    }
    if (source === "params") {
      // The codec reads Python's "inf"/"-inf" as ±Infinity; a store comparing numbers does not.
      const infinities: string[] = [];
      if (op === ">" || op === ">=" || (op === "=" && thresholds.includes(Number.POSITIVE_INFINITY))) infinities.push("inf");
      if (op === "<" || op === "<=" || (op === "=" && thresholds.includes(Number.NEGATIVE_INFINITY))) infinities.push("-inf");
      if (infinities.length > 0 && plan.length > 0) plan.push([{ source, key, op: "in", value: infinities }]);
    }
    const simplified = simplify(plan);
    return simplified.length > this.max ? TRUE : simplified;
  }

  private in(field: Field, values: readonly Literal[], negated: boolean, guards: readonly Guard[] | undefined): Plan {
    if (negated) return TRUE;
    const text = this.textField(field);
    if (text && values.every((v) => v.kind === "string")) {
      const strings = values.map((v) => (v as { value: string }).value);
      const upper = text.source === "attributes" && text.key === "status";
      const list = [...new Set(upper ? strings.map((s) => s.toUpperCase()) : strings)];
      return [[list.length === 1 ? { ...text, op: "=", value: list[0] as string } : { ...text, op: "in", value: list }]];
    }
    let plan: Plan = FALSE;
    for (const value of values) plan = this.or(plan, this.compare(field, "=", value, guards));
    return plan;
  }

  private like(field: Field, pattern: string, caseInsensitive: boolean, negated: boolean): Plan {
    // a backslash escapes % and _ for us; backends' LIKE dialects disagree on escapes
    if (negated || !this.capabilities.pushdown.like || pattern.includes("\\")) return TRUE;
    const text = this.textField(field);
    if (!text) return TRUE;
    return [[{ ...text, op: caseInsensitive ? "ilike" : "like", value: pattern }]];
  }
}

/**
 * What of `query` a backend can evaluate, as a RawFilter that is looser than
 * the query (never stricter). undefined: nothing to push down (fetch every
 * run). `[]` (no conjunction): no run can match — skip the search.
 *
 * Conjunctions are independent: a backend with `pushdown.or` sends them as one
 * request, one without runs one request per conjunction. Params are compared
 * numerically only with `pushdown.numericParams`, `like` only with `pushdown.like`.
 * `not`, `!=` on numbers, `not in`, `not like`, `dimension() !=`, `has()` of
 * params and tags, and run times are left to the in-memory evaluation.
 *
 * With `options.context`, a quantity of another dimension gets one bound per
 * unit group as any other; `options.dimensionFilter` is pushed down as the
 * groups of its dimensions, and guards the comparisons as in evaluateQuery.
 * An invalid context pushes nothing down (evaluateQuery reports it).
 */
export const planPushdown = (
  query: Query,
  unitGroups: UnitGroupsOf,
  capabilities: BackendCapabilities,
  options: PushdownOptions = {},
): RawFilter | undefined => {
  const scoped = scopeOf(query, options);
  if (scoped._tag === "Left") return undefined;
  const scope = scoped.right;
  if (query.root === undefined && scope.requirements.length === 0) return undefined;
  const max = Math.max(1, options.maxConjunctions ?? 64);
  const planner = new Planner(unitGroups, capabilities, max, scope);
  let plan = query.root === undefined ? TRUE : planner.plan(query.root);
  for (const r of scope.requirements) plan = planner.and(plan, planner.requirement(r));
  return isTrue(plan) ? undefined : plan;
};

type NumericLeaf = { node: QueryNode; field: Field; op: ComparisonOp; literal: NumericLiteral };

/** The numeric comparisons on metrics and params, walked without recursion. */
const numericLeaves = (root: QueryNode): NumericLeaf[] => {
  const out: NumericLeaf[] = [];
  const stack: QueryNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as QueryNode;
    switch (node.kind) {
      case "and":
      case "or":
        stack.push(node.right, node.left);
        break;
      case "not":
        stack.push(node.operand);
        break;
      case "compare":
      case "in":
        if (node.field.source !== "metrics" && node.field.source !== "params") break;
        for (const literal of node.kind === "compare" ? [node.value] : node.values) {
          if (literal.kind === "number" || literal.kind === "quantity") out.push({ node, field: node.field, op: node.kind === "compare" ? node.op : "=", literal });
        }
        break;
      default:
        break;
    }
  }
  return out;
};

/** The metric and param fields whose dimension the query tests (dimension(…)). */
const dimensionFields = (root: QueryNode): Field[] => {
  const out: Field[] = [];
  const stack: QueryNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as QueryNode;
    if (node.kind === "and" || node.kind === "or") stack.push(node.right, node.left);
    else if (node.kind === "not") stack.push(node.operand);
    else if (node.kind === "dimension" && (node.field.source === "metrics" || node.field.source === "params")) out.push(node.field);
  }
  return out;
};

/**
 * The QueryTypeError evaluateQuery would raise on some run, found from the unit
 * groups alone (`metrics.force > 10 N` where runs logged force in J). Run it
 * before searching: the pushdown leaves those runs out, so the in-memory
 * evaluation would never meet them. Only authoritative (dimexp.*) groups count;
 * groups a dimension guard leaves out do not, and `options.context` lets
 * groups of the dimensions it relates compare. (An invalid context is not
 * reported here: evaluateQuery and findRuns report it.)
 */
export const checkUnitGroups = (query: Query, unitGroups: UnitGroupsOf, options?: QueryOptions): Either<QueryTypeError, Query> => {
  if (query.root === undefined) return right(query);
  const scoped = scopeOf(query, options);
  if (scoped._tag === "Left") return right(query); // an invalid context: evaluateQuery reports it
  const scope = scoped.right;
  for (const { node, field, op, literal } of numericLeaves(query.root)) {
    const source = field.source as "metrics" | "params";
    const guards = scope.guards.get(node);
    for (const group of unitGroups(source, field.key)) {
      const { state, authoritative } = readGroup(source, field.key, group);
      if (!authoritative || state.kind === "unknown") continue;
      if (!guardsAdmit(guards, { source, key: field.key }, stateDimensionKey(state) as string)) continue;
      const t = threshold(literal, state.kind === "unit" ? state.unit : undefined, scope.context);
      if (typeof t !== "number" && t.kind !== "inverse") {
        return left(queryTypeError(query.text, literal.position, mismatchProblem(field, op, literal, t, "by runs of this experiment", scope.contextNames)));
      }
    }
  }
  return right(query);
};

/**
 * The tag keys whose distinct values planPushdown needs for `query` and the
 * options' dimensionFilter (ask backend.distinctTagValues for them).
 */
export const unitTagKeys = (query: Query, options?: QueryOptions): string[] => {
  const keys = new Set<string>();
  const add = (source: "metrics" | "params", key: string) => {
    for (const k of groupTagKeys(source, key)) keys.add(k);
  };
  if (query.root !== undefined) {
    for (const { field } of numericLeaves(query.root)) add(field.source as "metrics" | "params", field.key);
    for (const field of dimensionFields(query.root)) add(field.source as "metrics" | "params", field.key);
  }
  for (const r of options?.dimensionFilter ?? []) {
    if (r.source !== "params") add("metrics", r.key);
    if (r.source !== "metrics") add("params", r.key);
  }
  return [...keys];
};

/** Unit groups from backend.distinctTagValues(experimentId, unitTagKeys(query)). */
export const unitGroupsFromTags =
  (distinct: Readonly<Record<string, readonly string[]>>): UnitGroupsOf =>
  (source, key) => {
    const groups: UnitGroup[] = [];
    for (const tagKey of groupTagKeys(source, key)) {
      for (const tagValue of distinct[tagKey] ?? []) {
        const group: UnitGroup = { tagKey, tagValue };
        const { state } = readGroup(source, key, group);
        groups.push({ tagKey, tagValue, unit: state.kind === "unit" ? state.unit : undefined });
      }
    }
    return groups;
  };
