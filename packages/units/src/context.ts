// Contexts: the only way to convert between quantities whose SI dimensions
// differ. Each context knows a physical relation (E = hν, ħ = c = k_B = 1,
// Gaussian electromagnetism…) and offers a bridge: a factor that carries a value
// of one dimension into another, either multiplied (E = k_B·T) or reciprocal
// (λ = c/ν). Nothing crosses dimensions without a context named by the caller.

import { Dimension } from "./dimension.js";
import { type UnitsError, unknownContext } from "./errors.js";
import { type Either, left, right } from "./internal/either.js";
import { type Magnitude, ONE_MAGNITUDE, divM, mulM, powM } from "./internal/magnitude.js";
import { type Rational, ZERO, addR, eqR, isZeroR, mulR, negR, rational, subR } from "./internal/rational.js";
import { atomScale, unitAtom } from "./registry.js";

/** SI value of the target = factor × SI value of the source (or factor ÷ it). */
export interface Bridge {
  readonly kind: "multiply" | "reciprocal";
  readonly factor: Magnitude;
}

export interface Context {
  readonly name: string;
  readonly description: string;
  bridge(from: Dimension, to: Dimension): Bridge | undefined;
}

const constant = (symbol: string): { scale: Magnitude; dimension: Dimension } => ({
  scale: atomScale(symbol),
  dimension: (unitAtom(symbol) as { dimension: Dimension }).dimension,
});

const index = { L: 0, M: 1, T: 2, I: 3, K: 4, N: 5, J: 6 } as const;
const exp = (d: Dimension, k: keyof typeof index): Rational => d.exponents[index[k]] ?? ZERO;

// --- gaussian ---------------------------------------------------------------

const FOUR_PI: Magnitude = { value: 4 * Math.PI, exact: undefined };

/**
 * Factor taking an SI electromagnetic quantity (current exponent a ≠ 0) to its
 * Gaussian counterpart: (4πε₀)^(-a/2) for electric quantities; (µ₀/4π)^(a/2)
 * for B, Φ, the vector potential and magnetic moments; (4πµ₀)^(a/2) for H.
 * These are pint's Gaussian context relations, written once for any dimension.
 */
const gaussianFactor = (si: Dimension): { factor: Magnitude; dimension: Dimension } | undefined => {
  const a = exp(si, "I");
  if (isZeroR(a)) return undefined;
  const eps0 = constant("ε_0");
  const mu0 = constant("µ_0");
  const tesla = constant("T").dimension;
  const ampere = Dimension.base("current");
  const meter = Dimension.base("length");
  const magneticB = [tesla, tesla.mul(meter.pow(2)), tesla.mul(meter), ampere.mul(meter.pow(2))];
  const half = mulR(a, rational(1, 2));
  let base: { scale: Magnitude; dimension: Dimension };
  let power: Rational;
  if (si.equals(ampere.div(meter))) {
    base = { scale: mulM(FOUR_PI, mu0.scale), dimension: mu0.dimension };
    power = half;
  } else if (magneticB.some((d) => d.equals(si))) {
    base = { scale: divM(mu0.scale, FOUR_PI), dimension: mu0.dimension };
    power = half;
  } else {
    base = { scale: mulM(FOUR_PI, eps0.scale), dimension: eps0.dimension };
    power = negR(half);
  }
  return { factor: powM(base.scale, power), dimension: si.mul(base.dimension.pow(power)) };
};

const gaussian: Context = {
  name: "gaussian",
  description: "Gaussian CGS electromagnetism: statC↔C, statA↔A, statV↔V, statΩ↔Ω, G↔T, Mx↔Wb, Oe↔A/m",
  bridge(from, to) {
    const forward = gaussianFactor(from);
    if (forward?.dimension.equals(to)) return { kind: "multiply", factor: forward.factor };
    const backward = gaussianFactor(to);
    if (backward?.dimension.equals(from)) return { kind: "multiply", factor: divM(ONE_MAGNITUDE, backward.factor) };
    return undefined;
  },
};

// --- natural ----------------------------------------------------------------

/**
 * ħ = c = k_B = 1: solve  to − from = a·[ħ] + b·[c] + d·[k_B]  exactly over the
 * rationals (three unknowns, four equations in L, M, T, Θ) and bridge with
 * ħ^a · c^b · k_B^d. Current, amount and luminosity must already agree.
 */
