// Hard cases pint cannot check for us, and the traps other unit libraries fell
// into (/work/shared/notes/units.md). Expected values are computed here from
// the exact constants of the 2019 SI, not read back from the library.

import { describe, expect, it } from "vitest";
import {
  CODATA_EDITION,
  DimArray,
  contextNames,
  convertValue,
  formatUnit,
  parseUnit,
  q,
  resolveUnitName,
} from "../src/index.js";
import { close, err, ok } from "./helpers.js";

// SI 2019 defining constants (exact by definition)
const c = 299792458; // m/s
const h = 6.62607015e-34; // J s
const hbar = h / (2 * Math.PI);
const e = 1.602176634e-19; // C, and J per eV
const kB = 1.380649e-23; // J/K
// The one measured constant the gaussian context needs: µ0 = 2αh/(e²c) since 2019,
// with α = √(2hR∞/(m_e c)) from CODATA 2022's R∞ and m_e.
const alphaCodata2022 = Math.sqrt((2 * h * 10973731.568157) / (9.1093837139e-31 * c));
const mu0 = (2 * alphaCodata2022 * h) / (e * e * c);
const eps0 = (e * e) / (2 * alphaCodata2022 * h * c);
/** √(µ0 / 4π·10⁻⁷): how far µ0 has moved from its pre-2019 exact value */
const mu0Drift = Math.sqrt(mu0 / (4 * Math.PI * 1e-7));

const GeV = 1e9 * e;

describe("temperatures follow pint's offset rules", () => {
  it("0 degC is exactly 32 degF, and back", () => {
    expect(ok(convertValue(0, "degC", "degF"))).toBe(32);
    expect(ok(convertValue(32, "degF", "degC"))).toBe(0);
    expect(ok(convertValue(-40, "degC", "degF"))).toBe(-40);
    expect(ok(convertValue(100, "degC", "degF"))).toBe(212);
    expect(ok(convertValue(212, "degF", "degC"))).toBe(100);
  });

  it("30 degC - 20 degC is a 10 delta_degC difference, not 10 degC", () => {
    const diff = ok(q(30, "degC").sub(q(20, "degC")));
    expect(diff.value).toBe(10);
    expect(formatUnit(diff.unit)).toBe("delta_degC");
    expect(ok(diff.to("K")).value).toBe(10);
    // a difference converts as a difference: 10 K is 18 delta_degF, not 50 degF
    close(ok(diff.to("delta_degF")).value, 18);
    // mixed absolute scales still give a difference in the left operand's scale
    const mixed = ok(q(30, "degC").sub(q(68, "degF")));
    expect(formatUnit(mixed.unit)).toBe("delta_degC");
    close(mixed.value, 10);
  });

  it("20 degC + 10 degC is ambiguous: OffsetUnitError", () => {
    const e1 = err(q(20, "degC").add(q(10, "degC")));
    expect(e1._tag).toBe("OffsetUnitError");
    expect(e1.message).toContain("degC");
  });

  it("2 × 5 degC is ambiguous (UnitMath answers 283.15 °C): OffsetUnitError", () => {
    expect(err(q(5, "degC").mul(2))._tag).toBe("OffsetUnitError");
    expect(err(q(2).mul(q(5, "degC")))._tag).toBe("OffsetUnitError");
    expect(err(q(5, "degC").div(2))._tag).toBe("OffsetUnitError");
    expect(err(q(5, "degC").mul(q(2, "m")))._tag).toBe("OffsetUnitError");
  });

  it("absolute + delta and delta + absolute are absolute", () => {
    const a = ok(q(20, "degC").add(q(10, "delta_degC")));
    expect(a.value).toBe(30);
    expect(formatUnit(a.unit)).toBe("degC");
    const b = ok(q(10, "delta_degC").add(q(20, "degC")));
    expect(b.value).toBe(30);
    expect(formatUnit(b.unit)).toBe("degC");
    const f = ok(q(20, "degC").add(q(18, "delta_degF")));
    close(f.value, 30);
    expect(formatUnit(f.unit)).toBe("degC");
    const back = ok(q(30, "degC").sub(q(10, "delta_degC")));
    expect(back.value).toBe(20);
    expect(formatUnit(back.unit)).toBe("degC");
  });

  it("delta - absolute is an error (our rule; pint would answer -10 degC)", () => {
    const e1 = err(q(10, "delta_degC").sub(q(20, "degC")));
    expect(e1._tag).toBe("OffsetUnitError");
  });

  // pint 0.25.3 (tooling/python/.venv): Quantity(5, "delta_degC").to("degC") raises
  // DimensionalityError, and so do degC → delta_degC, delta_degF ↔ degF and
  // delta_degC → degF; K ↔ delta_degC and delta_degC ↔ degR convert (no offset).
  it("a temperature difference never converts to an absolute temperature, or back (issue 12.6)", () => {
    for (const [from, to] of [
      ["delta_degC", "degC"],
      ["degC", "delta_degC"],
      ["delta_degF", "degF"],
      ["degF", "delta_degF"],
      ["delta_degC", "degF"],
      ["degF", "delta_degC"],
      ["Δ°C", "°C"],
    ] as const) {
      const e1 = err(convertValue(5, from, to));
      if (e1._tag !== "OffsetUnitError") expect.fail(`${from} -> ${to}: expected OffsetUnitError, got ${e1._tag}`);
      expect(e1.message).toContain("temperature difference");
      expect(e1.message).toContain("K");
      expect(err(q(5, from).to(to))._tag).toBe("OffsetUnitError");
      expect(err(ok(DimArray.of([5, 6], from)).to(to))._tag).toBe("OffsetUnitError");
    }
    const named = err(convertValue(5, "delta_degC", "degC")).message;
    expect(named).toContain("delta_degC");
    expect(named).toContain("degC a temperature");
    // a difference cannot be compared with a temperature either
    expect(err(q(5, "delta_degC").lt(q(20, "degC")))._tag).toBe("OffsetUnitError");
  });

  it("K and degR have no offset: they convert to and from differences, and K still adds as one", () => {
    expect(ok(convertValue(5, "delta_degC", "K"))).toBe(5);
    expect(ok(convertValue(5, "K", "delta_degC"))).toBe(5);
    close(ok(convertValue(5, "delta_degC", "degR")), 9);
    close(ok(convertValue(9, "degR", "delta_degC")), 5);
    close(ok(convertValue(5, "delta_degC", "delta_degF")), 9);
    expect(ok(convertValue(300, "K", "degC"))).toBeCloseTo(26.85, 12);
    expect(ok(q(20, "degC").add(q(5, "K"))).value).toBe(25);
    expect(ok(q(20, "degC").add(q(5, "delta_degC"))).value).toBe(25);
    const d = ok(q(30, "degC").sub(q(20, "degC")));
    expect(ok(d.to("delta_degF")).value).toBeCloseTo(18, 12);
    expect(err(d.to("degF"))._tag).toBe("OffsetUnitError");
  });
});

