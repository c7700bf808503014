// arrayProfileSpec: each run's logged array, value against index, in one
// display unit — runs logged in SI (J), CGS (erg) and natural units (GeV) on
// one axis; a run of another dimension is left out and named; a display unit
// that fits no run is an error, never an empty chart.

import { DimArray } from "@dimexp/units";
import { compile } from "vega-lite";
import { describe, expect, test } from "vitest";
import { type ArrayProfile, VizException, arrayProfileSpec } from "../src/index.js";
import { renderSvg } from "../src/render/index.js";

// CODATA 2018, exact: the oracle for eV ↔ J, independent of @dimexp/units.
const EV_IN_J = 1.602176634e-19;

const array = (values: readonly number[] | readonly (readonly number[])[], unit: string): DimArray => {
  const made = DimArray.of(values as number[], unit);
  if (made._tag === "Left") throw new Error(made.left.message);
  return made.right;
};

type Row = { run: string; index: number; value: number };
const rows = (spec: unknown): Row[] => ((spec as { data: { values: Row[] } }).data.values);
const subtitle = (spec: unknown): string[] => ((spec as { title: { subtitle?: string[] } }).title.subtitle ?? []);

const PROFILES: ArrayProfile[] = [
  { run: "run-si", array: array([1, 2, 3], "J"), step: 2 },
  { run: "run-cgs", array: array([1e7, 2e7, 3e7], "erg"), step: 2 },
  { run: "run-natural", array: array([1, 2, 3], "GeV"), step: 0 },
];

describe("arrayProfileSpec", () => {
  test("shows every run in the first run's unit (J): erg and GeV converted, said in the subtitle", () => {
    const spec = arrayProfileSpec("energy", PROFILES);
    const byRun = (run: string) => rows(spec).filter((r) => r.run === run);
    expect(byRun("run-si").map((r) => [r.index, r.value])).toEqual([
      [0, 1],
      [1, 2],
      [2, 3],
    ]);
    byRun("run-cgs").forEach((r, i) => {
      expect(r.value).toBeCloseTo(i + 1, 12);
    });
    byRun("run-natural").forEach((r, i) => {
      expect(r.value / ((i + 1) * 1e9 * EV_IN_J)).toBeCloseTo(1, 12);
    });
    expect((spec as { encoding: { y: { title: string } } }).encoding.y.title).toBe("energy [J]");
    expect(subtitle(spec)).toEqual(["run-si: step 2", "run-cgs: step 2, logged in erg, shown in J", "run-natural: step 0, logged in GeV, shown in J"]);
    expect(() => compile(spec)).not.toThrow();
  });

  test("a chosen unit or system: all in eV, or CGS (erg)", () => {
    const ev = arrayProfileSpec("energy", PROFILES, { unit: "eV" });
    expect((ev as { encoding: { y: { title: string } } }).encoding.y.title).toBe("energy [eV]");
    expect(rows(ev).filter((r) => r.run === "run-natural").map((r) => r.value)).toEqual([1e9, 2e9, 3e9]);
    const cgs = arrayProfileSpec("energy", PROFILES, { system: "cgs" });
    expect(rows(cgs).filter((r) => r.run === "run-cgs").map((r) => r.value)).toEqual([1e7, 2e7, 3e7]);
  });

  test("a run of another dimension is left out and named; a unit that fits no run throws the units error", () => {
    const spec = arrayProfileSpec("energy", [...PROFILES, { run: "run-kelvin", array: array([300, 301], "K") }]);
    expect(rows(spec).some((r) => r.run === "run-kelvin")).toBe(false);
    expect(subtitle(spec).at(-1)).toMatch(/^run-kelvin: not shown \(K is not /);
    let caught: unknown;
    try {
      arrayProfileSpec("energy", PROFILES, { unit: "m" });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(VizException);
    expect((caught as VizException).error._tag).toBe("DimensionMismatch");
    // GeV as a mass needs the mass-energy context, named
    const mass = arrayProfileSpec("energy", PROFILES.slice(2), { unit: "kg", context: "mass-energy" });
    expect(rows(mass)[0]?.value).toBeCloseTo((1e9 * EV_IN_J) / 299_792_458 ** 2, 40);
  });

  test("non-finite values are left out; a one-value array is drawn as a point; 2-D arrays are flattened row-major", async () => {
    const spec = arrayProfileSpec("field", [
      { run: "a", array: array([[1, Number.NaN], [Number.POSITIVE_INFINITY, 4]], "K") },
      { run: "b", array: array([7], "K") },
    ]);
    expect(rows(spec).map((r) => [r.run, r.index, r.value])).toEqual([
      ["a", 0, 1],
      ["a", 3, 4],
      ["b", 0, 7],
    ]);
    expect(subtitle(spec)).toEqual(["a: shape [2, 2], row-major"]);
    const layers = (spec as { layer: Array<{ transform?: Array<{ filter: { oneOf: string[] } }> }> }).layer;
    expect(layers[1]?.transform?.[0]?.filter.oneOf).toEqual(["a", "b"]);
    const svg = await renderSvg(spec);
    expect(svg).toContain("field [K]");
    expect(svg).toContain("index");
  });
});
