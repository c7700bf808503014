// A RawFilter (OR of ANDs of raw predicates) as one parameterized SQL condition
// on `r` (the runs table). Each predicate on a metric, param or tag is an
// EXISTS probe of that table's (rid, key) primary key, so a search reads only
// the rows it tests, never a metric's chunks.
//
// Semantics are core's reference, matchesRawFilter (internal/raw-filter.ts).
// The pushed-down filter may be looser than that, never stricter (core
// re-evaluates the full query on what comes back). So:
//   - a run without the key fails every predicate but `exists`-negations, as
//     in the reference; NaN (stored as NULL) fails all comparisons but `!=`;
//   - text comparisons on numbers (String(value), as the reference makes them)
//     and orderings JavaScript and SQLite disagree on go through registered
//     functions (dimexp_text, dimexp_compare); an attribute the reference does
//     not know is TRUE, left to core;
//   - `like` is a GLOB (case-sensitive, unlike SQLite's LIKE) when that is
//     exact, and core's own regex (a registered function) otherwise.

import type { RawFilter, RawPredicate } from "@dimexp/core";
import { parseStoredNumber } from "./numbers.js";

export interface SqlCondition {
  readonly sql: string;
  readonly params: unknown[];
}

const TRUE = "1";
const FALSE = "0";

type CompareOp = "=" | "!=" | "<" | "<=" | ">" | ">=";
const isCompare = (op: RawPredicate["op"]): op is CompareOp =>
  op === "=" || op === "!=" || op === "<" || op === "<=" || op === ">" || op === ">=";

/** `like` pattern as a GLOB pattern: GLOB is case-sensitive, SQLite's LIKE is not. */
export const likeToGlob = (pattern: string): string => {
  let out = "";
  for (const c of pattern) {
    if (c === "%") out += "*";
    else if (c === "_") out += "?";
    else if (c === "*" || c === "?" || c === "[") out += `[${c}]`;
    else out += c;
  }
  return out;
};

/** `in` lists: the reference matches only an array (String(actual) in it). */
const asStrings = (value: RawPredicate["value"]): string[] | undefined =>
  Array.isArray(value) ? [...(value as readonly unknown[])].map(String) : undefined;

/**
 * SQLite orders text by UTF-8 bytes (code points), JavaScript by UTF-16 code
 * units; they disagree only where a character above U+FFFF meets one in
 * U+E000–U+FFFF. A bound without characters from U+D800 up orders the same
 * either way; any other bound is compared by JavaScript's own rule.
 */
const sqlOrderIsJsOrder = (bound: string): boolean => !/[\uD800-\uFFFF]/.test(bound);

const textOrder = (column: string, op: Exclude<CompareOp, "!=">, bound: string): string =>
  op === "=" || sqlOrderIsJsOrder(bound) ? `${column} ${op} ?` : `dimexp_compare(${column}, ?) ${op} 0`;

/** What JavaScript's trim() strips, for SQLite's trim(X, Y). */
const JS_WHITESPACE = " \t\n\v\f\r\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff";

const placeholders = (n: number): string => Array.from({ length: n }, () => "?").join(", ");

/** The SQL for `like`/`ilike`: a GLOB where it is exact (no `_`, case-sensitive), else core's regex. */
const likeCondition = (column: string, op: "like" | "ilike", pattern: string): { sql: string; values: unknown[] } =>
  op === "like" && !pattern.includes("_")
    ? { sql: `${column} GLOB ?`, values: [likeToGlob(pattern)] }
    : { sql: `dimexp_like(${column}, ?, ?)`, values: [pattern, op === "ilike" ? 1 : 0] };

class Builder {
  readonly params: unknown[] = [];

  bind(...values: unknown[]): this {
    for (const v of values) this.params.push(typeof v === "number" && Number.isNaN(v) ? null : v);
    return this;
  }

  /** EXISTS / NOT EXISTS probe of a (rid, key) table with an extra condition on its row. */
  probe(table: string, key: string, condition: string | undefined, values: unknown[], negate = false): string {
    this.bind(key, ...values);
    const where = `t.rid = r.rid AND t.key = ?${condition === undefined ? "" : ` AND ${condition}`}`;
    return `${negate ? "NOT " : ""}EXISTS (SELECT 1 FROM ${table} t WHERE ${where})`;
  }

  /**
   * A comparison on a stored number. NULL is NaN (metrics) or "not a number"
   * (params, tags): it fails every comparison but `!=`, as NaN does.
   */
  compareNumber(table: string, key: string, column: string, op: CompareOp, n: number): string {
    // the reference never matches a blank string in a numeric comparison
    const notBlank = table === "latest_metrics" ? undefined : "trim(t.value, ?) != ''";
    const notBlankValues = notBlank === undefined ? [] : [JS_WHITESPACE];
    if (Number.isNaN(n)) return op === "!=" ? this.probe(table, key, notBlank, notBlankValues) : FALSE;
    if (op !== "!=") return this.probe(table, key, `${column} ${op} ?`, [n]);
    const nan = notBlank === undefined ? `${column} IS NULL` : `(${column} IS NULL AND ${notBlank})`;
    return this.probe(table, key, `(${nan} OR ${column} != ?)`, [...notBlankValues, n]);
  }

  /** A comparison of String(metric value) with text, as the reference makes it. */
  textCompare(table: string, key: string, column: string, op: CompareOp, text: string): string {
    if (op === "!=") return this.probe(table, key, `${column} != ?`, [text]);
    return this.probe(table, key, textOrder(column, op, text), [text]);
  }

