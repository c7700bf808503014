import { describe, expect, it } from "vitest";
import { asMetricNumber, parseJson, stringifyJson } from "../src/internal/json.js";

const VALUES = [0, -0, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 5e-324, -Number.MAX_VALUE, 1 / 3, 2 ** 53 + 2];

describe("W&B history JSON numbers (Python's tokens)", () => {
  it("every value round-trips bit-exact through a history row, -0 included", () => {
    const text = stringifyJson({ _step: 1, v: VALUES });
    expect(text).toContain("NaN,Infinity,-Infinity");
    const row = parseJson(text) as { v: unknown[] };
    row.v.forEach((read, i) => expect(Object.is(asMetricNumber(read), VALUES[i])).toBe(true));
  });
});
