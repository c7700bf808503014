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
  subR,
} from "./internal/rational.js";
import { toExponent } from "./internal/exponent.js";

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

/** Exact exponents, also from simple fractions given as floats (0.5, 1.5, 0.25); throws a RangeError otherwise. */
const toRational = (value: number | Rational): Rational => {
  const r = toExponent(value);
  if (r._tag === "Left") throw new RangeError(r.left.message);
  return r.right;
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

/**
 * Names accepted by `lookupDimension` and in queries (`dimension(metrics.loss) = energy`).
 * One line per dimension: its names (the first is the one shown), then the
 * exponents of length, mass, time, current, temperature, amount, luminosity
 * (trailing zeros left out): "force:1 1 -2" is L M T^-2.
 */
const NAMED_TABLE = `dimensionless:
length:1
mass:0 1
time:0 0 1
current:0 0 0 1
temperature:0 0 0 0 1
amount:0 0 0 0 0 1
luminosity luminous_intensity:0 0 0 0 0 0 1
area:2
volume:3
frequency:0 0 -1
velocity speed:1 0 -1
acceleration:1 0 -2
momentum:1 1 -1
force:1 1 -2
energy work heat:2 1 -2
power:2 1 -3
pressure stress energy_density:-1 1 -2
action angular_momentum:2 1 -1
density mass_density:-3 1
dynamic_viscosity viscosity:-1 1 -1
kinematic_viscosity diffusivity:2 0 -1
wavenumber:-1
entropy heat_capacity:2 1 -2 0 -1
specific_heat:2 0 -2 0 -1
molar_heat_capacity:2 1 -2 0 -1 -1
thermal_conductivity:1 1 -3 0 -1
heat_flux intensity:0 1 -3
concentration:-3 0 0 0 0 1
molar_mass:0 1 0 0 0 -1
catalytic_activity:0 0 -1 0 0 1
charge:0 0 1 1
voltage electric_potential:2 1 -3 -1
electric_field:1 1 -3 -1
resistance:2 1 -3 -2
conductance:-2 -1 3 2
capacitance:-2 -1 4 2
inductance:2 1 -2 -2
magnetic_flux:2 1 -2 -1
magnetic_flux_density magnetic_field:0 1 -2 -1
magnetic_field_strength:-1 0 0 1
current_density:-2 0 0 1
charge_density:-3 0 1 1
electric_dipole_moment:1 0 1 1
magnetic_moment:2 0 0 1
absorbed_dose specific_energy:2 0 -2
exposure:0 -1 1 1
illuminance luminance:-2 0 0 0 0 0 1
gaussian_charge:1.5 .5 -1
gaussian_current:1.5 .5 -2
gaussian_potential:.5 .5 -1
gaussian_magnetic_field:-.5 .5 -1
gaussian_resistance:-1 0 1`;

const NAMED: ReadonlyArray<readonly [string, Dimension]> = NAMED_TABLE.split("\n").flatMap((line) => {
  const [names, powers] = line.split(":") as [string, string];
  const dimension = Dimension.of(Object.fromEntries(powers.split(" ").map((p, i) => [BASE_DIMENSIONS[i], Number(p)])));
  return names.split(" ").map((name) => [name, dimension] as const);
});

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
