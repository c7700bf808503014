// evaluateQuery: does a run match? Three-valued, as in SQL: a predicate on a
// field the run lacks (or whose unit label cannot be read) is unknown, `not`
// keeps it unknown, and only `true` matches. So `metrics.x != 1` and
// `not (metrics.x = 1)` both skip runs without metrics.x; `has(...)` is never
// unknown. Both sides of and/or are always evaluated, so a type error does not
// depend on the order of the conditions; a dimension guard (guards.ts) decides
// which runs a comparison applies to, whatever its place in the `and` chain.

import { runAttribute } from "../internal/run-attribute.js";
import { own } from "../internal/own.js";
import { type CoreError, type QueryTypeError, queryTypeError } from "../errors.js";
import { type Either, left, right } from "../internal/task.js";
import { parseNumberText } from "../unit-codec.js";
import type { RunRecord } from "../model.js";
import type { ComparisonOp, Field, Literal, Query, QueryNode } from "./ast.js";
import { checkQuery, timeOf } from "./check.js";
import { meetsRequirement, requirementSource } from "./dimension-filter.js";
import { guardsAdmit } from "./guards.js";
import { type QueryOptions, type Scope, scopeOf } from "./scope.js";
import {
  type NumericLiteral,
  type UnitState,
  booleanOf,
  compareNumbers,
  compareStrings,
  compareWithThreshold,
  dimensionKeyOf,
  likeRegExp,
  metricUnitState,
  mismatchProblem,
  readParam,
  stateDimensionKey,
  threshold,
} from "./semantics.js";

/** true, false, or undefined for unknown */
type Truth = boolean | undefined;

class EvaluationFailure {
  constructor(readonly error: QueryTypeError) {}
}

/** What evaluating one run needs besides the node: the query (for messages), the scope and the node's guards. */
interface Context {
  readonly query: Query;
  readonly scope: Scope;
  readonly run: RunRecord;
}

const numericCompare = (
  cx: Context,
  leaf: QueryNode,
  field: Field,
  op: ComparisonOp,
  literal: NumericLiteral,
  value: number,
  state: UnitState,
): Truth => {
  if (state.kind === "unknown") return undefined;
  const { query, scope, run } = cx;
  const guards = scope.guards.get(leaf);
  if (guards !== undefined) {
    // a guard refusing this run's dimension makes the whole conjunction false: the comparison does not apply
    const bare = requirementSource(run, { source: undefined, key: field.key });
    if (!guardsAdmit(guards, field, stateDimensionKey(state) as string, bare)) return undefined;
  }
  const t = threshold(literal, state.kind === "unit" ? state.unit : undefined, scope.context);
  if (typeof t === "number" || t.kind === "inverse") return compareWithThreshold(op, value, literal, t);
  throw new EvaluationFailure(
    queryTypeError(query.text, literal.position, mismatchProblem(field, op, literal, t, `by run ${run.info.id}`, scope.contextNames)),
  );
};

const compare = (cx: Context, leaf: QueryNode, field: Field, op: ComparisonOp, literal: Literal): Truth => {
  const { run } = cx;
  switch (field.source) {
    case "metrics": {
      const metric = own(run.metrics, field.key);
      if (metric === undefined) return undefined;
      if (literal.kind !== "number" && literal.kind !== "quantity") return undefined; // rejected by checkQuery
      return numericCompare(cx, leaf, field, op, literal, metric.value, metricUnitState(field.key, run.tags));
    }
    case "params": {
      const raw = own(run.params, field.key);
      if (raw === undefined) return undefined;
      if (literal.kind === "string") return compareStrings(op, raw, literal.value);
      if (literal.kind === "boolean") {
        const b = booleanOf(raw);
        return op === "=" ? b === literal.value : op === "!=" ? b !== literal.value : undefined;
      }
      const { decoded, state } = readParam(field.key, raw, run.tags);
      // strings that read as numbers (params logged by plain MLflow) compare as unitless numbers
      const value = typeof decoded.value === "number" ? decoded.value : parseNumberText(raw);
      if (value === undefined) return op === "!=";
      return numericCompare(cx, leaf, field, op, literal, value, state);
    }
    case "tags": {
      const tag = own(run.tags, field.key);
      if (tag === undefined) return undefined;
      return literal.kind === "string" ? compareStrings(op, tag, literal.value) : undefined;
    }
    case "attributes": {
      const value = runAttribute(run, field.key);
      if (value === undefined) return undefined;
      if (typeof value === "number") {
        const t = timeOf(literal);
        return t === undefined ? undefined : compareNumbers(op, value, t);
      }
      if (literal.kind !== "string") return undefined;
      return compareStrings(op, value, field.key === "status" ? literal.value.toUpperCase() : literal.value);
    }
  }
};

