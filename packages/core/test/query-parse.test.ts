import { describe, expect, it } from "vitest";
import { formatUnit, lookupDimension } from "@dimexp/units";
import type { CoreError } from "../src/errors.js";
import type { Literal, Query, QueryNode } from "../src/query/ast.js";
import { formatQuery, parseQuery } from "../src/query/index.js";
import { parsed } from "./query-fixtures.js";

const root = (text: string): QueryNode => {
  const node = parsed(text).root;
  if (!node) throw new Error("empty query");
  return node;
};

const failure = (text: string): CoreError => {
  const result = parseQuery(text);
  if (result._tag === "Right") throw new Error(`expected ${JSON.stringify(text)} to fail`);
  return result.left;
};

/** The error, with the caret position checked against where `at` occurs in the text. */
const failsAt = (text: string, at: string | number, tag: "QueryParseError" | "QueryTypeError" = "QueryParseError") => {
  const error = failure(text);
  expect(error._tag).toBe(tag);
  const position = typeof at === "number" ? at : text.indexOf(at);
  if (typeof at === "string") expect(position).toBeGreaterThanOrEqual(0);
  expect((error as { position: number }).position).toBe(position);
  return error as CoreError & { position: number; problem: string; message: string };
};

/** A compact view of a tree, for precedence tests. */
const shape = (node: QueryNode): string => {
  switch (node.kind) {
    case "and":
    case "or":
      return `(${shape(node.left)} ${node.kind} ${shape(node.right)})`;
    case "not":
      return `!${shape(node.operand)}`;
    case "compare":
      return `${node.field.key}${node.op}${literalView(node.value)}`;
    case "in":
      return `${node.field.key}${node.negated ? " not" : ""} in[${node.values.map(literalView).join(",")}]`;
    case "like":
      return `${node.field.key} ${node.negated ? "not " : ""}${node.caseInsensitive ? "ilike" : "like"} ${node.pattern}`;
    case "has":
      return `has(${node.field.key})`;
    case "dimension":
      return `dim(${node.field.key})${node.negated ? "!=" : "="}${node.name}`;
  }
};

const literalView = (literal: Literal): string =>
  literal.kind === "quantity" ? `${literal.value}[${formatUnit(literal.unit)}]` : literal.kind === "string" ? `'${literal.value}'` : String(literal.value);

