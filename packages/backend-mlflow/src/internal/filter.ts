// Core's pushed-down RawFilter (OR of ANDs) as MLflow filter strings. MLflow
// has AND only — no OR, no parentheses, `IN` only for run ids — so each
// conjunction becomes its own search, and an `in` over tags, params, status
// or names becomes one search per value. A predicate MLflow cannot evaluate
// exactly as core does is left out: the filter may be looser, never stricter
// (core evaluates the whole query on what comes back).
//
// What the server accepts (3.17, checked against it): metrics compare with
// = != < <= > >= on numbers (no "+" in exponents: 1e300, not 1e+300), and a
// NaN latest value matches only !=; params and tags compare as strings with
// = != LIKE ILIKE and have IS NOT NULL; attributes.run_name and status take
// = != LIKE ILIKE; attributes.run_id takes IN; start_time/end_time compare
// as integers. ±Infinity is stored as ±1.7976931348623157e308.

import type { RawFilter, RawPredicate } from "@dimexp/core";
import { MAX_DOUBLE } from "./wire.js";

type Translated = { readonly kind: "clause"; readonly text: string } | { readonly kind: "any"; readonly texts: readonly string[] } | { readonly kind: "drop" } | { readonly kind: "never" };

const DROP: Translated = { kind: "drop" };
const NEVER: Translated = { kind: "never" };

/** Most searches one conjunction may expand into (beyond it, `in` predicates are left out). */
export const MAX_SEARCHES_PER_CONJUNCTION = 16;
/** Most searches for a whole filter (beyond it, every run is fetched). */
export const MAX_SEARCHES = 48;

const identifier = (prefix: string, key: string): string | undefined => (key.includes("`") ? undefined : `${prefix}.\`${key}\``);

/** A quoted string literal, or undefined when MLflow's parser cannot take it verbatim. */
export const quote = (value: string): string | undefined => {
  if (value.includes("\\")) return undefined;
  if (!value.includes("'")) return `'${value}'`;
  if (!value.includes('"')) return `"${value}"`;
  return undefined;
};

/** A number as the filter parser reads it. */
export const numberLiteral = (x: number): string | undefined => {
  if (!Number.isFinite(x)) return undefined;
  if (x === 0) return "0";
  return String(x).replace("e+", "e");
};

const stringOps = new Set(["=", "!=", "like", "ilike"]);
const sqlOp = (op: RawPredicate["op"]): string => (op === "like" ? "LIKE" : op === "ilike" ? "ILIKE" : op);

const metricClause = (p: RawPredicate): Translated => {
  const id = identifier("metrics", p.key);
  if (id === undefined || typeof p.value !== "number") return DROP;
  let t = p.value;
  let op = p.op;
  if (Number.isNaN(t)) return op === "!=" ? DROP : NEVER;
  if (Math.abs(t) >= MAX_DOUBLE) {
    // the server holds ±Infinity as ±MAX: compare so that both stay in
    if (op === "!=") return DROP;
    const positive = t > 0;
    if (!Number.isFinite(t) && ((positive && op === ">") || (!positive && op === "<"))) return NEVER;
    t = positive ? MAX_DOUBLE : -MAX_DOUBLE;
    if (op === ">") op = ">=";
    if (op === "<") op = "<=";
  }
  if (!["=", "!=", "<", "<=", ">", ">="].includes(op)) return DROP;
  const literal = numberLiteral(t);
  return literal === undefined ? DROP : { kind: "clause", text: `${id} ${op} ${literal}` };
};

const stringClause = (prefix: string, key: string, p: RawPredicate, allowExists: boolean): Translated => {
  const id = prefix === "attributes" ? `attributes.${key}` : identifier(prefix, key);
  if (id === undefined) return DROP;
  if (p.op === "exists") return allowExists ? { kind: "clause", text: `${id} IS NOT NULL` } : DROP;
  if (p.op === "in") {
    if (!Array.isArray(p.value)) return DROP;
    const values = [...new Set(p.value as readonly string[])];
    if (values.length === 0) return NEVER;
    const texts: string[] = [];
    for (const v of values) {
      const q = quote(v);
      if (q === undefined) return DROP;
      texts.push(`${id} = ${q}`);
    }
    return texts.length === 1 ? { kind: "clause", text: texts[0] as string } : { kind: "any", texts };
  }
  if (!stringOps.has(p.op) || typeof p.value !== "string") return DROP;
  const q = quote(p.value);
  return q === undefined ? DROP : { kind: "clause", text: `${id} ${sqlOp(p.op)} ${q}` };
};

const attributeClause = (p: RawPredicate): Translated => {
  switch (p.key) {
    case "status":
      return stringClause("attributes", "status", p, false);
    case "name":
    case "run_name":
      return stringClause("attributes", "run_name", p, false);
    case "id":
    case "run_id": {
      if (p.op === "in" && Array.isArray(p.value)) {
        const values = p.value as readonly string[];
        if (values.length === 0) return NEVER;
        const quoted = values.map(quote);
        if (quoted.some((q) => q === undefined)) return DROP;
        return { kind: "clause", text: `attributes.run_id IN (${quoted.join(", ")})` };
      }
      if (p.op !== "=" || typeof p.value !== "string") return DROP;
      const q = quote(p.value);
      return q === undefined ? DROP : { kind: "clause", text: `attributes.run_id = ${q}` };
    }
    case "start_time":
    case "end_time": {
      if (typeof p.value !== "number" || !Number.isSafeInteger(p.value) || !["=", "<", "<=", ">", ">="].includes(p.op)) return DROP;
      return { kind: "clause", text: `attributes.${p.key} ${p.op} ${p.value}` };
    }
    default:
      return DROP;
  }
};

export const translatePredicate = (p: RawPredicate): Translated => {
  switch (p.source) {
    case "metrics":
      return metricClause(p);
    case "params":
      return typeof p.value === "number" ? DROP : stringClause("params", p.key, p, true);
    case "tags":
      return typeof p.value === "number" ? DROP : stringClause("tags", p.key, p, true);
    case "attributes":
      return attributeClause(p);
  }
};

/**
 * The searches that together return every run `filter` matches: an array of
 * MLflow filter strings ("" = every run), or [] when no run can match.
 */
export const toMlflowFilters = (filter: RawFilter | undefined): string[] => {
  if (filter === undefined) return [""];
  const out = new Set<string>();
  for (const conjunction of filter) {
    const fixed: string[] = [];
    const choices: Array<readonly string[]> = [];
    let never = false;
    for (const p of conjunction) {
      const t = translatePredicate(p);
      if (t.kind === "never") never = true;
      else if (t.kind === "clause") fixed.push(t.text);
      else if (t.kind === "any") choices.push(t.texts);
    }
    if (never) continue;
    // keep the `in` predicates that fit within the per-conjunction budget, smallest first
    choices.sort((a, b) => a.length - b.length);
    let combos: string[][] = [[]];
    for (const options of choices) {
      if (combos.length * options.length > MAX_SEARCHES_PER_CONJUNCTION) continue;
      combos = combos.flatMap((combo) => options.map((o) => [...combo, o]));
    }
    for (const combo of combos) {
      const clauses = [...new Set([...fixed, ...combo])];
      if (clauses.length === 0) return [""];
      out.add(clauses.join(" AND "));
    }
  }
  if (out.size > MAX_SEARCHES) return [""];
  return [...out];
};
