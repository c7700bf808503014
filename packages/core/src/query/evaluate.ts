// evaluateQuery: does a run match? Three-valued, as in SQL: a predicate on a
// field the run lacks (or whose unit label cannot be read) is unknown, `not`
// keeps it unknown, and only `true` matches. So `metrics.x != 1` and
// `not (metrics.x = 1)` both skip runs without metrics.x; `has(...)` is never
// unknown. Both sides of and/or are always evaluated, so a type error does not
// depend on the order of the conditions.

import { runAttribute } from "../internal/run-attribute.js";
import { Dimension } from "@dimexp/units";
import { type CoreError, type QueryTypeError, queryTypeError } from "../errors.js";
import { type Either, left, right } from "../internal/task.js";
import { parseNumberText } from "../unit-codec.js";
import type { RunRecord } from "../model.js";
import type { ComparisonOp, Field, Literal, Query, QueryNode } from "./ast.js";
import { checkQuery, timeOf } from "./check.js";
import {
  type NumericLiteral,
  type UnitState,
  booleanOf,
  compareNumbers,
  compareStrings,
  likeRegExp,
  metricUnitState,
  mismatchProblem,
  readParam,
  threshold,
} from "./semantics.js";

/** true, false, or undefined for unknown */
type Truth = boolean | undefined;

class EvaluationFailure {
  constructor(readonly error: QueryTypeError) {}
}

const numericCompare = (
  query: Query,
  run: RunRecord,
  field: Field,
  op: ComparisonOp,
  literal: NumericLiteral,
  value: number,
  state: UnitState,
): Truth => {
  if (state.kind === "unknown") return undefined;
  const t = threshold(literal, state.kind === "unit" ? state.unit : undefined);
  if (typeof t !== "number") {
    throw new EvaluationFailure(
      queryTypeError(query.text, literal.position, mismatchProblem(field, op, literal, t, `by run ${run.info.id}`)),
    );
  }
  return compareNumbers(op, value, t);
};


const compare = (query: Query, run: RunRecord, field: Field, op: ComparisonOp, literal: Literal): Truth => {
  switch (field.source) {
    case "metrics": {
      const metric = run.metrics[field.key];
      if (metric === undefined) return undefined;
      if (literal.kind !== "number" && literal.kind !== "quantity") return undefined; // rejected by checkQuery
      return numericCompare(query, run, field, op, literal, metric.value, metricUnitState(field.key, run.tags));
    }
    case "params": {
      const raw = run.params[field.key];
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
      return numericCompare(query, run, field, op, literal, value, state);
    }
    case "tags": {
      const tag = run.tags[field.key];
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
      return run.params[field.key];
    case "tags":
      return run.tags[field.key];
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
      return run.metrics[field.key] !== undefined;
    case "params":
      return run.params[field.key] !== undefined;
    case "tags":
      return run.tags[field.key] !== undefined;
    case "attributes":
      return runAttribute(run, field.key) !== undefined;
  }
};

/** The dimension of a field's value: unitless numbers are dimensionless; strings and booleans have none. */
const dimensionKey = (run: RunRecord, field: Field): string | undefined => {
  let state: UnitState;
  if (field.source === "metrics") {
    if (run.metrics[field.key] === undefined) return undefined;
    state = metricUnitState(field.key, run.tags);
  } else if (field.source === "params") {
    const raw = run.params[field.key];
    if (raw === undefined) return undefined;
    const reading = readParam(field.key, raw, run.tags);
    if (reading.decoded.type !== "number" && reading.decoded.type !== "quantity") return undefined;
    state = reading.state;
  } else return undefined;
  if (state.kind === "unknown") return undefined;
  return state.kind === "unit" ? state.unit.dimension.key : DIMENSIONLESS_KEY;
};

const DIMENSIONLESS_KEY = Dimension.dimensionless.key;

const evaluateNode = (query: Query, run: RunRecord, node: QueryNode): Truth => {
  switch (node.kind) {
    case "and": {
      const a = evaluateNode(query, run, node.left);
      const b = evaluateNode(query, run, node.right);
      return a === false || b === false ? false : a === true && b === true ? true : undefined;
    }
    case "or": {
      const a = evaluateNode(query, run, node.left);
      const b = evaluateNode(query, run, node.right);
      return a === true || b === true ? true : a === false && b === false ? false : undefined;
    }
    case "not": {
      const a = evaluateNode(query, run, node.operand);
      return a === undefined ? undefined : !a;
    }
    case "compare":
      return compare(query, run, node.field, node.op, node.value);
    case "in": {
      let result: Truth = false;
      for (const value of node.values) {
        const r = compare(query, run, node.field, "=", value);
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
      const key = dimensionKey(run, node.field);
      return key === undefined ? undefined : (key === node.dimension.key) !== node.negated;
    }
  }
};

/**
 * Whether `run` matches `query`. A metric compares its latest value. Quantities
 * convert exactly into the unit the run logged; comparing across dimensions,
 * a quantity with a value logged without a unit, or a bare number with a value
 * that has a unit, is a QueryTypeError naming the field, the run and both units.
 */
export const evaluateQuery = (query: Query, run: RunRecord): Either<CoreError, boolean> => {
  if (query.root === undefined) return right(true);
  const checked = checkQuery(query);
  if (checked._tag === "Left") return checked;
  try {
    return right(evaluateNode(query, run, query.root) === true);
  } catch (cause) {
    if (cause instanceof EvaluationFailure) return left(cause.error);
    throw cause;
  }
};