describe("crossing dimensions needs a named context", () => {
  it("statC -> C without a context is a DimensionMismatch naming both dimensions and the gaussian context", () => {
    const e1 = err(convertValue(1, "statC", "C"));
    if (e1._tag !== "DimensionMismatch") expect.fail(`expected DimensionMismatch, got ${e1._tag}`);
    expect(e1.contexts).toContain("gaussian");
    expect(e1.fromDimension).toContain("M^(1/2) L^(3/2) T^-1");
    expect(e1.toDimension).toContain("T I");
    expect(e1.message).toContain(e1.fromDimension);
    expect(e1.message).toContain(e1.toDimension);
    expect(e1.message).toContain("gaussian");
  });

  it("the other cross-dimension pairs are refused without a context too", () => {
    for (const [from, to, context] of [
      ["GeV^-1", "m", "natural"],
      ["nm", "eV", "spectral"],
      ["kg", "J", "mass-energy"],
      ["K", "meV", "temperature-energy"],
      ["G", "T", "gaussian"],
    ] as const) {
      const e1 = err(convertValue(1, from, to));
      if (e1._tag !== "DimensionMismatch") expect.fail(`${from} -> ${to}: expected DimensionMismatch, got ${e1._tag}`);
      expect(e1.contexts, `${from} -> ${to}`).toContain(context);
    }
  });
});

interface ContextCase {
  readonly value: number;
  readonly from: string;
  readonly to: string;
  readonly expected: number;
  readonly direction: "forward" | "reverse";
  readonly how: string;
}

// CGS base magnitudes in SI: 1 g^(1/2) cm^(3/2) / s = √(1e-3 kg · 1e-6 m³) / s.
const statCoulombInCoulomb = Math.sqrt(4 * Math.PI * eps0 * 1e-9);

