// A display unit that fits no run is an error (DisplayUnitMismatch), not a
// comparison with every run excluded; a context that would make it fit is
// named. Runs in SI, CGS and natural units.

import { describe, expect, test } from "vitest";
import { type CompareError, type RunSeries, compareSeries } from "../src/index.js";

const GEV_IN_J = 1.602176634e-10;
const energies: RunSeries[] = [
  { name: "run-si", metrics: { loss: { values: [GEV_IN_J], unit: "J" } } },
  { name: "run-cgs", metrics: { loss: { values: [GEV_IN_J * 1e7], unit: "erg" } } },
  { name: "run-hep", metrics: { loss: { values: [1], unit: "GeV" } } },
];

const left = (result: ReturnType<typeof compareSeries>): CompareError => {
  if (result._tag === "Right") throw new Error(`expected an error, got ${result.right.toString()}`);
  return result.left;
};

describe("a display unit that fits no run", () => {
  test("an energy in m: DisplayUnitMismatch naming both dimensions, not an empty comparison", () => {
    const error = left(compareSeries(energies, "loss", { unit: "m" }));
    expect(error).toMatchObject({
      _tag: "DisplayUnitMismatch",
      metric: "loss",
      unit: "m",
      unitDimension: "length (L)",
      metricDimensions: ["energy (M L^2 T^-2)"],
      loggedUnits: ["J", "erg", "GeV"],
    });
    expect(error.message).toContain("energy (M L^2 T^-2)");
    expect(error.message).toContain("length (L)");
    expect(error.message).not.toContain("\n");
  });

  test("GeV against 1/m: the message names the natural context, and with it the runs compare", () => {
    const error = left(compareSeries(energies, "loss", { unit: "1/m" }));
    expect(error).toMatchObject({ _tag: "DisplayUnitMismatch", contexts: expect.arrayContaining(["natural"]) });
    expect(error.message).toContain("--context natural");
    const ok = compareSeries(energies, "loss", { unit: "1/m", context: "natural" });
    expect(ok._tag).toBe("Right");
    if (ok._tag === "Right") {
      const values = ok.right.metric("loss")?.entries.map((e) => e.value) ?? [];
      expect(values).toHaveLength(3);
      // 1 GeV / (ħc) = 5.0677e15 m⁻¹
      for (const v of values) expect(v / 5.067730716e15).toBeCloseTo(1, 8);
    }
  });

  test("per metric: { loss: 's' } fails for loss only when no run fits", () => {
    const error = left(compareSeries(energies, "loss", { unit: { loss: "s" } }));
    expect(error).toMatchObject({ _tag: "DisplayUnitMismatch", metric: "loss", unit: "s" });
  });

  test("a unit that fits some runs is fine: the others are excluded with a warning, as before", () => {
    const mixed: RunSeries[] = [...energies, { name: "run-time", metrics: { loss: { values: [3], unit: "s" } } }];
    const result = compareSeries(mixed, "loss", { unit: "eV" });
    expect(result._tag).toBe("Right");
    if (result._tag === "Right") {
      const m = result.right.metric("loss");
      expect(m?.entries.map((e) => e.run.name)).toEqual(["run-si", "run-cgs", "run-hep"]);
      for (const e of m?.entries ?? []) expect(e.value / 1e9).toBeCloseTo(1, 9);
      expect(m?.excluded.map((x) => [x.run.name, x.reason._tag])).toEqual([["run-time", "IncompatibleDimensions"]]);
    }
  });

  test("plain numbers against a dimensional unit: an error unless read as the common unit", () => {
    const plain: RunSeries[] = [{ name: "a", metrics: { accuracy: { values: [0.9] } } }];
    expect(left(compareSeries(plain, "accuracy", { unit: "J" }))).toMatchObject({
      _tag: "DisplayUnitMismatch",
      metricDimensions: ["a plain number (no unit)"],
    });
    expect(compareSeries(plain, "accuracy", { unit: "J", dimensionless: "as-common-unit" })._tag).toBe("Right");
  });

  test("a system's unit always fits the metric it was chosen for", () => {
    for (const system of ["si", "cgs", "natural"]) expect(compareSeries(energies, "loss", { system })._tag).toBe("Right");
  });
});
