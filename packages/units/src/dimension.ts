// A physical dimension: exact rational exponents over the seven SI base
// dimensions. Rational (not float) exponents matter: Gaussian charge is
// M^1/2 L^3/2 T^-1, and 1/2 + 1/2 must be exactly 1, not 0.9999999999999999.

import {
  ONE,
  ZERO,
  addR,
  eqR,
  formatR,
  isZeroR,
  mulR,
  negR,
  type Rational,
  rational,
  subR,
} from "./internal/rational.js";

export type { Rational } from "./internal/rational.js";
export { rational } from "./internal/rational.js";

/** The seven SI base dimensions, in dimtensor's order. */
export const BASE_DIMENSIONS = [
  "length",
  "mass",
  "time",
  "current",
  "temperature",
  "amount",
  "luminosity",
] as const;
export type BaseDimension = (typeof BASE_DIMENSIONS)[number];

const BASE_SYMBOLS = ["L", "M", "T", "I", "Θ", "N", "J"] as const;
/** M L T I Θ N J */
const DISPLAY_ORDER = [1, 0, 2, 3, 4, 5, 6] as const;

export type DimensionExponents = Partial<Record<BaseDimension, number | Rational>>;

const toRational = (value: number | Rational): Rational => {
  if (typeof value !== "number") return rational(value.n, value.d);
  if (Number.isInteger(value)) return rational(value);
  // Accept simple fractions given as floats (0.5, 1.5, 0.25) exactly.
  for (const d of [2, 3, 4, 5, 6, 8, 10]) {
    const n = value * d;
    if (Math.abs(n - Math.round(n)) < 1e-9) return rational(Math.round(n), d);
  }
  throw new RangeError(`exponent ${value} is not a simple fraction`);
};

export class Dimension {
  /** Exponents in the order of BASE_DIMENSIONS. */
  readonly exponents: readonly Rational[];
  /** A stable key: equal dimensions have equal keys. */
  readonly key: string;

  private constructor(exponents: readonly Rational[]) {
    this.exponents = exponents;
    this.key = exponents.map(formatR).join(",");
  }

  static of(exponents: DimensionExponents = {}): Dimension {
    return new Dimension(BASE_DIMENSIONS.map((name) => toRational(exponents[name] ?? 0)));
  }

  static fromRationals(exponents: readonly Rational[]): Dimension {
    return new Dimension(exponents);
  }

  static readonly dimensionless: Dimension = Dimension.of();

  static base(name: BaseDimension): Dimension {
    return Dimension.of({ [name]: 1 });
  }

  exponent(name: BaseDimension): Rational {
    return this.exponents[BASE_DIMENSIONS.indexOf(name)] ?? ZERO;
  }

  mul(other: Dimension): Dimension {
    return new Dimension(this.exponents.map((e, i) => addR(e, other.exponents[i] ?? ZERO)));
  }

  div(other: Dimension): Dimension {
    return new Dimension(this.exponents.map((e, i) => subR(e, other.exponents[i] ?? ZERO)));
  }

  pow(power: Rational | number): Dimension {
    const p = toRational(power);
    return new Dimension(this.exponents.map((e) => mulR(e, p)));
  }

  inverse(): Dimension {
    return new Dimension(this.exponents.map(negR));
  }

  equals(other: Dimension): boolean {
    return this.key === other.key;
  }

  get isDimensionless(): boolean {
    return this.exponents.every(isZeroR);
  }

  /** Exponents as plain numbers, keyed like dimtensor's dimension dict. */
  toRecord(): Record<BaseDimension, number> {
    const record = {} as Record<BaseDimension, number>;
    BASE_DIMENSIONS.forEach((name, i) => {
      const e = this.exponents[i] ?? ZERO;
      record[name] = e.n / e.d;
    });
    return record;
  }

  /** e.g. `M L^2 T^-2` (mass first, as physicists write it), or `1` for dimensionless. */
  toString(): string {
    const parts: string[] = [];
    for (const i of DISPLAY_ORDER) {
      const e = this.exponents[i] ?? ZERO;
      if (isZeroR(e)) continue;
      const symbol = BASE_SYMBOLS[i] as string;
      parts.push(eqR(e, ONE) ? symbol : `${symbol}^${e.d === 1 ? formatR(e) : `(${formatR(e)})`}`);
    }
    return parts.length === 0 ? "1" : parts.join(" ");
  }

  /** The common name of this dimension (`energy`, `force`, …) when it has one. */
  get name(): string | undefined {
    return nameByKey().get(this.key);
  }

  /** `energy (M L^2 T^-2)` — the form errors use. */
  describe(): string {
    const name = this.name;
    return name ? `${name} (${this.toString()})` : this.toString();
  }
}