const CONTEXT_CASES: Record<string, readonly ContextCase[]> = {
  natural: [
    { value: 1, from: "GeV^-1", to: "m", expected: (hbar * c) / GeV, direction: "forward", how: "ħc/E" },
    { value: 1, from: "fm", to: "GeV^-1", expected: (1e-15 * GeV) / (hbar * c), direction: "reverse", how: "L·E/ħc" },
    { value: 1, from: "GeV^-1", to: "s", expected: hbar / GeV, direction: "forward", how: "ħ/E" },
    { value: 1, from: "GeV", to: "K", expected: GeV / kB, direction: "forward", how: "E/k_B" },
    { value: 1, from: "K", to: "GeV", expected: kB / GeV, direction: "reverse", how: "k_B·T" },
    { value: 1, from: "GeV", to: "kg", expected: GeV / (c * c), direction: "forward", how: "E/c²" },
    { value: 1, from: "kg", to: "GeV", expected: (c * c) / GeV, direction: "reverse", how: "m·c²" },
    { value: 1, from: "GeV^-2", to: "mb", expected: ((hbar * c) / GeV) ** 2 / 1e-31, direction: "forward", how: "(ħc)²/E²" },
  ],
  spectral: [
    { value: 500, from: "nm", to: "eV", expected: (h * c) / 500e-9 / e, direction: "forward", how: "E = hc/λ" },
    { value: 1, from: "eV", to: "nm", expected: (h * c) / e / 1e-9, direction: "reverse", how: "λ = hc/E" },
    { value: 1, from: "THz", to: "1/cm", expected: 1e12 / c / 100, direction: "forward", how: "ν̃ = ν/c" },
    { value: 1, from: "1/cm", to: "Hz", expected: 100 * c, direction: "reverse", how: "ν = c·ν̃" },
    { value: 1, from: "eV", to: "Hz", expected: e / h, direction: "forward", how: "ν = E/h" },
  ],
  "mass-energy": [
    { value: 1, from: "kg", to: "J", expected: c * c, direction: "forward", how: "E = mc²" },
    { value: 1, from: "J", to: "kg", expected: 1 / (c * c), direction: "reverse", how: "m = E/c²" },
    { value: 1, from: "MeV", to: "kg", expected: (1e6 * e) / (c * c), direction: "reverse", how: "m = E/c²" },
  ],
  "temperature-energy": [
    { value: 300, from: "K", to: "meV", expected: (300 * kB) / e / 1e-3, direction: "forward", how: "E = k_B·T" },
    { value: 1, from: "eV", to: "K", expected: e / kB, direction: "reverse", how: "T = E/k_B" },
  ],
  gaussian: [
    { value: 1, from: "statC", to: "C", expected: statCoulombInCoulomb, direction: "forward", how: "q√(4πε0)" },
    { value: 1, from: "C", to: "statC", expected: 1 / statCoulombInCoulomb, direction: "reverse", how: "q/√(4πε0)" },
    { value: 1, from: "G", to: "T", expected: 1e-4 * mu0Drift, direction: "forward", how: "B√(µ0/4π)" },
    { value: 1, from: "T", to: "G", expected: 1e4 / mu0Drift, direction: "reverse", how: "B√(4π/µ0)" },
    { value: 1, from: "A/m", to: "Oe", expected: 4 * Math.PI * 1e-3 * mu0Drift, direction: "forward", how: "H√(4πµ0)" },
    { value: 1, from: "Oe", to: "A/m", expected: 1e3 / (4 * Math.PI * mu0Drift), direction: "reverse", how: "H/√(4πµ0)" },
  ],
};