describe("parseQuery: the language", () => {
  it("parses the issue's example into the expected tree, with positions", () => {
    const text = 'metrics.force > 10 N and (params.length <= 1 m or tags.solver = "fd")';
    const node = root(text);
    expect(shape(node)).toBe("(force>10[N] and (length<=1[m] or solver='fd'))");
    if (node.kind !== "and" || node.left.kind !== "compare") throw new Error("shape");
    expect(node.left.field).toEqual({ source: "metrics", key: "force", position: 0 });
    expect(node.left.value).toMatchObject({ kind: "quantity", value: 10, text: "10 N", position: text.indexOf("10 N") });
    if (node.right.kind !== "or" || node.right.right.kind !== "compare") throw new Error("shape");
    expect(node.right.right.field).toEqual({ source: "tags", key: "solver", position: text.indexOf("tags.solver") });
  });

  it("reads every comparison operator, with == and <> as spellings of = and !=", () => {
    const ops: Array<[string, string]> = [
      ["=", "="],
      ["==", "="],
      ["!=", "!="],
      ["<>", "!="],
      ["<", "<"],
      ["<=", "<="],
      [">", ">"],
      [">=", ">="],
    ];
    for (const [written, op] of ops) {
      const node = root(`metrics.loss ${written} 3`);
      expect(node).toMatchObject({ kind: "compare", op, value: { kind: "number", value: 3 } });
      // no spaces needed
      expect(root(`metrics.loss${written}3`)).toMatchObject({ kind: "compare", op });
    }
  });

  it("takes keywords in any case, and &&, ||, ! for and, or, not", () => {
    expect(shape(root("metrics.a > 1 AND metrics.b > 2 Or NOT metrics.c > 3"))).toBe("((a>1 and b>2) or !c>3)");
    expect(shape(root("metrics.a > 1 && metrics.b > 2 || !metrics.c > 3"))).toBe("((a>1 and b>2) or !c>3)");
    expect(shape(root("params.s IN ('a') and params.s Not In ('b')"))).toBe("(s in['a'] and s not in['b'])");
    expect(shape(root("tags.n LIKE 'a%' and tags.n ILike 'B%' and tags.n NOT LIKE 'c' and tags.n not ilike 'd'"))).toBe(
      "(((n like a% and n ilike B%) and n not like c) and n not ilike d)",
    );
    expect(shape(root("HAS(metrics.x) and Dimension(metrics.x) = ENERGY and params.f = TRUE and params.g = False"))).toBe(
      "(((has(x) and dim(x)=energy) and f=true) and g=false)",
    );
  });

  it("binds not tighter than and, and tighter than or; parentheses override; and/or associate left", () => {
    expect(shape(root("metrics.a > 1 or metrics.b > 2 and metrics.c > 3"))).toBe("(a>1 or (b>2 and c>3))");
    expect(shape(root("metrics.a > 1 and metrics.b > 2 or metrics.c > 3"))).toBe("((a>1 and b>2) or c>3)");
    expect(shape(root("(metrics.a > 1 or metrics.b > 2) and metrics.c > 3"))).toBe("((a>1 or b>2) and c>3)");
    expect(shape(root("not metrics.a > 1 and metrics.b > 2"))).toBe("(!a>1 and b>2)");
    expect(shape(root("not (metrics.a > 1 and metrics.b > 2)"))).toBe("!(a>1 and b>2)");
    expect(shape(root("not not has(metrics.a)"))).toBe("!!has(a)");
    expect(shape(root("metrics.a > 1 or metrics.b > 2 or metrics.c > 3"))).toBe("((a>1 or b>2) or c>3)");
    expect(shape(root("((((metrics.a > 1))))"))).toBe("a>1");
  });

  it("reads field sources and their aliases, attributes by every spelling", () => {
    const field = (text: string) => (root(`has(${text})`) as { field: unknown }).field;
    expect(field("metric.loss")).toMatchObject({ source: "metrics", key: "loss" });
    expect(field("param.lr")).toMatchObject({ source: "params", key: "lr" });
    expect(field("tag.solver")).toMatchObject({ source: "tags", key: "solver" });
    expect(field("Metrics.loss")).toMatchObject({ source: "metrics", key: "loss" });
    expect(field("attributes.name")).toMatchObject({ source: "attributes", key: "name" });
    expect(field("attribute.run_name")).toMatchObject({ source: "attributes", key: "name" });
    expect(field("attr.run_id")).toMatchObject({ source: "attributes", key: "run_id" });
    expect(field("attributes.id")).toMatchObject({ source: "attributes", key: "run_id" });
    expect(field("attributes.startTime")).toMatchObject({ source: "attributes", key: "start_time" });
    expect(field("attributes.end_time")).toMatchObject({ source: "attributes", key: "end_time" });
    expect(field("attributes.STATUS")).toMatchObject({ source: "attributes", key: "status" });
  });

  it("reads keys with dots, slashes and dashes, and quoted keys with anything", () => {
    expect(root("metrics.train/loss.total < 1")).toMatchObject({ field: { key: "train/loss.total" } });
    expect(root("metrics.val-loss<1")).toMatchObject({ field: { key: "val-loss" }, op: "<" });
    expect(root("metrics.`my key` >= -1.5e3")).toMatchObject({ field: { source: "metrics", key: "my key" }, value: { kind: "number", value: -1500 } });
    expect(root('params."learning rate" = 0.1')).toMatchObject({ field: { source: "params", key: "learning rate" } });
    expect(root("tags.`a``b` = 'x'")).toMatchObject({ field: { key: "a`b" } });
    expect(root("has(metrics.`and or`)")).toMatchObject({ kind: "has", field: { key: "and or" } });
  });

  it("reads strings in either quote with escapes", () => {
    const value = (text: string) => ((root(`tags.t = ${text}`) as { value: Literal }).value as { value: string }).value;
    expect(value(`"fd"`)).toBe("fd");
    expect(value(`'fd'`)).toBe("fd");
    expect(value(`"say \\"hi\\""`)).toBe('say "hi"');
    expect(value(`'it\\'s'`)).toBe("it's");
    expect(value(`'it''s'`)).toBe("it's");
    expect(value(`"a\\\\b"`)).toBe("a\\b");
    expect(value(`"line\\nbreak\\ttab"`)).toBe("line\nbreak\ttab");
    expect(value(`"caf\\u00e9"`)).toBe("café");
    expect(value(`"and or not"`)).toBe("and or not");
    expect(value(`""`)).toBe("");
    // unknown escapes keep their backslash (like patterns use \% and \_)
    expect(value(`"50\\%"`)).toBe("50\\%");
  });

  it("reads numbers in every notation", () => {
    const value = (text: string) => (root(`metrics.x = ${text}`) as { value: Literal }).value;
    expect(value("-1.5e3")).toEqual({ kind: "number", value: -1500, position: 12 });
    expect(value(".5")).toMatchObject({ kind: "number", value: 0.5 });
    expect(value("+2")).toMatchObject({ kind: "number", value: 2 });
    expect(value("1E-3")).toMatchObject({ kind: "number", value: 0.001 });
    expect(value("-0.25")).toMatchObject({ kind: "number", value: -0.25 });
    expect(value("7.")).toMatchObject({ kind: "number", value: 7 });
  });

  it("reads quantities with any registered unit, the unit ending at and/or/)/,/end", () => {
    const cases: Array<[string, number, string]> = [
      ["10 N", 10, "N"],
      ["50 cm", 50, "cm"],
      ["9.81 m/s^2", 9.81, "m/s^2"],
      ["1e-3 1/s", 0.001, "1/s"],
      ["0.5 GeV^-1", 0.5, "1/GeV"],
      ["300 K", 300, "K"],
      ["20 degC", 20, "degC"],
      ["10N", 10, "N"],
      ["3 kg m s^-2", 3, "kg*m/s^2"],
      ["8.314 J/(mol*K)", 8.314, "J/(mol*K)"],
      ["2 in", 2, "in"],
      ["-4 µm", -4, "µm"],
      ["5 %", 5, "%"],
    ];
    for (const [text, value, unit] of cases) {
      const node = root(`metrics.x > ${text} and metrics.y < 1`);
      if (node.kind !== "and" || node.left.kind !== "compare") throw new Error("shape");
      const literal = node.left.value;
      expect(literal.kind, text).toBe("quantity");
      if (literal.kind !== "quantity") continue;
      expect(literal.value).toBe(value);
      expect(formatUnit(literal.unit).replace("u", "µ")).toBe(unit.replace("u", "µ"));
      expect(literal.text).toBe(text);
      expect(literal.position).toBe(12);
    }
    expect(shape(root("(metrics.x > 10 N)"))).toBe("x>10[N]");
    expect(shape(root("metrics.x > 10 N OR metrics.y < 2 J"))).toBe("(x>10[N] or y<2[J])");
    expect(shape(root("metrics.x > 10 N||metrics.y < 2 J&&metrics.z=1"))).toBe("(x>10[N] or (y<2[J] and z=1))");
    // the unit is the dimension of the quantity: `J/(mol*K)` keeps its parentheses
    expect(shape(root("(metrics.c = 1 J/(mol*K))"))).toBe("c=1[J/(mol*K)]");
  });

  it("reads in-lists of literals, quantities included", () => {
    expect(shape(root("params.L in (1 m, 50 cm, 3)"))).toBe("L in[1[m],50[cm],3]");
    expect(shape(root("params.s not in ('a', \"b\")"))).toBe("s not in['a','b']");
    expect(shape(root("params.f in (true, false)"))).toBe("f in[true,false]");
    expect(shape(root("params.L in(1 m,2 m)"))).toBe("L in[1[m],2[m]]");
  });

  it("reads has(), and dimension() against a name, a unit, or a list", () => {
    expect(root("has(metrics.force)")).toEqual({ kind: "has", field: { source: "metrics", key: "force", position: 4 } });
    const energy = lookupDimension("energy");
    expect(root("dimension(metrics.loss) = energy")).toMatchObject({ kind: "dimension", name: "energy", negated: false });
    expect((root("dimension(metrics.loss) = energy") as { dimension: unknown }).dimension).toBe(energy);
    expect(root("dimension(metrics.loss) = J")).toMatchObject({ kind: "dimension", name: "energy" });
    expect(root("dimension(metrics.loss) = erg")).toMatchObject({ kind: "dimension", name: "energy" });
    expect(root("dimension(metrics.loss) != force")).toMatchObject({ kind: "dimension", name: "force", negated: true });
    expect(root("dimension(metrics.loss) = 'Energy'")).toMatchObject({ kind: "dimension", name: "energy" });
    expect(root("dimension(metrics.v) = m/s")).toMatchObject({ kind: "dimension", name: "velocity" });
    expect(root("dimension(metrics.g) = dimensionless")).toMatchObject({ kind: "dimension", name: "dimensionless" });
    expect(shape(root("dimension(params.x) in (energy, power)"))).toBe("(dim(x)=energy or dim(x)=power)");
    expect(shape(root("dimension(params.x) not in (energy, J/s)"))).toBe("(dim(x)!=energy and dim(x)!=power)");
    expect(shape(root("dimension(metrics.x) = energy and has(metrics.x)"))).toBe("(dim(x)=energy and has(x))");
    // a dimension without a common name keeps the unit it was written as
    expect(root("dimension(metrics.e) = GeV^-1")).toMatchObject({ kind: "dimension", name: "GeV^-1" });
  });

  it("reads a value written first as the mirrored comparison", () => {
    expect(shape(root("10 N < metrics.force"))).toBe("force>10[N]");
    expect(shape(root('"fd" = tags.solver'))).toBe("solver='fd'");
    expect(shape(root("1 m >= params.L"))).toBe("L<=1[m]");
  });

  it("gives the empty query a root of undefined", () => {
    expect(parseQuery("")).toEqual({ _tag: "Right", right: { text: "", root: undefined } });
    expect(parseQuery("  \n\t ")).toEqual({ _tag: "Right", right: { text: "  \n\t ", root: undefined } });
  });

  it("formats a query back to text that parses to the same tree", () => {
    const texts = [
      'metrics.force > 10 N and (params.length <= 1 m or tags.solver = "fd")',
      "metrics.a > 1 or (metrics.b > 2 or metrics.c > 3)",
      "not (metrics.a > 1 and metrics.b > 2) and not has(metrics.c)",
      "params.L in (1 m, 50 cm, 3) and params.s not in ('a', 'b\"c')",
      "tags.name like 'run-\\\\%' or tags.name not ilike 'X_%'",
      "dimension(metrics.loss) = J and dimension(params.x) != GeV^-1",
      "metrics.`my key` > -0 and attributes.start_time > '2024-01-01' and attributes.status = 'finished'",
      "metrics.T > 20 degC or metrics.r < 1e-3 1/s or metrics.k = 8.314 J/(mol*K)",
      "params.flag = true and params.x = 1e21",
    ];
    const view = (query: Query) => JSON.stringify(query.root, (k, v) => (k === "position" || k === "text" ? undefined : k === "unit" ? formatUnit(v) : v));
    for (const text of texts) {
      const once = parsed(text);
      const again = parsed(formatQuery(once));
      expect(view(again), text).toBe(view(once));
      expect(formatQuery(again)).toBe(formatQuery(once));
    }
    expect(formatQuery(parsed(""))).toBe("");
  });
});

