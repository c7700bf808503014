// The Mongo-style run filters W&B's `runs(filters:)` accepts, evaluated by the
// protocol fake with mingo (a maintained MongoDB query engine): $and $or $nor
// at the top, $eq $ne $gt $gte $lt $lte $in $nin $exists $regex ($options)
// $not on a field. Comparisons follow Mongo: values of different types never
// compare, an array field matches when any element does.
//
// The paths are W&B's, not Mongo's (`config.lr` reads `config.lr.value`, a
// key may hold dots, `display_name` is `displayName`): run-paths.ts resolves
// each path of the filter, the filter is rewritten onto one synthetic key per
// path, and mingo tests the document of those values. A key that names
// Object.prototype's properties is a path like any other.

import { Query } from "mingo";
import type { JsonValue } from "../internal/json.js";
import { type FilterableRun, MISSING, resolvePath } from "./run-paths.js";

export type { FilterableRun } from "./run-paths.js";

export type MongoFilter = { readonly [key: string]: unknown };

const LOGICAL = ["$and", "$or", "$nor"] as const;
const FIELD_OPERATORS = ["$eq", "$ne", "$gt", "$gte", "$lt", "$lte", "$in", "$nin", "$exists", "$regex", "$options", "$not"] as const;

/** A filter the fake (and W&B) does not take: names what was given and what is accepted. */
export class UnsupportedFilterError extends Error {
  override readonly name = "UnsupportedFilterError";
}

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** Mongo's rule: an object whose keys all start with "$" is operators, anything else a value to equal. */
const isOperatorObject = (cond: unknown): cond is Record<string, unknown> =>
  isPlainObject(cond) && Object.keys(cond).length > 0 && Object.keys(cond).every((k) => k.startsWith("$"));

/** Checks a field condition's operators (mingo knows more than W&B takes), and keeps only the regex flags JavaScript and W&B share. */
const fieldCondition = (cond: unknown): unknown => {
  if (!isOperatorObject(cond)) return cond;
  const out: Record<string, unknown> = {};
  for (const [op, operand] of Object.entries(cond)) {
    if (!(FIELD_OPERATORS as readonly string[]).includes(op)) {
      throw new UnsupportedFilterError(`unsupported filter operator ${op}: a field condition takes ${FIELD_OPERATORS.join(" ")}`);
    }
    if (op === "$not") out[op] = fieldCondition(operand);
    else if (op === "$options") out[op] = String(operand).replace(/[^imsu]/g, "");
    else if (op === "$regex") out[op] = String(operand);
    else out[op] = operand;
  }
  return out;
};

interface Compiled {
  readonly query: Record<string, unknown>;
  /** the W&B path behind each synthetic key of `query` */
  readonly paths: ReadonlyArray<readonly [string, string]>;
}

const compile = (filter: unknown, paths: Array<[string, string]>): Record<string, unknown> => {
  if (!isPlainObject(filter)) throw new UnsupportedFilterError(`a filter must be a JSON object, got ${JSON.stringify(filter) ?? String(filter)}`);
  const query: Record<string, unknown> = {};
  const clauses: Array<Record<string, unknown>> = [];
  for (const [key, cond] of Object.entries(filter)) {
    if ((LOGICAL as readonly string[]).includes(key)) {
      if (!Array.isArray(cond)) throw new UnsupportedFilterError(`${key} takes an array of filters, got ${JSON.stringify(cond)}`);
      const list = cond.map((f) => compile(f, paths));
      // W&B reads an empty $or as no condition (Mongo would refuse it)
      if (key === "$or" && list.length === 0) continue;
      clauses.push({ [key]: list });
    } else if (key.startsWith("$")) {
      throw new UnsupportedFilterError(`unsupported top-level filter operator ${key}: a filter takes ${LOGICAL.join(" ")} and run paths`);
    } else {
      const synthetic = `p${paths.length}`;
      paths.push([synthetic, key]);
      clauses.push({ [synthetic]: fieldCondition(cond) });
    }
  }
  if (clauses.length === 1) Object.assign(query, clauses[0]);
  else if (clauses.length > 1) query.$and = clauses;
  return query;
};

/** Compiles `filter` once; the predicate then tests runs. null or undefined: every run matches. */
export const compileMongoFilter = (filter: unknown): ((run: FilterableRun) => boolean) => {
  if (filter === null || filter === undefined) return () => true;
  const paths: Array<[string, string]> = [];
  const compiled: Compiled = { query: compile(filter, paths), paths };
  const mingo = new Query(compiled.query);
  return (run) => {
    const document: Record<string, JsonValue> = {};
    for (const [synthetic, path] of compiled.paths) {
      const value = resolvePath(run, path);
      if (value !== MISSING) document[synthetic] = value;
    }
    return mingo.test(document);
  };
};

export const matchesMongoFilter = (run: FilterableRun, filter: unknown): boolean => compileMongoFilter(filter)(run);