describe("every context, both ways, against values computed from the SI 2019 constants", () => {
  it("covers every built-in context with a forward and a reverse case", () => {
    for (const name of contextNames()) {
      const cases = CONTEXT_CASES[name];
      expect(cases, `no hard cases for context ${name}`).toBeDefined();
      expect(cases?.some((x) => x.direction === "forward"), `${name}: forward`).toBe(true);
      expect(cases?.some((x) => x.direction === "reverse"), `${name}: reverse`).toBe(true);
    }
  });

  const rows = Object.entries(CONTEXT_CASES).flatMap(([context, cases]) =>
    cases.map((x) => [`${x.value} ${x.from} -> ${x.to} [${context}] (${x.how})`, context, x] as const),
  );
  it.each(rows)("%s", (_name, context, x) => {
    close(ok(convertValue(x.value, x.from, x.to, { context })), x.expected, 1e-14);
  });

  it("GeV⁻¹ -> m is ħc = 1.973269804e-16 m", () => {
    close(ok(convertValue(1, "GeV^-1", "m", { context: "natural" })), 1.973269804e-16, 1e-9);
  });

  it("the gaussian context uses the library's CODATA edition for α", () => {
    expect(CODATA_EDITION).toBe("CODATA 2022");
    // pre-2019 textbook value 1 C = 2997924580 statC holds to the µ0 drift (~1e-10)
    close(ok(convertValue(1, "C", "statC", { context: "gaussian" })), 2997924580, 1e-9);
  });

  it("the same pair goes different ways under different contexts: eV -> 1/s", () => {
    // natural: ω = E/ħ (angular); spectral: ν = E/h (cycles): a factor 2π apart
    close(ok(convertValue(1, "eV", "1/s", { context: "natural" })), e / hbar, 1e-14);
    close(ok(convertValue(1, "eV", "Hz", { context: "spectral" })), e / h, 1e-14);
  });
});

describe("parsing traps", () => {
  it("J/(mol*K) is not J/mol*K", () => {
    const grouped = ok(parseUnit("J/(mol*K)"));
    const chained = ok(parseUnit("J/mol*K"));
    expect(grouped.dimension.equals(ok(parseUnit("J/mol/K")).dimension)).toBe(true);
    expect(grouped.dimension.equals(chained.dimension)).toBe(false);
    expect(chained.dimension.equals(ok(parseUnit("J*K/mol")).dimension)).toBe(true);
    expect(err(convertValue(1, "J/(mol*K)", "J/mol*K"))._tag).toBe("DimensionMismatch");
    close(ok(convertValue(8.314462618, "J/(mol*K)", "cal/(mol*K)")), 8.314462618 / 4.184);
  });

  it("µ (U+00B5 MICRO SIGN) and μ (U+03BC GREEK MU) are both micro", () => {
    for (const spelling of ["\u00b5m", "\u03bcm", "um"]) {
      const resolved = resolveUnitName(spelling);
      expect(resolved?.prefix?.name, spelling).toBe("micro");
      expect(resolved?.atom.name, spelling).toBe("meter");
      expect(ok(convertValue(3, spelling, "m")), spelling).toBe(3e-6);
    }
    expect(ok(convertValue(1, "\u00b5s", "\u03bcs"))).toBe(1);
  });

  it("hbar is ħ, not hecto-bar", () => {
    const resolved = resolveUnitName("hbar");
    expect(resolved?.prefix).toBeUndefined();
    expect(resolved?.atom.symbol).toBe("ħ");
    close(ok(convertValue(1, "hbar", "J*s")), hbar);
    expect(err(convertValue(1, "hbar", "Pa"))._tag).toBe("DimensionMismatch");
  });

  it("min is the minute, not a milli-inch", () => {
    expect(resolveUnitName("min")?.prefix).toBeUndefined();
    expect(resolveUnitName("min")?.atom.name).toBe("minute");
    expect(ok(convertValue(1, "min", "s"))).toBe(60);
  });

  it("cd, Pa and Gy are candela, pascal and gray, not centi-day, peta-year and giga-year", () => {
    for (const [symbol, name, si, value] of [
      ["cd", "candela", "lm/sr", 1],
      ["Pa", "pascal", "N/m^2", 1],
      ["Gy", "gray", "J/kg", 1],
    ] as const) {
      const resolved = resolveUnitName(symbol);
      expect(resolved?.prefix, symbol).toBeUndefined();
      expect(resolved?.atom.name, symbol).toBe(name);
      expect(ok(convertValue(1, symbol, si)), symbol).toBe(value);
    }
    expect(err(convertValue(1, "Pa", "s"))._tag).toBe("DimensionMismatch");
  });
});

describe("exact values", () => {
  it("1 eV is exactly 1.602176634e-19 J (not CODATA 2010's 1.602176565e-19)", () => {
    expect(ok(convertValue(1, "eV", "J"))).toBe(1.602176634e-19);
  });

  it("1 km is exactly 1e6 mm", () => {
    expect(ok(convertValue(1, "km", "mm"))).toBe(1e6);
  });
});
