// What a search adds to its filter: the contexts through which quantities of
// different dimensions compare (`natural`: a length logged in GeV⁻¹ against
// 50 cm), and the fields whose dimension it requires (the dimensionFilter),
// which also guard the filter's comparisons. Resolved once per query and
// options, shared by the evaluation and the pushdown so they never disagree.

import { type ContextOption, type InvalidArgument, type UnitsError, contextNames, getContext } from "@dimexp/units";
import { type Either, left, right } from "../internal/task.js";
import type { Query, QueryNode } from "./ast.js";
import { type DimensionRequirement, requirementGuards } from "./dimension-filter.js";
import { type Guard, collectGuards } from "./guards.js";
import { contextNamesOf } from "./semantics.js";

export interface QueryOptions {
  /**
   * One or more named contexts (natural, gaussian, spectral, mass-energy,
   * temperature-energy, or your own registered ones) through which a filter
   * compares quantities whose SI dimensions differ. Without one it never does.
   */
  readonly context?: ContextOption | undefined;
  /** fields whose dimension the search requires (see parseDimensionFilter); they also guard the filter's comparisons */
  readonly dimensionFilter?: readonly DimensionRequirement[] | undefined;
}

export interface Scope {
  readonly context: ContextOption | undefined;
  /** the contexts' names, for messages */
  readonly contextNames: readonly string[];
  readonly requirements: readonly DimensionRequirement[];
  /** the guards covering each comparison (absent: none) */
  readonly guards: ReadonlyMap<QueryNode, readonly Guard[]>;
  /** the guards of the dimensionFilter alone, covering every comparison */
  readonly outer: readonly Guard[];
}

const invalidContext = (problem: string): InvalidArgument => ({
  _tag: "InvalidArgument",
  argument: "context",
  message: `Invalid context: ${problem}. Contexts: ${contextNames().join(", ")}.`,
});

/** Every context named exists; an empty name or list is refused, never read as "no context". */
export const checkContext = (context: ContextOption | undefined): Either<UnitsError, ContextOption | undefined> => {
  if (context === undefined) return right(undefined);
  const list = Array.isArray(context) ? context : [context];
  for (const item of list as unknown[]) {
    if (typeof item === "string") {
      if (item.trim() === "") return left(invalidContext("an empty context name; name one, such as natural"));
      const found = getContext(item);
      if (found._tag === "Left") return found;
    } else if (!(typeof item === "object" && item !== null && typeof (item as { bridge?: unknown }).bridge === "function")) {
      return left(invalidContext("expected a context name or a Context object"));
    }
  }
  return right(list.length === 0 ? undefined : context);
};

const NO_OPTIONS: QueryOptions = {};
const scopes = new WeakMap<Query, WeakMap<QueryOptions, Scope>>();

/** The scope of `query` under `options`, cached per pair (evaluateQuery runs once per run). */
export const scopeOf = (query: Query, options: QueryOptions | undefined): Either<UnitsError, Scope> => {
  const key = options ?? NO_OPTIONS;
  let perQuery = scopes.get(query);
  const hit = perQuery?.get(key);
  if (hit) return right(hit);
  const context = checkContext(key.context);
  if (context._tag === "Left") return context;
  const requirements = key.dimensionFilter ?? [];
  const outer = requirementGuards(requirements);
  const scope: Scope = {
    context: context.right,
    contextNames: contextNamesOf(context.right),
    requirements,
    guards: collectGuards(query.root, outer),
    outer,
  };
  if (!perQuery) {
    perQuery = new WeakMap();
    scopes.set(query, perQuery);
  }
  perQuery.set(key, scope);
  return right(scope);
};
