// Static checks: what is wrong with a filter whatever the runs hold. Metrics
// are numbers, tags are strings, run attributes have fixed types; `like`
// matches text; only metrics and params carry units.

import { type QueryTypeError, queryTypeError } from "../errors.js";
import { type Either, left, right } from "../internal/task.js";
import { RUN_STATUSES } from "../model.js";
import type { ComparisonOp, Field, Literal, Query, QueryNode } from "./ast.js";
import { MAX_CONDITIONS, MAX_NESTING } from "./limits.js";
import { fieldText, literalText } from "./semantics.js";

class CheckFailure {
  constructor(readonly error: QueryTypeError) {}
}

const ORDERING: ReadonlySet<ComparisonOp> = new Set(["<", "<=", ">", ">="]);

/** Milliseconds since the Unix epoch of a time literal: a number, or a date string such as "2024-05-01T12:00Z". */
export const timeOf = (literal: Literal): number | undefined => {
  if (literal.kind === "number") return literal.value;
  if (literal.kind === "string") {
    const ms = Date.parse(literal.value);
    return Number.isNaN(ms) ? undefined : ms;
  }
  return undefined;
};

const checkCompare = (query: Query, field: Field, op: ComparisonOp, value: Literal): void => {
  const fail = (position: number, problem: string): never => {
    throw new CheckFailure(queryTypeError(query.text, position, problem));
  };
  const name = fieldText(field);
  switch (field.source) {
    case "metrics":
      if (value.kind === "string" || value.kind === "boolean") {
        fail(
          value.position,
          `${name} is a number and ${literalText(value)} is a ${value.kind}: compare it with a number or a quantity, as in ${name} ${op} 1 J`,
        );
      }
      return;
    case "params":
      if (value.kind === "boolean" && ORDERING.has(op)) {
        fail(value.position, `${literalText(value)} is a boolean: booleans compare only with = and !=`);
      }
      return;
    case "tags":
      if (value.kind !== "string") {
        const why = value.kind === "quantity" ? " and carry no unit" : "";
        fail(
          value.position,
          `tags are strings${why}: ${literalText(value)} cannot be compared with ${name}; quote it to compare text, as in ${name} ${op} "${value.kind === "quantity" ? value.text : String(value.value)}"`,
        );
      }
      return;
    case "attributes":
      switch (field.key) {
        case "status": {
          if (ORDERING.has(op)) fail(value.position, `${name} compares only with = and != (or in)`);
          const status = value.kind === "string" ? value.value.toUpperCase() : undefined;
          if (status === undefined || !(RUN_STATUSES as readonly string[]).includes(status)) {
            fail(value.position, `${literalText(value)} is not a run status: use one of ${RUN_STATUSES.map((s) => `"${s}"`).join(", ")}`);
          }
          return;
        }
        case "name":
        case "run_id":
          if (value.kind !== "string") fail(value.position, `${name} is text: quote the value, as in ${name} ${op} "${literalText(value)}"`);
          return;
        case "start_time":
        case "end_time":
          if (timeOf(value) === undefined) {
            fail(
              value.position,
              value.kind === "string"
                ? `${literalText(value)} is not a date: write an ISO date such as "2024-05-01" or "2024-05-01T12:00:00Z", or milliseconds since the Unix epoch`
                : `${name} is a time: compare it with milliseconds since the Unix epoch or a date string such as "2024-05-01", not with ${literalText(value)}`,
            );
          }
          return;
      }
  }
};

const checkLike = (query: Query, field: Field): void => {
  const textual =
    field.source === "params" ||
    field.source === "tags" ||
    (field.source === "attributes" && (field.key === "status" || field.key === "name" || field.key === "run_id"));
  if (!textual) {
    throw new CheckFailure(
      queryTypeError(query.text, field.position, `${fieldText(field)} is a ${field.source === "metrics" ? "number" : "time"}: like matches text (params, tags, attributes.name)`),
    );
  }
};

const checkNode = (query: Query, node: QueryNode): void => {
  switch (node.kind) {
    case "and":
    case "or":
      checkNode(query, node.left);
      checkNode(query, node.right);
      return;
    case "not":
      checkNode(query, node.operand);
      return;
    case "compare":
      checkCompare(query, node.field, node.op, node.value);
      return;
    case "in":
      for (const value of node.values) checkCompare(query, node.field, "=", value);
      return;
    case "like":
      checkLike(query, node.field);
      return;
    case "has":
      return;
    case "dimension":
      if (node.field.source !== "metrics" && node.field.source !== "params") {
        throw new CheckFailure(
          queryTypeError(
            query.text,
            node.field.position,
            `${fieldText(node.field)} carries no unit: dimension(...) applies to metrics and params`,
          ),
        );
      }
      return;
  }
};

/**
 * The conditions and the depth of a tree, walked without recursion: a query
 * built by hand is not bounded by the parser, and every other pass recurses.
 */
const measure = (root: QueryNode): { conditions: number; depth: number } => {
  let conditions = 0;
  let depth = 0;
  const stack: Array<[QueryNode, number]> = [[root, 1]];
  while (stack.length > 0) {
    const [node, d] = stack.pop() as [QueryNode, number];
    if (d > depth) depth = d;
    if (node.kind === "and" || node.kind === "or") stack.push([node.left, d + 1], [node.right, d + 1]);
    else if (node.kind === "not") stack.push([node.operand, d + 1]);
    else conditions++;
    if (conditions > MAX_CONDITIONS || depth > MAX_CONDITIONS + MAX_NESTING) break;
  }
  return { conditions, depth };
};

const checked = new WeakSet<Query>();

/**
 * The checks that need no data (parseQuery runs them). A Query built by hand
 * can be checked with this; evaluateQuery checks each Query object once.
 */
export const checkQuery = (query: Query): Either<QueryTypeError, Query> => {
  if (checked.has(query) || query.root === undefined) return right(query);
  const size = measure(query.root);
  if (size.conditions > MAX_CONDITIONS || size.depth > MAX_CONDITIONS + MAX_NESTING) {
    return left(
      queryTypeError(
        query.text,
        0,
        size.conditions > MAX_CONDITIONS
          ? `the query has more than ${MAX_CONDITIONS} conditions: list values with in (…), or split the search`
          : `the query is nested more than ${MAX_CONDITIONS + MAX_NESTING} levels deep: write it with fewer levels`,
      ),
    );
  }
  try {
    checkNode(query, query.root);
  } catch (cause) {
    if (cause instanceof CheckFailure) return left(cause.error);
    throw cause;
  }
  checked.add(query);
  return right(query);
};
