// Temperatures in offset units (°C, °F): a relative difference of two
// readings is taken on the absolute scale (K) whatever the display unit, and
// says so; absolute differences are temperature differences (delta units).

import { formatUnit } from "@dimexp/units";
import { describe, expect, test } from "vitest";
import { type RunSeries, compareSeries } from "../src/index.js";

// 23.35 °C and 26.76 °C, logged in °C, K and °F
const runs: RunSeries[] = [
  { name: "cool", metrics: { T: { values: [23.35], unit: "degC" } } },
  { name: "warm", metrics: { T: { values: [26.76 + 273.15], unit: "K" } } },
  { name: "warm-f", metrics: { T: { values: [(26.76 * 9) / 5 + 32], unit: "degF" } } },
];
const expected = (26.76 - 23.35) / (23.35 + 273.15); // ≈ +1.15 %

const compared = (unit: string) => {
  const result = compareSeries(runs, "T", { unit, baseline: "cool" });
  if (result._tag === "Left") throw new Error(result.left.message);
  return result.right;
};

describe("relative differences of temperatures", () => {
  test("are the same in °C, °F and K: computed on the absolute scale", () => {
    for (const unit of ["degC", "degF", "K"]) {
      const m = compared(unit).metric("T");
      expect(m?.entries.map((e) => e.relativeDiff)).toEqual([0, expect.closeTo(expected, 12), expect.closeTo(expected, 12)]);
      expect(formatUnit(m?.relativeUnit ?? m!.unit)).toBe("K");
    }
  });

  test("absolute differences are temperature differences, in delta units", () => {
    const inC = compared("degC").metric("T");
    expect(formatUnit(inC!.differenceUnit)).toBe("delta_degC");
    expect(inC?.entries[1]?.absoluteDiff).toBeCloseTo(3.41, 10);
    const inF = compared("degF").metric("T");
    expect(formatUnit(inF!.differenceUnit)).toBe("delta_degF");
    expect(inF?.entries[1]?.absoluteDiff).toBeCloseTo((3.41 * 9) / 5, 10);
    expect(formatUnit(compared("K").metric("T")!.differenceUnit)).toBe("K");
    // and so do the rows, the CSV and the summary
    expect(compared("degC").toRows().map((r) => [r.unit, r.differenceUnit])).toEqual([
      ["degC", "delta_degC"],
      ["degC", "delta_degC"],
      ["degC", "delta_degC"],
    ]);
    expect(compared("degC").toCSV().split("\r\n")[2]).toMatch(/,degC,.*,delta_degC,0\.0115/);
    expect(compared("degF").toString()).toContain("Δrel on the absolute scale, K");
  });

  test("and say so: a RelativeOnAbsoluteScale note naming K and the delta unit", () => {
    const c = compared("degF");
    const note = c.warnings.find((w) => w._tag === "RelativeOnAbsoluteScale");
    expect(note).toMatchObject({ metric: "T", unit: "degF", absoluteUnit: "K", differenceUnit: "delta_degF" });
    expect(note?.message).toContain("absolute scale (K)");
    // shown in K, the runs logged in °C and °F still get the note
    expect(compared("K").warnings.some((w) => w._tag === "RelativeOnAbsoluteScale")).toBe(true);
  });

  test("interpolated curves use the same scale", () => {
    const curves: RunSeries[] = [
      { name: "a", metrics: { T: { steps: [0, 1], values: [20, 20], unit: "degC" } } },
      { name: "b", metrics: { T: { steps: [0, 1], values: [30, 30], unit: "degC" } } },
    ];
    const result = compareSeries(curves, "T", { baseline: "a", align: "interpolate" });
    if (result._tag === "Left") throw new Error(result.left.message);
    const rel = result.right.metric("T")?.curves?.relativeDiff("b");
    expect([...(rel ?? [])]).toEqual([expect.closeTo(10 / 293.15, 12), expect.closeTo(10 / 293.15, 12)]);
  });

  test("linear units are untouched: no note, relative in the common unit", () => {
    const result = compareSeries([{ name: "a", metrics: { E: { values: [1], unit: "J" } } }, { name: "b", metrics: { E: { values: [2e7], unit: "erg" } } }], "E", { baseline: "a" });
    if (result._tag === "Left") throw new Error(result.left.message);
    expect(result.right.warnings.map((w) => w._tag)).toEqual(["MixedUnitsConverted"]);
    expect(result.right.metric("E")?.entries[1]?.relativeDiff).toBeCloseTo(1, 12);
  });
});
