// Core's RawFilter (OR of ANDs of raw predicates) as a W&B Mongo-style run
// filter. Only what W&B can evaluate exactly-or-looser is pushed: a predicate
// that cannot be expressed (a key with a dot, which W&B reads as nesting; a
// comparison whose stored type may differ) is left out, making the filter
// looser, never stricter. The client evaluates the full RawFilter on what
// comes back, so results are exact either way.

import type { RawFilter, RawPredicate } from "@dimexp/core";
import { CONFIG_KEY, paramToJson, sectionOf, wandbStatesFor } from "./run-mapping.js";

export type MongoFilter = Record<string, unknown>;

export interface Pushdown {
  /** the filter to send; undefined: no filter */
  readonly filter: MongoFilter | undefined;
  /** true when the filter selects exactly what the RawFilter does */
  readonly exact: boolean;
}

const COMPARISONS: Record<string, string> = { "=": "$eq", "!=": "$ne", "<": "$lt", "<=": "$lte", ">": "$gt", ">=": "$gte" };

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

const likeToRegExp = (pattern: string): string => {
  let source = "";
  for (const ch of pattern) source += ch === "%" ? ".*" : ch === "_" ? "." : escapeRegExp(ch);
  return `^${source}$`;
};

/**
 * The JSON values a param string may be stored as (see paramToJson): the
 * string itself and its typed form; undefined when that form (±Infinity)
 * cannot be written in a JSON filter.
 */
const paramVariants = (value: string): unknown[] | undefined => {
  const typed = paramToJson(value);
  if (typeof typed === "number" && !Number.isFinite(typed)) return undefined;
  return typed === value ? [value] : [value, typed];
};

const plain = (name: string): boolean => name !== "" && !name.includes(".") && !name.startsWith("$");

/** One predicate as a Mongo clause; `exact` says whether it selects exactly the same runs. */
const clause = (p: RawPredicate): { clause: MongoFilter; exact: boolean } | undefined => {
  switch (p.source) {
    case "metrics": {
      if (!plain(p.key)) return undefined;
      const path = `summary_metrics.${p.key}`;
      if (p.op === "exists") return { clause: { [path]: { $exists: true } }, exact: false };
      const op = COMPARISONS[p.op];
      if (op && typeof p.value === "number" && Number.isFinite(p.value) && p.op !== "!=") return { clause: { [path]: { [op]: p.value } }, exact: false };
      return undefined;
    }
    case "params": {
      if (!plain(p.key)) return undefined;
      const path = `config.${p.key}.value`;
      const op = COMPARISONS[p.op];
      if (op && p.op !== "!=" && typeof p.value === "number" && Number.isFinite(p.value)) return { clause: { [path]: { [op]: p.value } }, exact: false };
      if (p.op === "=" && typeof p.value === "string") {
        const variants = paramVariants(p.value);
        return variants ? { clause: { [path]: { $in: variants } }, exact: false } : undefined;
      }
      if (p.op === "in" && Array.isArray(p.value)) {
        const variants = (p.value as string[]).map(paramVariants);
        return variants.every((v) => v !== undefined) ? { clause: { [path]: { $in: variants.flat() } }, exact: false } : undefined;
      }
      return undefined;
    }
    case "tags": {
      const { section, name } = sectionOf(p.key);
      if (!plain(name)) return undefined;
      const own = `config.${CONFIG_KEY}.value.${section}.${name}`;
      // Runs written by others carry units as `<name>_unit` keys and W&B tags as labels.
      const alternatives = (condition: unknown, matchesEmpty: boolean): MongoFilter => {
        const options: MongoFilter[] = [{ [own]: condition }];
        if (section === "unit") options.push({ [`config.${name}_unit.value`]: condition }, { [`summary_metrics.${name}_unit`]: condition });
        if (section === "tags" && matchesEmpty) options.push({ tags: name });
        return options.length === 1 ? (options[0] as MongoFilter) : { $or: options };
      };
      if (p.op === "=" && typeof p.value === "string") return { clause: alternatives(p.value, p.value === ""), exact: false };
      if (p.op === "in" && Array.isArray(p.value)) return { clause: alternatives({ $in: p.value }, (p.value as string[]).includes("")), exact: false };
      if (p.op === "exists") return { clause: alternatives({ $exists: true }, true), exact: false };
      if (p.op === "like" && typeof p.value === "string") {
        const regex = likeToRegExp(p.value);
        return { clause: alternatives({ $regex: regex }, new RegExp(regex, "s").test("")), exact: false };
      }
      return undefined;
    }
    case "attributes": {
      if (p.key === "status") {
        if (p.op === "=" && typeof p.value === "string") return { clause: { state: { $in: wandbStatesFor(p.value) } }, exact: false };
        if (p.op === "in" && Array.isArray(p.value)) return { clause: { state: { $in: (p.value as string[]).flatMap(wandbStatesFor) } }, exact: false };
        return undefined;
      }
      if ((p.key === "name" || p.key === "run_name") && p.op === "=" && typeof p.value === "string") return { clause: { displayName: p.value }, exact: false };
      if ((p.key === "run_id" || p.key === "id") && p.op === "=" && typeof p.value === "string") return { clause: { name: p.value }, exact: true };
      return undefined;
    }
  }
};

/** A RawFilter as a W&B run filter (undefined: everything). */
export const toMongoFilter = (filter: RawFilter | undefined): Pushdown => {
  if (filter === undefined) return { filter: undefined, exact: true };
  if (filter.length === 0) return { filter: { name: { $in: [] } }, exact: true };
  const disjuncts: MongoFilter[] = [];
  let exact = true;
  for (const conjunction of filter) {
    const clauses: MongoFilter[] = [];
    for (const p of conjunction) {
      const c = clause(p);
      if (!c) {
        exact = false;
        continue;
      }
      if (!c.exact) exact = false;
      clauses.push(c.clause);
    }
    // a conjunction with nothing pushable matches anything: the whole OR does too
    if (clauses.length === 0) return { filter: undefined, exact: false };
    disjuncts.push(clauses.length === 1 ? (clauses[0] as MongoFilter) : { $and: clauses });
  }
  return { filter: disjuncts.length === 1 ? disjuncts[0] : { $or: disjuncts }, exact };
};