const L = Dimension.base("length");
const M = Dimension.base("mass");
const T = Dimension.base("time");
const I = Dimension.base("current");
const K = Dimension.base("temperature");
const N = Dimension.base("amount");
const J = Dimension.base("luminosity");

const energy = M.mul(L.pow(2)).div(T.pow(2));
const charge = I.mul(T);
const voltage = energy.div(charge);
const gaussianCharge = Dimension.of({ mass: 0.5, length: 1.5, time: -1 });

/**
 * Names accepted by `dimensionByName` and in queries (`dimension(metrics.loss) = energy`).
 * The first name listed for a dimension is the one shown.
 */
const NAMED: ReadonlyArray<readonly [string, Dimension]> = [
  ["dimensionless", Dimension.dimensionless],
  ["length", L],
  ["mass", M],
  ["time", T],
  ["current", I],
  ["temperature", K],
  ["amount", N],
  ["luminosity", J],
  ["luminous_intensity", J],
  ["area", L.pow(2)],
  ["volume", L.pow(3)],
  ["frequency", T.inverse()],
  ["velocity", L.div(T)],
  ["speed", L.div(T)],
  ["acceleration", L.div(T.pow(2))],
  ["momentum", M.mul(L).div(T)],
  ["force", M.mul(L).div(T.pow(2))],
  ["energy", energy],
  ["work", energy],
  ["heat", energy],
  ["power", energy.div(T)],
  ["pressure", M.div(L).div(T.pow(2))],
  ["stress", M.div(L).div(T.pow(2))],
  ["energy_density", M.div(L).div(T.pow(2))],
  ["action", energy.mul(T)],
  ["angular_momentum", energy.mul(T)],
  ["density", M.div(L.pow(3))],
  ["mass_density", M.div(L.pow(3))],
  ["dynamic_viscosity", M.div(L).div(T)],
  ["viscosity", M.div(L).div(T)],
  ["kinematic_viscosity", L.pow(2).div(T)],
  ["diffusivity", L.pow(2).div(T)],
  ["wavenumber", L.inverse()],
  ["entropy", energy.div(K)],
  ["heat_capacity", energy.div(K)],
  ["specific_heat", energy.div(K).div(M)],
  ["molar_heat_capacity", energy.div(K).div(N)],
  ["thermal_conductivity", energy.div(T).div(L).div(K)],
  ["heat_flux", energy.div(T).div(L.pow(2))],
  ["intensity", energy.div(T).div(L.pow(2))],
  ["concentration", N.div(L.pow(3))],
  ["molar_mass", M.div(N)],
  ["catalytic_activity", N.div(T)],
  ["charge", charge],
  ["voltage", voltage],
  ["electric_potential", voltage],
  ["electric_field", voltage.div(L)],
  ["resistance", voltage.div(I)],
  ["conductance", I.div(voltage)],
  ["capacitance", charge.div(voltage)],
  ["inductance", voltage.mul(T).div(I)],
  ["magnetic_flux", voltage.mul(T)],
  ["magnetic_flux_density", voltage.mul(T).div(L.pow(2))],
  ["magnetic_field", voltage.mul(T).div(L.pow(2))],
  ["magnetic_field_strength", I.div(L)],
  ["current_density", I.div(L.pow(2))],
  ["charge_density", charge.div(L.pow(3))],
  ["electric_dipole_moment", charge.mul(L)],
  ["magnetic_moment", I.mul(L.pow(2))],
  ["absorbed_dose", energy.div(M)],
  ["specific_energy", energy.div(M)],
  ["exposure", charge.div(M)],
  ["illuminance", J.div(L.pow(2))],
  ["luminance", J.div(L.pow(2))],
  ["gaussian_charge", gaussianCharge],
  ["gaussian_current", gaussianCharge.div(T)],
  ["gaussian_potential", Dimension.of({ mass: 0.5, length: 0.5, time: -1 })],
  ["gaussian_magnetic_field", Dimension.of({ mass: 0.5, length: -0.5, time: -1 })],
  ["gaussian_resistance", T.div(L)],
];

let byKeyCache: Map<string, string> | undefined;
const nameByKey = (): Map<string, string> => {
  if (!byKeyCache) {
    byKeyCache = new Map();
    for (const [name, dimension] of NAMED) {
      if (!byKeyCache.has(dimension.key)) byKeyCache.set(dimension.key, name);
    }
  }
  return byKeyCache;
};

const byName = new Map(NAMED.map(([name, dimension]) => [name, dimension]));

/** Looks a dimension up by its common name; undefined if the name is unknown. */
export const lookupDimension = (name: string): Dimension | undefined =>
  byName.get(name.trim().toLowerCase().replace(/[\s-]+/g, "_"));

/** Every dimension name understood by `lookupDimension`. */
export const dimensionNames = (): string[] => NAMED.map(([name]) => name);