  keyed(table: "latest_metrics" | "params" | "tags", p: RawPredicate): string {
    const { key, op, value } = p;
    if (op === "exists") return this.probe(table, key, undefined, []);

    if (table === "latest_metrics") {
      if (isCompare(op)) {
        if (typeof value === "number") return this.compareNumber(table, key, "t.value", op, value);
        // core compares metrics with numbers; the reference compares a string with String(value)
        if (typeof value === "string") return this.textCompare(table, key, "dimexp_text(t.value)", op, value);
        return this.probe(table, key, undefined, []);
      }
      if (op === "in") {
        // the reference: String(value) is in the list; a list item no number prints as can never match
        const list = asStrings(value);
        if (list === undefined) return FALSE;
        const numbers = list.map(parseStoredNumber).filter((n): n is number => n !== undefined);
        const real = numbers.filter((n) => !Number.isNaN(n));
        const alternatives: string[] = [];
        if (real.length > 0) alternatives.push(`t.value IN (${placeholders(real.length)})`);
        if (real.length < numbers.length) alternatives.push("t.value IS NULL");
        if (alternatives.length === 0) return FALSE;
        return this.probe(table, key, `(${alternatives.join(" OR ")})`, real);
      }
      if ((op === "like" || op === "ilike") && typeof value === "string") {
        const like = likeCondition("dimexp_text(t.value)", op, value);
        return this.probe(table, key, like.sql, like.values);
      }
      return this.probe(table, key, undefined, []);
    }

    // params and tags hold strings; params keep a numeric shadow column `num`
    const num = table === "params" ? "t.num" : "dimexp_num(t.value)";
    if (isCompare(op)) {
      if (typeof value === "number") return this.compareNumber(table, key, num, op, value);
      if (typeof value !== "string") return this.probe(table, key, undefined, []);
      return this.textCompare(table, key, "t.value", op, value);
    }
    if (op === "in") {
      const list = asStrings(value);
      if (list === undefined || list.length === 0) return FALSE;
      return this.probe(table, key, `t.value IN (${placeholders(list.length)})`, list);
    }
    if ((op === "like" || op === "ilike") && typeof value === "string") {
      const like = likeCondition("t.value", op, value);
      return this.probe(table, key, like.sql, like.values);
    }
    return this.probe(table, key, undefined, []);
  }

  attribute(p: RawPredicate): string {
    const column = ATTRIBUTE_COLUMNS[p.key];
    if (column === undefined) return TRUE; // the reference knows no such attribute: left to core
    const { op, value } = p;
    const numeric = column.type === "number";
    // a missing end time fails every predicate, as undefined does in the reference
    const present = column.nullable ? `${column.sql} IS NOT NULL` : TRUE;
    const asText = numeric ? `dimexp_text(${column.sql})` : column.sql;
    if (op === "exists") return present;
    if (isCompare(op)) {
      if (typeof value === "number") {
        if (Number.isNaN(value)) return op === "!=" ? present : FALSE;
        this.bind(value);
        if (numeric) return `${column.sql} ${op} ?`; // NULL fails every comparison
        const sql = `dimexp_num(${column.sql})`;
        return op === "!=" ? `(${sql} IS NULL OR ${sql} != ?)` : `${sql} ${op} ?`;
      }
      if (typeof value !== "string") return present;
      this.bind(value);
      return op === "!=" ? `${asText} != ?` : textOrder(asText, op, value);
    }
    if (op === "in") {
      const list = asStrings(value);
      if (list === undefined || list.length === 0) return FALSE;
      this.bind(...list);
      return `${asText} IN (${placeholders(list.length)})`;
    }
    if ((op === "like" || op === "ilike") && typeof value === "string") {
      const like = likeCondition(asText, op, value);
      this.bind(...like.values);
      return like.sql;
    }
    return present;
  }

  predicate(p: RawPredicate): string {
    switch (p.source) {
      case "metrics":
        return this.keyed("latest_metrics", p);
      case "params":
        return this.keyed("params", p);
      case "tags":
        return this.keyed("tags", p);
      case "attributes":
        return this.attribute(p);
      default:
        return TRUE;
    }
  }
}

interface AttributeColumn {
  readonly sql: string;
  readonly type: "string" | "number";
  readonly nullable: boolean;
}

const status: AttributeColumn = { sql: "r.status", type: "string", nullable: false };
const name: AttributeColumn = { sql: "r.name", type: "string", nullable: false };
const runId: AttributeColumn = { sql: "r.id", type: "string", nullable: false };
const startTime: AttributeColumn = { sql: "r.start_time", type: "number", nullable: false };
const endTime: AttributeColumn = { sql: "r.end_time", type: "number", nullable: true };

/** Attribute names as MLflow spells them, plus the RunInfo spelling. */
const ATTRIBUTE_COLUMNS: Readonly<Record<string, AttributeColumn>> = {
  status,
  name,
  run_name: name,
  runName: name,
  run_id: runId,
  runId,
  id: runId,
  start_time: startTime,
  startTime,
  end_time: endTime,
  endTime,
};

/** The filter as one SQL condition on `r`; an absent or empty filter is TRUE. */
export const filterToSql = (filter: RawFilter | undefined): SqlCondition => {
  if (filter === undefined || filter.length === 0) return { sql: TRUE, params: [] };
  const builder = new Builder();
  const disjuncts = filter.map((conjunction) =>
    conjunction.length === 0 ? TRUE : conjunction.map((p) => builder.predicate(p)).join(" AND "),
  );
  if (disjuncts.includes(TRUE)) return { sql: TRUE, params: [] };
  return { sql: disjuncts.map((d) => `(${d})`).join(" OR "), params: builder.params };
};
