// parseQuery: filter text → Query, or a QueryParseError pointing at the
// offending token (a QueryTypeError for what checkQuery rejects without data).
//
//   query     := or? END
//   or        := and (("or" | "||") and)*
//   and       := unary (("and" | "&&") unary)*
//   unary     := ("not" | "!") unary | primary
//   primary   := "(" or ")" | "has" "(" field ")"
//              | "dimension" "(" field ")" ("=" | "!=" | ["not"] "in") dimension-value(s)
//              | field comparison | literal op field
//   comparison:= op literal | ["not"] "in" "(" literal ("," literal)* ")" | ["not"] ("like" | "ilike") string
//   literal   := number [unit] | string | true | false
// Keywords are case-insensitive; `not` binds tighter than `and`, `and` than `or`.

import { type Dimension, type UnitsError, dimensionNames, lookupDimension, parseUnit } from "@dimexp/units";
import { type CoreError, queryParseError } from "../errors.js";
import { type Either, left, right } from "../internal/task.js";
import type { ComparisonOp, Field, FieldSource, Literal, Query, QueryNode } from "./ast.js";
import { checkQuery } from "./check.js";
import { dimensionFromNotation } from "./dimension-text.js";
import { Lexer, ParseFailure, type Token } from "./lexer.js";
import { MAX_CONDITIONS, MAX_FILTER_LENGTH, MAX_NESTING, MAX_UNIT_LENGTH, clip } from "./limits.js";

const SOURCES: Readonly<Record<string, FieldSource>> = {
  metrics: "metrics",
  metric: "metrics",
  params: "params",
  param: "params",
  tags: "tags",
  tag: "tags",
  attributes: "attributes",
  attribute: "attributes",
  attrs: "attributes",
  attr: "attributes",
};

/** Run attributes, by every accepted spelling → the key used in the AST and in RawPredicates. */
const ATTRIBUTES: Readonly<Record<string, string>> = {
  status: "status",
  name: "name",
  run_name: "name",
  runname: "name",
  run_id: "run_id",
  runid: "run_id",
  id: "run_id",
  start_time: "start_time",
  starttime: "start_time",
  end_time: "end_time",
  endtime: "end_time",
};

/** The attribute keys a Field of source "attributes" may carry. */
export const ATTRIBUTE_KEYS = ["status", "name", "run_id", "start_time", "end_time"] as const;

const describe = (t: Token): string => {
  switch (t.kind) {
    case "end":
      return "the end of the filter";
    case "word":
      return `"${clip(t.text)}${t.quotedKey !== undefined ? "…" : ""}"`;
    case "number":
      return `the number ${clip(t.text)}`;
    case "string":
      return `the string ${JSON.stringify(clip(t.value))}`;
    case "op":
      return `"${t.text}"`;
    default:
      return `"${t.kind}"`;
  }
};

const isKeyword = (t: Token, ...words: string[]): boolean =>
  t.kind === "word" && t.quotedKey === undefined && words.includes(t.text.toLowerCase());

const editDistance = (a: string, b: string): number => {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j] as number;
      row[j] = Math.min(above + 1, (row[j - 1] as number) + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length] as number;
};

/** Names close to `word`, best first (edit distance, then shared prefix). */
export const closest = (word: string, candidates: readonly string[], limit = 3): string[] => {
  const w = word.toLowerCase();
  return candidates
    .map((c) => ({ c, d: c.startsWith(w) || w.startsWith(c) ? Math.min(1, editDistance(w, c)) : editDistance(w, c) }))
    .filter(({ c, d }) => d <= Math.max(2, Math.floor(c.length / 3)))
    .sort((x, y) => x.d - y.d || x.c.localeCompare(y.c))
    .slice(0, limit)
    .map(({ c }) => c);
};

const orList = (items: readonly string[]): string =>
  items.length <= 1 ? items.join("") : `${items.slice(0, -1).join(", ")} or ${items.at(-1)}`;

const unitProblem = (error: UnitsError, unitText: string, unitPos: number): [number, string] => {
  if (error._tag === "UnknownUnit") {
    const hint =
      error.suggestions.length > 0
        ? ` (did you mean ${orList(error.suggestions.map((s) => `"${s}"`))}?)`
        : "; run `dimexp units list` to see every registered unit";
    return [unitPos + error.position, `unknown unit "${clip(error.name)}"${hint}`];
  }
  if (error._tag === "ParseError") return [unitPos + error.position, `cannot read the unit "${clip(unitText)}": ${clip(error.problem, 200)}`];
  return [unitPos, `invalid unit "${clip(unitText)}": ${clip(error.message.replace(/\.$/, ""), 200)}`];
};

class Parser {
  private depth = 0;
  private conditions = 0;
  constructor(private readonly lexer: Lexer) {}