const natural: Context = {
  name: "natural",
  description: "natural units, ħ = c = k_B = 1: GeV↔kg↔K, GeV⁻¹↔m↔s",
  bridge(from, to) {
    const diff = to.div(from);
    if (!["I", "N", "J"].every((k) => isZeroR(exp(diff, k as keyof typeof index)))) return undefined;
    const d = negR(exp(diff, "K"));
    const a = subR(exp(diff, "M"), d);
    const b = subR(subR(exp(diff, "L"), mulR(rational(2), a)), mulR(rational(2), d));
    const time = negR(addR(addR(a, b), mulR(rational(2), d)));
    if (!eqR(time, exp(diff, "T"))) return undefined;
    const factor = mulM(
      mulM(powM(atomScale("ħ"), a), powM(atomScale("c"), b)),
      powM(atomScale("k_B"), d),
    );
    return { kind: "multiply", factor };
  },
};

// --- spectral ---------------------------------------------------------------

/** frequency = K · x^p for wavelength, frequency, energy and wavenumber */
const spectralForms = (): Array<{ dimension: Dimension; power: 1 | -1; k: Magnitude }> => {
  const c = atomScale("c");
  const h = atomScale("ℎ");
  const L = Dimension.base("length");
  const T = Dimension.base("time");
  return [
    { dimension: L, power: -1, k: c },
    { dimension: T.inverse(), power: 1, k: ONE_MAGNITUDE },
    { dimension: constant("J").dimension, power: 1, k: divM(ONE_MAGNITUDE, h) },
    { dimension: L.inverse(), power: 1, k: c },
  ];
};

const spectral: Context = {
  name: "spectral",
  description: "light: wavelength ↔ frequency ↔ photon energy ↔ wavenumber (ν = c/λ, E = hν)",
  bridge(from, to) {
    const forms = spectralForms();
    const a = forms.find((f) => f.dimension.equals(from));
    const b = forms.find((f) => f.dimension.equals(to));
    if (!a || !b || from.equals(to)) return undefined;
    if (a.power === b.power) return { kind: "multiply", factor: divM(a.k, b.k) };
    // ν = Ka·x^pa and ν = Kb·y^pb with pa = −pb: y = (Ka/Kb)^pb · x^−1 …
    return { kind: "reciprocal", factor: b.power === 1 ? divM(a.k, b.k) : divM(b.k, a.k) };
  },
};

// --- mass-energy, temperature-energy ----------------------------------------

/** to = from · constant^power (E = mc², E = k_B·T) */
const powerBridge = (name: string, description: string, constantSymbol: string, power = 1): Context => ({
  name,
  description,
  bridge(from, to) {
    const c = constant(constantSymbol);
    const scale = powM(c.scale, rational(power));
    const dimension = c.dimension.pow(power);
    const diff = to.div(from);
    if (diff.equals(dimension)) return { kind: "multiply", factor: scale };
    if (diff.equals(dimension.inverse())) return { kind: "multiply", factor: divM(ONE_MAGNITUDE, scale) };
    return undefined;
  },
});

let builtins: Map<string, Context> | undefined;
const registry = (): Map<string, Context> => {
  if (!builtins) {
    builtins = new Map(
      [
        gaussian,
        natural,
        spectral,
        powerBridge("mass-energy", "E = mc²: kg↔J (and eV/c²↔eV)", "c", 2),
        powerBridge("temperature-energy", "E = k_B·T: K↔J↔eV", "k_B"),
      ].map((c) => [c.name, c]),
    );
  }
  return builtins;
};

/** Names of the built-in contexts. */
export const contextNames = (): string[] => [...registry().keys()];

/** Looks a context up by name (`gaussian`, `natural`, `spectral`, `mass-energy`, `temperature-energy`). */
export const getContext = (name: string): Either<UnitsError, Context> => {
  const found = registry().get(name.trim().toLowerCase());
  return found ? right(found) : left(unknownContext(name, contextNames()));
};

/** Adds a context of your own; it can then be named in conversions. */
export const registerContext = (context: Context): void => {
  registry().set(context.name, context);
};

/** The contexts that relate two dimensions (for error messages). */
export const contextsRelating = (from: Dimension, to: Dimension): string[] =>
  [...registry().values()].filter((c) => c.bridge(from, to) !== undefined).map((c) => c.name);

