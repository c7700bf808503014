// Dimension guards. `dimension(metrics.x) = energy and metrics.x > 1 J` over
// runs that logged x in J and others in m must compare the J runs and skip
// the m runs, not fail: the guard says the comparison is meant only for
// energies. Whatever a comparison would say of a run whose dimension a guard
// refuses, the conjunction holding both is false for that run, so the
// comparison may skip it (no type error, and no unit group pushed down for it).
//
// A guard is a conjunct that tests only the dimension of one field:
//   dimension(f) = d            dimension(f) != d        not dimension(f) = d
//   dimension(f) in (d1, d2)    dimension(f) not in (…)
// It covers every condition inside the same `and` chain (at any depth: under
// `or` and `not` too), and never outside it. The dimensionFilter of a search
// adds guards over the whole query.

import type { Field, QueryNode } from "./ast.js";

/** The fields a guard covers: `undefined` source is a bare name (the run's metric of that name, else its param). */
export interface Guard {
  readonly source: "metrics" | "params" | undefined;
  readonly key: string;
  /** dimension keys the field may have (undefined: any not excluded) */
  readonly allowed: ReadonlySet<string> | undefined;
  readonly excluded: ReadonlySet<string>;
}

type Leaf = Extract<QueryNode, { kind: "compare" | "in" }>;

const EMPTY: ReadonlySet<string> = new Set();

const sameField = (a: Field, b: Field): boolean => a.source === b.source && a.key === b.key;

/** The leaves of an `or` (or `and`) tree, without recursion. */
const chain = (node: QueryNode, kind: "and" | "or"): QueryNode[] => {
  const out: QueryNode[] = [];
  const stack: QueryNode[] = [node];
  while (stack.length > 0) {
    const n = stack.pop() as QueryNode;
    if (n.kind === kind) stack.push(n.right, n.left);
    else out.push(n);
  }
  return out;
};

const guardOf = (node: QueryNode): Guard | undefined => {
  if (node.kind === "dimension") {
    if (node.field.source !== "metrics" && node.field.source !== "params") return undefined;
    const keys = new Set([node.dimension.key]);
    return { source: node.field.source, key: node.field.key, allowed: node.negated ? undefined : keys, excluded: node.negated ? keys : EMPTY };
  }
  if (node.kind === "or") {
    const leaves = chain(node, "or");
    const first = leaves[0];
    if (first?.kind !== "dimension" || (first.field.source !== "metrics" && first.field.source !== "params")) return undefined;
    const field = first.field;
    if (!leaves.every((l) => l.kind === "dimension" && !l.negated && sameField(l.field, field))) return undefined;
    const allowed = new Set(leaves.map((l) => (l as Extract<QueryNode, { kind: "dimension" }>).dimension.key));
    return { source: field.source as "metrics" | "params", key: field.key, allowed, excluded: EMPTY };
  }
  if (node.kind === "not") {
    const inner = guardOf(node.operand);
    if (inner === undefined) return undefined;
    // not (= any of A) is "none of A"; not (!= a) is "= a"
    if (inner.allowed !== undefined && inner.excluded.size === 0) return { ...inner, allowed: undefined, excluded: inner.allowed };
    if (inner.allowed === undefined && inner.excluded.size === 1) return { ...inner, allowed: inner.excluded, excluded: EMPTY };
  }
  return undefined;
};

/**
 * The guards covering each comparison of `root`, with `outer` (the search's
 * dimensionFilter) covering all of them. Comparisons no guard covers are absent.
 */
export const collectGuards = (root: QueryNode | undefined, outer: readonly Guard[]): ReadonlyMap<QueryNode, readonly Guard[]> => {
  const out = new Map<QueryNode, readonly Guard[]>();
  if (root === undefined) return out;
  // explicit stack: and/or chains are as long as the filter allows (MAX_CONDITIONS)
  const stack: Array<[QueryNode, readonly Guard[]]> = [[root, outer]];
  while (stack.length > 0) {
    const [node, guards] = stack.pop() as [QueryNode, readonly Guard[]];
    switch (node.kind) {
      case "and": {
        const conjuncts = chain(node, "and");
        const own = conjuncts.map(guardOf).filter((g): g is Guard => g !== undefined);
        const scope = own.length > 0 ? [...guards, ...own] : guards;
        for (const c of conjuncts) stack.push([c, scope]);
        break;
      }
      case "or":
        stack.push([node.left, guards], [node.right, guards]);
        break;
      case "not":
        stack.push([node.operand, guards]);
        break;
      case "compare":
      case "in":
        if (guards.length > 0) out.set(node as Leaf, guards);
        break;
      default:
        break;
    }
  }
  return out;
};

const admitted = (guard: Guard, dimensionKey: string): boolean =>
  !guard.excluded.has(dimensionKey) && (guard.allowed === undefined || guard.allowed.has(dimensionKey));

/**
 * Whether the guards let a comparison on `field` see a value of dimension
 * `dimensionKey`. `bareSource` says which field a bare name means for the run
 * at hand (undefined: statically, where a bare name is taken as the metric
 * only — the metric is what it means for every run that has one).
 */
export const guardsAdmit = (
  guards: readonly Guard[] | undefined,
  field: Pick<Field, "source" | "key">,
  dimensionKey: string,
  bareSource?: "metrics" | "params" | undefined,
): boolean => {
  if (guards === undefined) return true;
  for (const guard of guards) {
    if (guard.key !== field.key) continue;
    const covers = guard.source === undefined ? (bareSource ?? "metrics") === field.source : guard.source === field.source;
    if (covers && !admitted(guard, dimensionKey)) return false;
  }
  return true;
};