  private fail(position: number, problem: string): never {
    return this.lexer.fail(position, problem);
  }

  parse(): QueryNode | undefined {
    if (this.lexer.peek().kind === "end") return undefined;
    const node = this.or();
    const t = this.lexer.peek();
    if (t.kind !== "end") {
      this.fail(
        t.pos,
        t.kind === ")" ? 'unbalanced ")": no "(" opens it' : `expected "and", "or" or the end of the filter, found ${describe(t)}`,
      );
    }
    return node;
  }

  private nest<A>(position: number, inner: () => A): A {
    if (++this.depth > MAX_NESTING) {
      this.fail(position, `the filter is nested more than ${MAX_NESTING} levels deep (parentheses and "not"): write it with fewer levels`);
    }
    const result = inner();
    this.depth--;
    return result;
  }

  /** Counts a condition starting at `position`: past MAX_CONDITIONS the filter is refused (every pass over it recurses). */
  private condition(position: number): void {
    if (++this.conditions > MAX_CONDITIONS) {
      this.fail(
        position,
        `the filter has more than ${MAX_CONDITIONS} conditions: list values with in (…), as in params.seed in (1, 2, 3), or split the search`,
      );
    }
  }

  private or(): QueryNode {
    let node = this.and();
    for (;;) {
      const t = this.lexer.peek();
      if (!(t.kind === "||" || isKeyword(t, "or"))) return node;
      this.lexer.next();
      node = { kind: "or", left: node, right: this.and() };
    }
  }

  private and(): QueryNode {
    let node = this.unary();
    for (;;) {
      const t = this.lexer.peek();
      if (!(t.kind === "&&" || isKeyword(t, "and"))) return node;
      this.lexer.next();
      node = { kind: "and", left: node, right: this.unary() };
    }
  }

  private unary(): QueryNode {
    const t = this.lexer.peek();
    if (t.kind === "!" || isKeyword(t, "not")) {
      this.lexer.next();
      return this.nest(t.pos, () => ({ kind: "not", operand: this.unary() }));
    }
    return this.primary();
  }

  private primary(): QueryNode {
    const t = this.lexer.peek();
    if (t.kind === "(") {
      this.lexer.next();
      const node = this.nest(t.pos, () => this.or());
      const close = this.lexer.peek();
      if (close.kind !== ")") {
        this.fail(close.pos, `expected ")" to close the "(" at position ${t.pos}, found ${describe(close)}`);
      }
      this.lexer.next();
      return node;
    }
    if (t.kind === "word" && t.quotedKey !== undefined) {
      this.condition(t.pos);
      return this.predicate(this.field());
    }
    if (t.kind === "word") {
      const word = t.text.toLowerCase();
      if (word === "has" || word === "dimension") {
        this.condition(t.pos);
        this.lexer.next();
        if (this.lexer.peek().kind === "(") return word === "has" ? this.has() : this.dimension();
        this.fail(this.lexer.peek().pos, `expected "(" after ${word}, as in ${word}(metrics.loss)`);
      }
      if (word === "and" || word === "or" || word === "in" || word === "like" || word === "ilike") {
        this.fail(t.pos, `expected a condition such as metrics.loss < 1 J, found the keyword "${t.text}"`);
      }
      if (word !== "true" && word !== "false") {
        this.condition(t.pos);
        return this.predicate(this.field());
      }
    }
    if (t.kind === "number" || t.kind === "string" || isKeyword(t, "true", "false")) {
      this.condition(t.pos);
      return this.reversed();
    }
    return this.fail(
      t.pos,
      t.kind === "end"
        ? "the filter ends where a condition is expected, such as metrics.loss < 1 J"
        : t.kind === ")"
          ? `unexpected ")": expected a condition, such as metrics.loss < 1 J`
          : `expected a condition such as metrics.loss < 1 J, found ${describe(t)}`,
    );
  }

  private field(): Field {
    const t = this.lexer.next();
    if (t.kind !== "word") {
      return this.fail(t.pos, `expected a field such as metrics.loss, params.lr or tags.solver, found ${describe(t)}`);
    }
    const dot = t.text.indexOf(".");
    if (dot < 0) {
      return this.fail(
        t.pos,
        `unknown field "${clip(t.text)}": name its source, as in metrics.${clip(t.text)}, params.…, tags.… or attributes.…`,
      );
    }
    const prefix = t.text.slice(0, dot);
    const source = SOURCES[prefix.toLowerCase()];
    if (!source) {
      const near = closest(prefix, ["metrics", "params", "tags", "attributes"], 2);
      return this.fail(
        t.pos,
        `unknown source "${clip(prefix)}" in "${clip(t.text)}"${near.length > 0 ? ` (did you mean ${orList(near.map((n) => `"${n}."`))}?)` : ""}: fields start with metrics., params., tags. or attributes.`,
      );
    }
    const key = t.quotedKey ?? t.text.slice(dot + 1);
    if (key === "") return this.fail(t.pos + dot + 1, `expected a key after "${prefix}.", as in ${prefix}.loss`);
    if (source !== "attributes") return { source, key, position: t.pos };
    const attribute = ATTRIBUTES[key.toLowerCase()];
    if (!attribute) {
      return this.fail(
        t.pos + dot + 1,
        `unknown run attribute "${clip(key)}": use ${ATTRIBUTE_KEYS.map((k) => `attributes.${k}`).join(", ")}`,
      );
    }
    return { source, key: attribute, position: t.pos };
  }

