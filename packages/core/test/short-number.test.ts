import { describe, expect, it } from "vitest";
import { shortNumber } from "../src/index.js";

describe("shortNumber", () => {
  it("charts' rule by default: 4 digits, an exponent from 1e5", () => {
    expect([0.0012345, 0.00012, 1200, 9.362e14, 12345.67, 99999, 123456, 0, -0, Number.NaN, Number.NEGATIVE_INFINITY].map((x) => shortNumber(x))).toEqual([
      "0.001234", "1.2e-4", "1200", "9.362e14", "12350", "100000", "1.235e5", "0", "0", "NaN", "-Infinity",
    ]);
  });

  it("the CLI's rule with options: 6 digits, an exponent from 1e6", () => {
    const cli = { digits: 6, exponentFrom: 1e6 };
    expect([0.0123456789, 17570.2999, 5.166459e-5, 4.01e7, 999999.4, -123456.7].map((x) => shortNumber(x, cli))).toEqual([
      "0.0123457", "17570.3", "5.16646e-5", "4.01e7", "999999", "-123457",
    ]);
  });

  it("refuses digits it cannot honour, naming them", () => {
    expect(() => shortNumber(1, { digits: 0 })).toThrow(/whole number from 1 to 17, not 0/);
    expect(() => shortNumber(1, { digits: 2.5 })).toThrow(RangeError);
  });
});
