import { describe, expect, it } from "vitest";
import {
  BINARY_PREFIXES,
  SI_PREFIXES,
  convertValue,
  formatUnit,
  parseQuantity,
  parseUnit,
  unit,
} from "../src/index.js";
import { close, err, ok } from "./helpers.js";

const force = unit("N");

describe("parseUnit syntax", () => {
  it.each(["kg*m/s^2", "kg m s^-2", "kg·m/s²", "m*kg/s**2", "kg⋅m⋅s⁻²", "kg.m.s^-2", "(kg*m)/(s*s)", "kg m / s / s", "kg*m*s^(-2)", "kg m s−2".replace("−2", "^−2")])(
    "%s is a newton",
    (text) => {
      const u = ok(parseUnit(text));
      expect(u.equals(force)).toBe(true);
    },
  );

  it("gives J/(mol*K) and J/mol*K their different meanings", () => {
    const a = ok(parseUnit("J/(mol*K)"));
    const b = ok(parseUnit("J/mol*K"));
    expect(a.dimension.name).toBe("molar_heat_capacity");
    expect(b.dimension.equals(a.dimension)).toBe(false);
    expect(b.equals(ok(parseUnit("J*K/mol")))).toBe(true);
  });

  it("reads rational exponents", () => {
    expect(ok(parseUnit("m^(1/2)")).dimension.exponent("length")).toEqual({ n: 1, d: 2 });
    expect(ok(parseUnit("m^0.5")).dimension.exponent("length")).toEqual({ n: 1, d: 2 });
    expect(ok(parseUnit("m^(-3/2)")).dimension.exponent("length")).toEqual({ n: -3, d: 2 });
    expect(ok(parseUnit("s^-(1/2)")).dimension.exponent("time")).toEqual({ n: -1, d: 2 });
  });

  it("accepts both micro signs and u", () => {
    for (const text of ["µm", "μm", "um", "micrometer", "micrometre", "micrometers"]) {
      expect(ok(parseUnit(text)).scale.value).toBe(1e-6);
    }
  });

  it("resolves the classic traps the right way", () => {
    expect(ok(parseUnit("hbar")).dimension.name).toBe("action");
    expect(ok(parseUnit("min")).scale.value).toBe(60);
    expect(ok(parseUnit("cd")).dimension.name).toBe("luminosity");
    expect(ok(parseUnit("Pa")).dimension.name).toBe("pressure");
    expect(ok(parseUnit("Gy")).dimension.name).toBe("absorbed_dose");
    expect(ok(parseUnit("ft")).scale.value).toBeCloseTo(0.3048, 15);
    expect(ok(parseUnit("nmi")).scale.value).toBe(1852);
    expect(ok(parseUnit("dB")).kind).toBe("logarithmic");
    expect(ok(parseUnit("daN")).scale.value).toBe(10);
  });

  it("supports all 24 SI prefixes and the binary prefixes", () => {
    expect(SI_PREFIXES).toHaveLength(24);
    for (const p of SI_PREFIXES) {
      const byName = ok(parseUnit(`${p.name}meter`));
      const bySymbol = ok(parseUnit(`${p.symbol}m`));
      expect(bySymbol.scale.value).toBe(p.scale.value);
      expect(byName.scale.value).toBe(p.scale.value);
    }
    expect(BINARY_PREFIXES.map((p) => p.symbol)).toEqual(["Ki", "Mi", "Gi", "Ti", "Pi", "Ei", "Zi", "Yi"]);
    expect(ok(parseUnit("KiB")).scale.value).toBe(8 * 1024);
    expect(ok(parseUnit("GiB")).scale.value).toBe(8 * 1024 ** 3);
    expect(ok(parseUnit("kibibyte")).scale.value).toBe(8 * 1024);
    expect(err(parseUnit("Kim"))._tag).toBe("UnknownUnit");
  });

  it("treats a leading number as a scaled unit", () => {
    const u = ok(parseUnit("1e3 m"));
    expect(u.scale.value).toBe(1000);
    expect(formatUnit(u)).toBe("1000 m");
    expect(ok(parseUnit("1/s")).dimension.name).toBe("frequency");
  });

  it("reads dimensionless spellings", () => {
    for (const text of ["", "1", "dimensionless", " "]) expect(ok(parseUnit(text)).isDimensionless).toBe(true);
  });
});