  private predicate(field: Field): QueryNode {
    const t = this.lexer.peek();
    if (t.kind === "op") {
      this.lexer.next();
      return { kind: "compare", field, op: t.op, value: this.literal() };
    }
    let negated = false;
    if (isKeyword(t, "not")) {
      this.lexer.next();
      negated = true;
      const after = this.lexer.peek();
      if (!isKeyword(after, "in", "like", "ilike")) {
        return this.fail(after.pos, `expected "in", "like" or "ilike" after "not", found ${describe(after)}`);
      }
    }
    const op = this.lexer.peek();
    if (isKeyword(op, "in")) {
      this.lexer.next();
      return { kind: "in", field, values: this.list(() => this.literal()), negated };
    }
    if (isKeyword(op, "like", "ilike")) {
      this.lexer.next();
      const pattern = this.lexer.next();
      if (pattern.kind !== "string") {
        return this.fail(pattern.pos, `"${(op as { text: string }).text}" needs a quoted pattern, as in tags.name like "run-%", found ${describe(pattern)}`);
      }
      const caseInsensitive = (op as { text: string }).text.toLowerCase() === "ilike";
      return { kind: "like", field, pattern: pattern.value, caseInsensitive, negated };
    }
    return this.fail(
      t.pos,
      `expected a comparison (=, !=, <, <=, >, >=), "in", "like" or "ilike" after the field, found ${describe(t)}`,
    );
  }

  /** `10 N < metrics.force` reads as `metrics.force > 10 N`. */
  private reversed(): QueryNode {
    const value = this.literal();
    const t = this.lexer.next();
    if (t.kind !== "op") {
      return this.fail(t.pos, `expected a comparison after the value, as in 10 N < metrics.force, found ${describe(t)}`);
    }
    const flipped: Record<ComparisonOp, ComparisonOp> = { "=": "=", "!=": "!=", "<": ">", "<=": ">=", ">": "<", ">=": "<=" };
    const f = this.lexer.peek();
    if (f.kind !== "word" || isKeyword(f, "true", "false")) {
      return this.fail(f.pos, `expected a field such as metrics.loss after "${t.text}", found ${describe(f)}`);
    }
    return { kind: "compare", field: this.field(), op: flipped[t.op], value };
  }

  private list<A>(item: () => A): A[] {
    const open = this.lexer.next();
    if (open.kind !== "(") {
      return this.fail(open.pos, `expected a parenthesized list, as in params.solver in ("fd", "fem"), found ${describe(open)}`);
    }
    if (this.lexer.peek().kind === ")") return this.fail(this.lexer.peek().pos, "the list is empty: give at least one value");
    const items = [item()];
    for (;;) {
      const t = this.lexer.next();
      if (t.kind === ")") return items;
      if (t.kind !== ",") {
        return this.fail(t.pos, `expected "," or ")" in the list opened at position ${open.pos}, found ${describe(t)}`);
      }
      items.push(item());
    }
  }

  private literal(): Literal {
    const t = this.lexer.next();
    if (t.kind === "number") {
      const unit = this.lexer.scanUnit();
      if (!unit) return { kind: "number", value: t.value, position: t.pos };
      if (unit.text.length > MAX_UNIT_LENGTH) {
        return this.fail(unit.pos, `the unit is ${unit.text.length} characters long; at most ${MAX_UNIT_LENGTH} are accepted`);
      }
      const parsed = parseUnit(unit.text);
      if (parsed._tag === "Left") {
        const [position, problem] = unitProblem(parsed.left, unit.text, unit.pos);
        return this.fail(position, problem);
      }
      const text = this.lexer.text.slice(t.pos, unit.pos + unit.text.length);
      return { kind: "quantity", value: t.value, unit: parsed.right, text, position: t.pos };
    }
    if (t.kind === "string") return { kind: "string", value: t.value, position: t.pos };
    if (isKeyword(t, "true", "false")) {
      return { kind: "boolean", value: (t as { text: string }).text.toLowerCase() === "true", position: t.pos };
    }
    if (t.kind === "word") {
      const bare = t.text.toLowerCase();
      if (bare === "nan" || bare === "inf" || bare === "infinity") {
        return this.fail(t.pos, `${t.text} is not a value a filter can compare with; use has(...) to test presence`);
      }
      return this.fail(t.pos, `expected a value, found the bare word "${clip(t.text)}": quote text, as in "${clip(t.text)}"`);
    }
    return this.fail(t.pos, `expected a value (a number, a quantity such as 10 N, a quoted string, true or false), found ${describe(t)}`);
  }