describe("parseQuery: errors point at the offending token", () => {
  it("reports an unknown unit at the unit, with suggestions from @dimexp/units", () => {
    const error = failsAt("metrics.force > 10 Nx", "Nx");
    expect(error.problem).toContain('unknown unit "Nx"');
    expect(error.problem).toContain('"N"');
    expect(error.message).toContain("^");
    // the second unit of a product
    failsAt("metrics.force > 10 kg mx/s^2", "mx");
    // in a list, in the second item
    failsAt("params.L in (1 m, 2 meterz)", "meterz");
    // trailing garbage after a number reads as a unit, and is reported as one
    failsAt("metrics.a > 1 foo", "foo");
  });

  it("reports a malformed unit at the place @dimexp/units found it", () => {
    const text = "metrics.v > 3 m/ and metrics.w > 1";
    const error = failsAt(text, text.indexOf("m/") + 2);
    expect(error.problem).toContain('cannot read the unit "m/"');
    const offset = failsAt("metrics.T > 20 degC/s", "degC/s");
    expect(offset.problem).toContain("delta_degC");
  });

  it("reports unbalanced parentheses", () => {
    const open = failsAt("(metrics.a > 1 and (metrics.b > 2)", 34);
    expect(open.problem).toContain('close the "(" at position 0');
    const close = failsAt("metrics.a > 1)", ")");
    expect(close.problem).toContain('unbalanced ")"');
    failsAt("(metrics.a > 1))", 15);
    failsAt("()", ")");
    failsAt("has(metrics.a", 13);
  });

  it("reports trailing garbage and missing pieces", () => {
    failsAt('tags.a = "x" tags.b = "y"', "tags.b");
    failsAt("metrics.a > 1 and", 17);
    failsAt("metrics.a >", 11);
    failsAt("metrics.a", 9);
    failsAt("metrics.a 3", "3");
    failsAt("metrics.a > 1 or or metrics.b > 1", 17);
    failsAt("and metrics.a > 1", 0);
    failsAt("metrics.a > > 1", 12);
    failsAt("metrics.a > 1 # comment", "#");
    failsAt("metrics.a = 1; drop table runs", ";");
  });

  it("reports unknown fields, sources and attributes", () => {
    expect(failsAt("loss > 1", 0).problem).toContain("metrics.loss");
    expect(failsAt("metricz.loss > 1", 0).problem).toContain('did you mean "metrics."');
    expect(failsAt("attributes.colour = 'x'", "colour").problem).toContain("attributes.status");
    failsAt("metrics. > 1", 8);
    failsAt("metrics.`never closed > 1", "`");
  });

  it("reports malformed strings, lists, like and dimension()", () => {
    expect(failsAt("tags.a = 'open", "'").problem).toContain("unterminated string");
    expect(failsAt("tags.a = fd", "fd").problem).toContain('quote text, as in "fd"');
    expect(failsAt("tags.a like x%", "x").problem).toContain("quoted pattern");
    expect(failsAt("tags.a like 3", "3").problem).toContain("quoted pattern");
    expect(failsAt("params.a in ()", ")").problem).toContain("empty");
    expect(failsAt("params.a in 'x'", "'x'").problem).toContain("parenthesized list");
    failsAt("params.a in ('x' 'y')", "'y'");
    failsAt("params.a in ('x',)", ")");
    failsAt("params.a not = 3", "=");
    failsAt("has metrics.a", "metrics.a");
    failsAt("dimension(metrics.a) > energy", ">");
    failsAt("dimension(tags.a = energy", "=");
    failsAt("metrics.a = NaN", "NaN");
  });

  it("reports an unknown dimension at its name, listing close names", () => {
    const error = failsAt("dimension(metrics.loss) = enrgy", "enrgy");
    expect(error.problem).toContain('unknown dimension "enrgy"');
    expect(error.problem).toContain('"energy"');
    const far = failsAt("has(metrics.x) and dimension(metrics.loss) = qwertyuiop", "qwertyuiop");
    expect(far.problem).toContain("write a dimension name");
  });

  it("refuses nesting deeper than it can report on, instead of overflowing the stack", () => {
    const deep = `${"(".repeat(5000)}metrics.a > 1${")".repeat(5000)}`;
    expect(failure(deep)._tag).toBe("QueryParseError");
    const nots = `${"not ".repeat(5000)}metrics.a > 1`;
    expect(failure(nots)._tag).toBe("QueryParseError");
    expect(parseQuery(`${"(".repeat(150)}metrics.a > 1${")".repeat(150)}`)._tag).toBe("Right");
  });

  it("never throws, and every error's position lies inside the text", () => {
    const pieces = [
      "metrics.a", "params.b", "tags.c", "attributes.status", "(", ")", "and", "or", "not", "!", "&&", "||", "=", "!=", "<", ">=",
      "in", "like", "has(", "dimension(", "10", "10 N", "'x'", '"y', ",", "energy", "J", "`", "-", ".", "true", "%", "^", "1e", " ",
    ];
    let seed = 12345;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    for (let i = 0; i < 3000; i++) {
      const n = 1 + Math.floor(random() * 8);
      const text = Array.from({ length: n }, () => pieces[Math.floor(random() * pieces.length)]).join(random() < 0.7 ? " " : "");
      const result = parseQuery(text);
      if (result._tag === "Left") {
        const error = result.left as { position?: number; _tag: string };
        expect(["QueryParseError", "QueryTypeError"]).toContain(error._tag);
        expect(error.position).toBeGreaterThanOrEqual(0);
        expect(error.position).toBeLessThanOrEqual(text.length);
      }
    }
  });
});