describe("powers associate right, as in pint and mathematics (issue 12.15)", () => {
  const lengthPower = (text: string) => ok(parseUnit(text)).dimension.exponent("length");

  it.each([
    ["m^2^3", 8],
    ["m**2**3", 8],
    ["m^2**3", 8],
    ["m²^3", 8],
    ["m^2²", 4],
    ["m^3^2", 9],
    ["m^-2^2", -4],
    ["m^2^-1", 0.5],
    ["m^(1/2)^2", 0.25],
    ["(m^2)^3", 6],
    ["m^2 * m^3", 5],
    ["m⁻²", -2],
  ])("%s is m^%d", (text, power) => {
    const e = lengthPower(text);
    expect(e.n / e.d).toBe(power);
  });

  it("a power of a power that is not an exact exponent is an error", () => {
    expect(err(parseUnit("m^2^(1/2)")).message).toContain("not an exact exponent");
    expect(err(parseUnit("m^10^10"))._tag).toBe("InvalidArgument");
  });
});

describe("Unicode normalisation (issue 12.20)", () => {
  it("reads the Kelvin, Ohm and Ångström signs as K, Ω and Å", () => {
    expect(ok(parseUnit("\u212A")).equals(ok(parseUnit("K")))).toBe(true);
    expect(ok(parseUnit("m\u212A")).scale.value).toBe(1e-3);
    expect(ok(parseUnit("J/(mol*\u212A)")).dimension.name).toBe("molar_heat_capacity");
    expect(ok(parseUnit("k\u2126")).equals(ok(parseUnit("kΩ")))).toBe(true);
    expect(ok(parseUnit("\u2126*m")).dimension.equals(ok(parseUnit("ohm*m")).dimension)).toBe(true);
    expect(ok(parseUnit("\u212B")).scale.value).toBe(1e-10);
    expect(ok(parseUnit("A\u030A")).scale.value).toBe(1e-10);
    expect(ok(convertValue(300, "\u212A", "degC"))).toBeCloseTo(26.85, 12);
  });

  it("reads compatibility forms such as full-width letters", () => {
    expect(ok(parseUnit("ｋｍ/ｈ")).equals(ok(parseUnit("km/h")))).toBe(true);
    expect(ok(parseQuantity("3 ｋｇ")).value).toBe(3);
  });

  it("keeps every existing spelling: NFKC never turns a registered symbol into another unit", () => {
    // NFKC maps ℎ to h (the hour), ℓ to l, µ to μ, ℃ to °C, ″ to ′′ and ² to 2
    expect(ok(parseUnit("ℎ")).terms[0]?.atom.name).toBe("planck_constant");
    expect(ok(parseUnit("ℏ")).terms[0]?.atom.name).toBe("reduced_planck_constant");
    expect(ok(parseUnit("mℓ")).scale.value).toBeCloseTo(1e-6, 20);
    expect(ok(parseUnit("″")).terms[0]?.atom.name).toBe("arcsecond");
    expect(ok(parseUnit("℃")).kind).toBe("affine");
    expect(ok(parseUnit("µ_0")).terms[0]?.atom.name).toBe("vacuum_permeability");
    expect(ok(parseUnit("µm")).scale.value).toBe(1e-6);
    expect(ok(parseUnit("m²")).dimension.name).toBe("area");
    expect(ok(parseUnit("kg·m/s²")).dimension.name).toBe("force");
    // names that only NFKC would make readable stay unknown rather than becoming another unit
    expect(err(parseUnit("ℎs"))._tag).toBe("UnknownUnit");
    expect(err(parseUnit("ℓx"))._tag).toBe("UnknownUnit");
  });
});

