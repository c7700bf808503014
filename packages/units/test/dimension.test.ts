import { describe, expect, it } from "vitest";
import { Dimension, dimensionNames, lookupDimension, parseUnit, rational } from "../src/index.js";
import { ok } from "./helpers.js";

describe("Dimension", () => {
  it("keeps rational exponents exact", () => {
    const half = Dimension.of({ mass: rational(1, 2) });
    expect(half.mul(half).equals(Dimension.of({ mass: 1 }))).toBe(true);
    const third = Dimension.of({ length: rational(1, 3) });
    expect(third.pow(3).equals(Dimension.base("length"))).toBe(true);
    expect(Dimension.of({ length: 0.5 }).key).toBe(Dimension.of({ length: rational(1, 2) }).key);
  });

  it("represents Gaussian charge exactly as M^1/2 L^3/2 T^-1", () => {
    const statC = ok(parseUnit("statC")).dimension;
    expect(statC.exponent("mass")).toEqual({ n: 1, d: 2 });
    expect(statC.exponent("length")).toEqual({ n: 3, d: 2 });
    expect(statC.exponent("time")).toEqual({ n: -1, d: 1 });
    expect(statC.exponent("current")).toEqual({ n: 0, d: 1 });
    // statC² / cm² is a force: the half exponents cancel exactly.
    const force = ok(parseUnit("statC^2/cm^2")).dimension;
    expect(force.name).toBe("force");
  });

  it("names common dimensions and looks them up by name", () => {
    expect(ok(parseUnit("J")).dimension.name).toBe("energy");
    expect(ok(parseUnit("erg")).dimension.name).toBe("energy");
    expect(ok(parseUnit("N")).dimension.describe()).toBe("force (M L T^-2)");
    expect(lookupDimension("Energy")?.equals(ok(parseUnit("eV")).dimension)).toBe(true);
    expect(lookupDimension("magnetic field")?.equals(ok(parseUnit("T")).dimension)).toBe(true);
    expect(lookupDimension("no such thing")).toBeUndefined();
    expect(dimensionNames()).toContain("force");
  });

  it("prints dimensionless as 1 and records like dimtensor", () => {
    expect(Dimension.dimensionless.toString()).toBe("1");
    expect(ok(parseUnit("m/s^2")).dimension.toRecord()).toEqual({
      length: 1,
      mass: 0,
      time: -2,
      current: 0,
      temperature: 0,
      amount: 0,
      luminosity: 0,
    });
  });
});
