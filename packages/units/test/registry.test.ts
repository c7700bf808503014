import { describe, expect, it } from "vitest";
import {
  CODATA_EDITION,
  EXACT_CONSTANTS,
  constantNames,
  convertValue,
  defineUnit,
  formatUnit,
  listUnits,
  parseUnit,
  physicalConstant,
  unitGroups,
} from "../src/index.js";
import { close, err, ok } from "./helpers.js";

describe("registry", () => {
  const atoms = listUnits();

  it("holds at least 250 units with their aliases", () => {
    expect(atoms.length).toBeGreaterThanOrEqual(250);
    const spellings = atoms.reduce((n, a) => n + a.symbols.length + a.names.length, 0);
    expect(spellings).toBeGreaterThan(500);
  });

  it("resolves every atom by each symbol and name, with no clashes", () => {
    for (const atom of atoms) {
      for (const spelling of [...atom.symbols, ...atom.names]) {
        const u = ok(parseUnit(spelling));
        expect(u.terms[0]?.atom, spelling).toBe(atom);
      }
    }
  });

  it("round-trips every atom through its canonical ASCII spelling", () => {
    for (const atom of atoms) {
      const u = ok(parseUnit(atom.symbol));
      const again = ok(parseUnit(formatUnit(u)));
      expect(again.equals(u), atom.symbol).toBe(true);
    }
  });

  it("covers the required groups", () => {
    expect(unitGroups()).toEqual(
      expect.arrayContaining(["SI base", "CGS", "Gaussian electromagnetic", "particle physics", "atomic", "Planck", "time", "angle", "information", "imperial and US", "temperature", "logarithmic"]),
    );
    for (const s of ["erg", "dyn", "Ba", "P", "St", "Gal", "statC", "statA", "statV", "statΩ", "G", "Mx", "Oe", "GeV", "GeV^-1", "fm", "barn", "hartree", "bohr", "l_P", "min", "h", "d", "yr", "rad", "deg", "sr", "bit", "B", "K", "degC", "degF", "degR", "dB", "dBm", "Np", "mag"]) {
      ok(parseUnit(s));
    }
  });

  it("uses exact SI-2019 constants and names the CODATA edition", () => {
    expect(CODATA_EDITION).toBe("CODATA 2022");
    expect(physicalConstant("c").value).toBe(299792458);
    expect(physicalConstant("h").value).toBe(6.62607015e-34);
    expect(physicalConstant("e").value).toBe(1.602176634e-19);
    expect(physicalConstant("k_B").value).toBe(1.380649e-23);
    expect(physicalConstant("N_A").value).toBe(6.02214076e23);
    close(physicalConstant("hbar").value, 1.054571817e-34, 1e-9);
    close(physicalConstant("alpha").value, 7.2973525643e-3, 1e-10);
    close(physicalConstant("m_e").value, 9.1093837139e-31);
    close(physicalConstant("a_0").value, 5.29177210544e-11, 1e-10);
    expect(EXACT_CONSTANTS).toContain("hbar");
    expect(constantNames().length).toBeGreaterThan(15);
    expect(formatUnit(physicalConstant("hbar").unit)).toBe("J*s");
    expect(ok(convertValue(1, "eV", "J"))).toBe(1.602176634e-19);
  });

  it("lets users define units, rejecting clashes and bad definitions", () => {
    ok(defineUnit("smoot", "67 in", { names: ["smoots"] }));
    close(ok(convertValue(1, "smoot", "m")), 1.7018);
    expect(err(defineUnit("m", "1 ft"))._tag).toBe("InvalidArgument");
    expect(err(defineUnit("wibble", "3 wobble"))._tag).toBe("UnknownUnit");
  });
});