describe("parse errors", () => {
  it("reports the position of a syntax error", () => {
    const e = err(parseUnit("kg*/s"));
    expect(e._tag).toBe("ParseError");
    if (e._tag === "ParseError") expect(e.position).toBe(3);
  });

  it("reports unbalanced parentheses", () => {
    const open = err(parseUnit("J/(mol*K"));
    expect(open._tag).toBe("ParseError");
    const close = err(parseUnit("J/mol)"));
    if (close._tag === "ParseError") expect(close.position).toBe(5);
  });

  it("suggests names for unknown units, with the position", () => {
    const e = err(parseUnit("kg*metre/secnd"));
    expect(e._tag).toBe("UnknownUnit");
    if (e._tag === "UnknownUnit") {
      expect(e.name).toBe("secnd");
      expect(e.position).toBe(9);
      expect(e.suggestions).toContain("second");
      expect(e.message).toContain('Did you mean "second"');
    }
    const caseSlip = err(parseUnit("KM"));
    if (caseSlip._tag === "UnknownUnit") expect(caseSlip.suggestions[0]).toMatch(/^(kM|Km|km)$/);
    const mev = err(parseUnit("Mev"));
    if (mev._tag === "UnknownUnit") expect(mev.suggestions).toContain("MeV");
  });

  it("explains m2 as a missing power", () => {
    const e = err(parseUnit("m2"));
    expect(e.message).toContain("m^2");
  });

  it("refuses affine and logarithmic units inside compounds", () => {
    expect(err(parseUnit("degC/s"))._tag).toBe("OffsetUnitError");
    expect(err(parseUnit("degC^2"))._tag).toBe("OffsetUnitError");
    expect(ok(parseUnit("delta_degC/s")).dimension.toString()).toBe("T^-1 Θ");
    expect(err(parseUnit("dBm*s"))._tag).toBe("LogarithmicUnitError");
  });

  it("rejects an unknown context even when the units need none", () => {
    expect(err(convertValue(1, "km", "m", { context: "no-such-context" }))._tag).toBe("UnknownContext");
  });

  it("returns an error for non-string input instead of throwing", () => {
    expect(err(parseUnit(42 as unknown as string))._tag).toBe("InvalidArgument");
  });
});

describe("parseQuantity", () => {
  it.each([
    ["9.81 m/s^2", 9.81, "m/s^2"],
    ["-40 degC", -40, "degC"],
    ["1e3 eV", 1000, "eV"],
    ["2.5e-3 kg", 0.0025, "kg"],
    [".5 h", 0.5, "h"],
    ["3", 3, "1"],
    ["12 psi", 12, "psi"],
    ["6*m", 6, "m"],
    ["7 µs", 7, "us"],
  ])("%s", (text, value, unitText) => {
    const qty = ok(parseQuantity(text));
    expect(qty.value).toBe(value);
    expect(formatUnit(qty.unit)).toBe(unitText);
  });

  it("reads NaN and infinities", () => {
    expect(ok(parseQuantity("NaN J")).value).toBeNaN();
    expect(ok(parseQuantity("Infinity m")).value).toBe(Number.POSITIVE_INFINITY);
    expect(ok(parseQuantity("-inf K")).value).toBe(Number.NEGATIVE_INFINITY);
  });

  it("places unit errors at their position in the whole string", () => {
    const e = err(parseQuantity("9.81 m/sx^2"));
    if (e._tag === "UnknownUnit") expect(e.position).toBe(7);
    else expect.fail(e.message);
  });

  it("converts what it parses", () => {
    close(ok(convertValue(ok(parseQuantity("100 km/h")).value, "km/h", "m/s")), 27.777777777777775);
  });
});