const textOf = (run: RunRecord, field: Field): string | undefined => {
  switch (field.source) {
    case "params":
      return own(run.params, field.key);
    case "tags":
      return own(run.tags, field.key);
    case "attributes": {
      const value = runAttribute(run, field.key);
      return typeof value === "string" ? value : undefined;
    }
    case "metrics":
      return undefined;
  }
};

const has = (run: RunRecord, field: Field): boolean => {
  switch (field.source) {
    case "metrics":
      return own(run.metrics, field.key) !== undefined;
    case "params":
      return own(run.params, field.key) !== undefined;
    case "tags":
      return own(run.tags, field.key) !== undefined;
    case "attributes":
      return runAttribute(run, field.key) !== undefined;
  }
};

const evaluateNode = (cx: Context, node: QueryNode): Truth => {
  const { run } = cx;
  switch (node.kind) {
    case "and": {
      const a = evaluateNode(cx, node.left);
      const b = evaluateNode(cx, node.right);
      return a === false || b === false ? false : a === true && b === true ? true : undefined;
    }
    case "or": {
      const a = evaluateNode(cx, node.left);
      const b = evaluateNode(cx, node.right);
      return a === true || b === true ? true : a === false && b === false ? false : undefined;
    }
    case "not": {
      const a = evaluateNode(cx, node.operand);
      return a === undefined ? undefined : !a;
    }
    case "compare":
      return compare(cx, node, node.field, node.op, node.value);
    case "in": {
      let result: Truth = false;
      for (const value of node.values) {
        const r = compare(cx, node, node.field, "=", value);
        if (r === true) result = true;
        else if (r === undefined && result === false) result = undefined;
      }
      return result === undefined ? undefined : result !== node.negated;
    }
    case "like": {
      const text = textOf(run, node.field);
      if (text === undefined) return undefined;
      return likeRegExp(node.pattern, node.caseInsensitive).test(text) !== node.negated;
    }
    case "has":
      return has(run, node.field);
    case "dimension": {
      const field = node.field;
      const key = field.source === "metrics" || field.source === "params" ? dimensionKeyOf(run, { source: field.source, key: field.key }) : undefined;
      return key === undefined ? undefined : (key === node.dimension.key) !== node.negated;
    }
  }
};

/**
 * Whether `run` matches `query` (and the options' dimensionFilter). A metric
 * compares its latest value. Quantities convert exactly into the unit the run
 * logged, across dimensions only through `options.context`; comparing across
 * dimensions otherwise, a quantity with a value logged without a unit, or a
 * bare number with a value that has a unit, is a QueryTypeError naming the
 * field, the run and both units — unless a dimension guard leaves the run out.
 */
export const evaluateQuery = (query: Query, run: RunRecord, options?: QueryOptions): Either<CoreError, boolean> => {
  const scoped = scopeOf(query, options);
  if (scoped._tag === "Left") return scoped;
  const scope = scoped.right;
  const meets = (): boolean => scope.requirements.every((r) => meetsRequirement(run, r));
  if (query.root === undefined) return right(meets());
  const checked = checkQuery(query);
  if (checked._tag === "Left") return checked;
  try {
    // the requirements are conjuncts like the others: they decide after the filter, so its errors never depend on them
    return right(evaluateNode({ query, scope, run }, query.root) === true && meets());
  } catch (cause) {
    if (cause instanceof EvaluationFailure) return left(cause.error);
    throw cause;
  }
};
