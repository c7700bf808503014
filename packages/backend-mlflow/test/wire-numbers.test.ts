import { describe, expect, it } from "vitest";
import { valueJson, wireNumber } from "../src/internal/wire.js";

const VALUES = [0, -0, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 5e-324, -Number.MAX_VALUE, 1 / 3, 2 ** 53 + 2];

describe("metric values on MLflow's wire (protobuf JSON)", () => {
  it("every value round-trips bit-exact through the request text, -0 included", () => {
    for (const value of VALUES) expect(Object.is(wireNumber(JSON.parse(valueJson(value)) as number | string), value)).toBe(true);
  });

  it("spells NaN and ±Infinity as strings (the server rejects null)", () => {
    expect([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0].map(valueJson)).toEqual(['"NaN"', '"Infinity"', '"-Infinity"', "-0.0"]);
  });
});
