// Hostile filters: thousands of `or` clauses, deep parentheses, megabytes of
// text, a word or a unit as long as the filter. Each is a typed error (a
// QueryParseError naming the limit, or a QueryTypeError for a hand-built
// tree) whose message quotes at most ~200 characters of the input — never
// "Maximum call stack size exceeded", never an exception out of an Either.
// What stays within the limits works: 1,000 conditions evaluate, plan and print.

import { describe, expect, it } from "vitest";
import type { CoreError } from "../../src/errors.js";
import { DimExperiment } from "../../src/experiment.js";
import { createMemoryBackend } from "../../src/memory-backend.js";
import type { Query, QueryNode } from "../../src/query/ast.js";
import {
  MAX_CONDITIONS,
  MAX_FILTER_LENGTH,
  MAX_NESTING,
  checkUnitGroups,
  evaluateQuery,
  formatQuery,
  parseQuery,
  planPushdown,
  unitGroupsFromTags,
} from "../../src/query/index.js";
import { dimexpRun } from "../query-fixtures.js";

const ALL = { arrays: false, pushdown: { or: true, numericParams: true, like: true } } as const;

const parseError = (text: string): CoreError => {
  const result = parseQuery(text);
  if (result._tag === "Right") throw new Error(`expected a parse error for a filter of ${text.length} characters`);
  expect(result.left._tag).toBe("QueryParseError");
  return result.left;
};

/** A message quotes at most ~200 characters of the filter and carries no raw control character. */
const expectShortEcho = (error: CoreError): void => {
  expect(error.message.length).toBeLessThan(900);
  for (const line of error.message.split("\n")) expect(line.length).toBeLessThan(600);
  const controls = [...error.message].filter((c) => c !== "\n" && (c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f));
  expect(controls).toEqual([]);
};

const ors = (n: number, clause: (i: number) => string = (i) => `metrics.x = ${i}`): string =>
  Array.from({ length: n }, (_, i) => clause(i)).join(" or ");

describe("filter size and depth limits", () => {
  it("refuses 4,000 or clauses with a typed error, through listRuns too", async () => {
    const text = ors(4000);
    const error = parseError(text);
    expect(error.message).toContain(`at most ${MAX_FILTER_LENGTH}`);
    expectShortEcho(error);
    const exp = await DimExperiment.open("x", { backend: createMemoryBackend() });
    await exp.withRun("r", (r) => r.logMetric("x", 1));
    const listed = await exp.listRunsTask({ filter: text })();
    expect(listed._tag).toBe("Left");
    await exp.close();
  });

  it("refuses more than MAX_CONDITIONS conditions, even in a short filter", () => {
    const text = ors(MAX_CONDITIONS + 1, (i) => `metrics.a=${i % 10}`).replaceAll(" or ", "||");
    expect(text.length).toBeLessThan(MAX_FILTER_LENGTH);
    const error = parseError(text);
    expect(error.message).toContain(`more than ${MAX_CONDITIONS} conditions`);
    expectShortEcho(error);
    // dimension lists count their values
    const dims = `dimension(metrics.a) in (${Array.from({ length: MAX_CONDITIONS + 1 }, () => "J").join(",")})`;
    expect(parseError(dims).message).toContain("conditions");
  });

  it("evaluates, checks, plans and prints a filter of MAX_CONDITIONS conditions", () => {
    const text = ors(MAX_CONDITIONS, (i) => `metrics.x=${i} J`).replaceAll(" or ", "||");
    const parsed = parseQuery(text);
    if (parsed._tag === "Left") throw new Error(parsed.left.message);
    const query = parsed.right;
    const run = dimexpRun({ metrics: { x: [999, "J"] } });
    expect(evaluateQuery(query, run)).toEqual({ _tag: "Right", right: true });
    const groups = unitGroupsFromTags({ "dimexp.metric.x": [run.tags["dimexp.metric.x"] as string] });
    expect(checkUnitGroups(query, groups)._tag).toBe("Right");
    // too many conjunctions to push down: nothing is, and nothing is lost
    expect(planPushdown(query, groups, ALL)).toBeUndefined();
    expect(formatQuery(query).length).toBeGreaterThan(MAX_CONDITIONS * 8);
  });

  it("refuses parentheses and nots nested deeper than MAX_NESTING", () => {
    const deep = (n: number) => `${"(".repeat(n)}metrics.x = 1${")".repeat(n)}`;
    expect(parseQuery(deep(MAX_NESTING - 1))._tag).toBe("Right");
    for (const text of [deep(MAX_NESTING + 1), deep(3000), `${"not ".repeat(3000)}metrics.x = 1`, `${"!".repeat(MAX_FILTER_LENGTH - 20)}metrics.x = 1`]) {
      const error = parseError(text);
      expect(error.message).toContain(`more than ${MAX_NESTING} levels`);
      expectShortEcho(error);
    }
  });

  it("bounds the length of the whole filter, of a unit, and of what a message quotes", () => {
    const huge = `metrics.x > 1 ${"m*".repeat(150_000)}m`;
    expectShortEcho(parseError(huge));
    const longUnit = `metrics.x > 1 ${"m*".repeat(2000)}m`;
    const unitError = parseError(longUnit);
    expect(unitError.message).toContain("the unit is 4001 characters long");
    expectShortEcho(unitError);
    // a word, a string, an unknown unit or dimension as long as the limit allows
    const word = "w".repeat(MAX_FILTER_LENGTH - 100);
    for (const text of [
      `metrics.${word} > 1 J and`,
      `${word} > 1`,
      `metrics.x = "${word}`,
      `metrics.x = ${word}`,
      `metrics.x > 1 ${"q".repeat(400)}`,
      `dimension(metrics.x) = "${word}"`,
      `tags.x = 1 and \u001b[2J${word}`,
    ]) {
      expectShortEcho(parseError(text));
    }
  });

  it("returns a typed error for a hand-built tree deeper than any parsed one, never a stack overflow", () => {
    const leaf: QueryNode = {
      kind: "compare",
      field: { source: "metrics", key: "x", position: 0 },
      op: ">",
      value: { kind: "number", value: 1, position: 12 },
    };
    let root: QueryNode = leaf;
    for (let i = 0; i < 100_000; i++) root = { kind: "not", operand: root };
    const query: Query = { text: "metrics.x > 1", root };
    const result = evaluateQuery(query, dimexpRun({ metrics: { x: [2] } }));
    expect(result._tag).toBe("Left");
    if (result._tag === "Left") expect(result.left.message).toContain("levels deep");
    let wide: QueryNode = leaf;
    for (let i = 0; i < 5000; i++) wide = { kind: "or", left: wide, right: leaf };
    const many = evaluateQuery({ text: "", root: wide }, dimexpRun({ metrics: { x: [2] } }));
    expect(many._tag === "Left" && many.left.message).toContain(`more than ${MAX_CONDITIONS} conditions`);
  });
});