describe("parseQuery: static type checks (QueryTypeError, at the literal)", () => {
  it("rejects what tags, metrics and attributes can never hold", () => {
    expect(failsAt("tags.x > 10 N", "10 N", "QueryTypeError").problem).toContain("tags are strings");
    expect(failsAt("tags.x = 10", "10", "QueryTypeError").problem).toContain('tags.x = "10"');
    failsAt("tags.x in ('a', true)", "true", "QueryTypeError");
    expect(failsAt("metrics.x = 'a'", "'a'", "QueryTypeError").problem).toContain("metrics.x is a number");
    failsAt("metrics.x != true", "true", "QueryTypeError");
    failsAt("params.flag > true", "true", "QueryTypeError");
    expect(failsAt("attributes.status = 'done'", "'done'", "QueryTypeError").problem).toContain('"FINISHED"');
    failsAt("attributes.status in ('FINISHED', 'DONE')", "'DONE'", "QueryTypeError");
    failsAt("attributes.status > 'FAILED'", "'FAILED'", "QueryTypeError");
    failsAt("attributes.status = 3", "3", "QueryTypeError");
    expect(failsAt("attributes.start_time > 10 s", "10 s", "QueryTypeError").problem).toContain("milliseconds since the Unix epoch");
    expect(failsAt("attributes.end_time < 'soon'", "'soon'", "QueryTypeError").problem).toContain("ISO date");
    failsAt("attributes.name = 3 m", "3 m", "QueryTypeError");
  });

  it("rejects like on numbers and dimension() on fields without units", () => {
    expect(failsAt("metrics.loss like '1%'", "metrics.loss", "QueryTypeError").problem).toContain("like matches text");
    failsAt("attributes.start_time like '2024%'", "attributes", "QueryTypeError");
    expect(failsAt("dimension(tags.unit) = energy", "tags.unit", "QueryTypeError").problem).toContain("metrics and params");
  });

  it("accepts what is well typed", () => {
    for (const text of [
      "attributes.status = 'finished' and attributes.status in ('RUNNING', 'failed')",
      "attributes.start_time > 1700000000000 and attributes.end_time <= '2024-05-01T12:00:00Z'",
      "attributes.name like 'sweep-%' and attributes.run_id = 'abc'",
      "params.solver = 'fd' and params.lr < 0.1 and params.L >= 50 cm and params.flag = true",
      "tags.solver != 'fd' and has(tags.x) and has(attributes.end_time)",
      "dimension(params.L) = length and dimension(metrics.loss) = energy",
    ]) {
      expect(parseQuery(text)._tag, text).toBe("Right");
    }
  });
});