  private has(): QueryNode {
    this.lexer.next(); // (
    const field = this.field();
    this.closeCall("has");
    return { kind: "has", field };
  }

  private dimension(): QueryNode {
    this.lexer.next(); // (
    const field = this.field();
    this.closeCall("dimension");
    const t = this.lexer.peek();
    if (t.kind === "op" && (t.op === "=" || t.op === "!=")) {
      this.lexer.next();
      const { dimension, name } = this.dimensionValue();
      return { kind: "dimension", field, dimension, name, negated: t.op === "!=" };
    }
    let negated = false;
    if (isKeyword(t, "not")) {
      this.lexer.next();
      negated = true;
    }
    if (isKeyword(this.lexer.peek(), "in")) {
      this.lexer.next();
      // dimension(f) in (a, b) is dimension(f) = a or dimension(f) = b; `not in` is the and of the negations
      const nodes: QueryNode[] = this.list(() => {
        this.condition(this.lexer.peek().pos);
        return this.dimensionValue();
      }).map(({ dimension, name }) => ({
        kind: "dimension",
        field,
        dimension,
        name,
        negated,
      }));
      return nodes.reduce((acc, node) => ({ kind: negated ? "and" : "or", left: acc, right: node }));
    }
    const at = this.lexer.peek();
    return this.fail(at.pos, `expected "=", "!=" or "in" after dimension(...), as in dimension(metrics.loss) = energy, found ${describe(at)}`);
  }

  private closeCall(name: string): void {
    const t = this.lexer.next();
    if (t.kind !== ")") this.fail(t.pos, `expected ")" to close ${name}(...), found ${describe(t)}`);
  }

  /** A dimension name (`energy`), a unit whose dimension is meant (`J`), or either quoted. */
  private dimensionValue(): { dimension: Dimension; name: string } {
    const t = this.lexer.peek();
    let text: string;
    let pos: number;
    if (t.kind === "string") {
      this.lexer.next();
      text = t.value;
      pos = t.pos;
    } else {
      const scanned = t.kind === "word" || t.kind === "number" ? this.lexer.scanUnit() : undefined;
      if (!scanned) {
        if (t.kind === "number" && t.text === "1") {
          this.lexer.next();
          return { dimension: lookupDimension("dimensionless") as Dimension, name: "dimensionless" };
        }
        return this.fail(t.pos, `expected a dimension name such as energy, or a unit such as J, found ${describe(t)}`);
      }
      text = scanned.text;
      pos = scanned.pos;
    }
    if (text.length > MAX_UNIT_LENGTH) {
      return this.fail(pos, `the dimension is ${text.length} characters long; at most ${MAX_UNIT_LENGTH} are accepted`);
    }
    const named = lookupDimension(text);
    if (named) return { dimension: named, name: named.name ?? text.trim().toLowerCase() };
    const written = dimensionFromNotation(text);
    if (written) return { dimension: written, name: written.name ?? written.toString() };
    const unit = parseUnit(text);
    if (unit._tag === "Right") return { dimension: unit.right.dimension, name: unit.right.dimension.name ?? text.trim() };
    const near = closest(text.trim().replace(/[\s-]+/g, "_"), dimensionNames());
    return this.fail(
      pos,
      `unknown dimension "${clip(text)}"${near.length > 0 ? ` (did you mean ${orList(near.map((n) => `"${n}"`))}?)` : ""}: write a dimension name (energy, force, length, …) or a unit whose dimension you mean (J)`,
    );
  }
}

/** Parses and statically checks a filter. The empty filter has `root: undefined` (every run matches). */
export const parseQuery = (text: string): Either<CoreError, Query> => {
  if (typeof text !== "string") return left(queryParseError(String(text).slice(0, MAX_FILTER_LENGTH), 0, "a filter is text"));
  if (text.length > MAX_FILTER_LENGTH) {
    return left(
      queryParseError(
        text,
        MAX_FILTER_LENGTH,
        `the filter is ${text.length} characters long; at most ${MAX_FILTER_LENGTH} are accepted: list values with in (…), or split the search`,
      ),
    );
  }
  let root: QueryNode | undefined;
  try {
    root = new Parser(new Lexer(text)).parse();
  } catch (cause) {
    if (cause instanceof ParseFailure) return left(cause.error);
    throw cause;
  }
  const query: Query = { text, root };
  const checked = checkQuery(query);
  return checked._tag === "Left" ? checked : right(query);
};
