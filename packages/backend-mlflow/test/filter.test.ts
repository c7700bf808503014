// RawFilter → MLflow filter strings (filter.ts), without a server; the
// contract suite and search.test.ts check them against the real one.
import type { RawFilter } from "@dimexp/core";
import { describe, expect, it } from "vitest";
import { numberLiteral, quote, toMlflowFilters } from "../src/internal/filter.js";

describe("toMlflowFilters", () => {
  it("is one search per conjunction, AND inside", () => {
    const filter: RawFilter = [
      [
        { source: "metrics", key: "loss", op: "<", value: 0.5 },
        { source: "tags", key: "dimexp.metric.loss", op: "=", value: '{"unit":"J"}' },
      ],
      [{ source: "attributes", key: "status", op: "=", value: "FINISHED" }],
    ];
    expect(toMlflowFilters(filter)).toEqual([
      "metrics.`loss` < 0.5 AND tags.`dimexp.metric.loss` = '{\"unit\":\"J\"}'",
      "attributes.status = 'FINISHED'",
    ]);
  });

  it("turns `in` into one search per value (MLflow has IN only for run ids)", () => {
    expect(toMlflowFilters([[{ source: "tags", key: "solver", op: "in", value: ["fem", "spectral"] }]])).toEqual([
      "tags.`solver` = 'fem'",
      "tags.`solver` = 'spectral'",
    ]);
    expect(toMlflowFilters([[{ source: "attributes", key: "run_id", op: "in", value: ["a1", "b2"] }]])).toEqual(["attributes.run_id IN ('a1', 'b2')"]);
  });

  it("leaves out what MLflow cannot evaluate as core does (looser, never stricter)", () => {
    // numeric params (MLflow compares params as strings), metric existence, string order
    expect(toMlflowFilters([[{ source: "params", key: "length", op: ">=", value: 50 }]])).toEqual([""]);
    expect(toMlflowFilters([[{ source: "metrics", key: "x", op: "exists", value: undefined }]])).toEqual([""]);
    expect(toMlflowFilters([[{ source: "tags", key: "a", op: "<", value: "b" }, { source: "tags", key: "c", op: "=", value: "d" }]])).toEqual([
      "tags.`c` = 'd'",
    ]);
    // a value no quoting can carry
    expect(toMlflowFilters([[{ source: "tags", key: "q", op: "=", value: `it's "x"` }]])).toEqual([""]);
    expect(toMlflowFilters([[{ source: "tags", key: "q", op: "=", value: "it's" }]])).toEqual([`tags.\`q\` = "it's"`]);
  });

  it("keeps runs whose metric is ±Infinity (stored as ±MAX) in", () => {
    const one = (op: "<" | "<=" | ">" | ">=" | "=", value: number) => toMlflowFilters([[{ source: "metrics", key: "m", op, value }]]);
    expect(one(">=", Number.POSITIVE_INFINITY)).toEqual(["metrics.`m` >= 1.7976931348623157e308"]);
    expect(one(">", 1.7976931348623157e308)).toEqual(["metrics.`m` >= 1.7976931348623157e308"]);
    expect(one("<", Number.POSITIVE_INFINITY)).toEqual(["metrics.`m` <= 1.7976931348623157e308"]);
    expect(one("<", -1.7976931348623157e308)).toEqual(["metrics.`m` <= -1.7976931348623157e308"]);
    expect(one(">", Number.POSITIVE_INFINITY)).toEqual([]);
    expect(one("=", Number.NEGATIVE_INFINITY)).toEqual(["metrics.`m` = -1.7976931348623157e308"]);
  });

  it("writes numbers and strings the parser reads", () => {
    expect(numberLiteral(1e300)).toBe("1e300");
    expect(numberLiteral(-0)).toBe("0");
    expect(numberLiteral(5e-7)).toBe("5e-7");
    expect(numberLiteral(Number.NaN)).toBeUndefined();
    expect(quote("a\\b")).toBeUndefined();
    expect(toMlflowFilters([])).toEqual([]);
    expect(toMlflowFilters(undefined)).toEqual([""]);
  });
});
