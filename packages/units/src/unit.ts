// A unit: a product of (prefix, atom)^exponent terms times a numeric multiplier,
// with its dimension and its scale to SI precomputed. Absolute temperatures
// (affine: SI = x·scale + offset) and logarithmic units (dBm, Np) may only stand
// alone: inside a product their meaning is ambiguous, which is pint's rule too.

import * as E from "./internal/either.js";
import { Dimension } from "./dimension.js";
import { type UnitsError, invalidArgument, logarithmicUnitError, offsetUnitError, outOfRange } from "./errors.js";
import { formatUnit } from "./format.js";
import {
  type Magnitude,
  ONE_MAGNITUDE,
  isOneM,
  mulM,
  powM,
} from "./internal/magnitude.js";
import { ONE, type Rational, addR, eqR, isZeroR, mulR, negR } from "./internal/rational.js";

export interface Prefix {
  readonly name: string;
  readonly symbol: string;
  /** ASCII spelling (micro → u) */
  readonly ascii: string;
  readonly scale: Magnitude;
  readonly latex: string;
}

export interface LogarithmicScale {
  /** logarithm base: 10 for decibels, e for nepers */
  readonly base: number;
  /** value = factor · log_base(quantity / reference) */
  readonly factor: number;
  /** SI value of the reference (1 mW for dBm, 1 for dB) */
  readonly reference: Magnitude;
}

/** A named unit of the registry (meter, erg, statC, degC…), before prefixes. */
export interface UnitAtom {
  /** canonical symbol, e.g. "Ω" */
  readonly symbol: string;
  /** every symbol spelling, canonical first */
  readonly symbols: readonly string[];
  /** ASCII spelling used by the canonical ASCII format */
  readonly ascii: string;
  /** canonical long name, e.g. "ohm" */
  readonly name: string;
  readonly names: readonly string[];
  readonly group: string;
  readonly dimension: Dimension;
  /** SI value of one of this unit (for affine units: of one degree step) */
  readonly scale: Magnitude;
  /** affine units: SI value of the unit's zero */
  readonly offset: Magnitude | undefined;
  readonly logarithmic: LogarithmicScale | undefined;
  readonly prefixes: "none" | "si" | "binary";
  /** siunitx macro name, without the backslash */
  readonly latex: string | undefined;
  readonly definition: string;
}

export interface UnitTerm {
  readonly atom: UnitAtom;
  readonly prefix: Prefix | undefined;
  readonly exponent: Rational;
}

let nextUnitId = 1;

const atomUnits = new WeakMap<UnitAtom, Map<Prefix | undefined, E.Either<UnitsError, Unit>>>();

export class Unit {
  /** a process-unique id, used to cache compiled conversions */
  readonly id: number = nextUnitId++;

  private constructor(
    readonly terms: readonly UnitTerm[],
    /** a pure number in front, as in `1e3 m` or `1/12 yr` */
    readonly multiplier: Magnitude,
    readonly dimension: Dimension,
    /** SI value of 1 of this unit */
    readonly scale: Magnitude,
    /** affine units only: SI value of this unit's zero */
    readonly offset: Magnitude | undefined,
    readonly logarithmic: LogarithmicScale | undefined,
  ) {}

  static readonly dimensionless: Unit = new Unit([], ONE_MAGNITUDE, Dimension.dimensionless, ONE_MAGNITUDE, undefined, undefined);

  /** Builds a unit from terms, rejecting affine or logarithmic atoms inside products. */
  static compose(terms: readonly UnitTerm[], multiplier: Magnitude = ONE_MAGNITUDE): E.Either<UnitsError, Unit> {
    try {
      return Unit.composeUnchecked(terms, multiplier);
    } catch (error) {
      // Exponents are exact small rationals; one that overflows 2^53 cannot be.
      if (error instanceof RangeError) return E.left(exponentTooLarge());
      throw error;
    }
  }

  private static composeUnchecked(terms: readonly UnitTerm[], multiplier: Magnitude): E.Either<UnitsError, Unit> {
    const merged = mergeTerms(terms);
    let dimension = Dimension.dimensionless;
    let scale = multiplier;
    for (const term of merged) {
      dimension = dimension.mul(term.atom.dimension.pow(term.exponent));
      const termScale = term.prefix ? mulM(term.prefix.scale, term.atom.scale) : term.atom.scale;
      scale = mulM(scale, powM(termScale, term.exponent));
    }
    const special = merged.find((t) => t.atom.offset || t.atom.logarithmic);
    if (special) {
      const alone = merged.length === 1 && eqR(special.exponent, ONE) && isOneM(multiplier) && !special.prefix;
      if (special.atom.logarithmic) {
        if (!alone) return E.left(logarithmicUnitError("combine other units", special.atom.symbol));
      } else if (!alone) {
        const delta = `delta_${special.atom.ascii}`;
        return E.left(
          offsetUnitError(
            "combine other units",
            special.atom.symbol,
            `Inside a compound unit use the temperature difference ${delta} (e.g. "${delta}/s" or "W/(m*${delta})").`,
          ),
        );
      }
    }
    const unit = new Unit(merged, multiplier, dimension, scale, special?.atom.offset, special?.atom.logarithmic);
    // km^99999999 is 10^299999997 m^99999999: no double holds that (nor its underflowing inverse).
    return inRange(scale) ? E.right(unit) : E.left(outOfRange(`unit ${formatUnit(unit)}`));
  }

  static fromAtom(atom: UnitAtom, prefix?: Prefix): E.Either<UnitsError, Unit> {
    // Atoms are few and parsed often: build each (atom, prefix) unit once.
    let perPrefix = atomUnits.get(atom);
    if (!perPrefix) {
      perPrefix = new Map();
      atomUnits.set(atom, perPrefix);
    }
    let unit = perPrefix.get(prefix);
    if (!unit) {
      unit = Unit.compose([{ atom, prefix, exponent: ONE }]);
      perPrefix.set(prefix, unit);
    }
    return unit;
  }

  get kind(): "linear" | "affine" | "logarithmic" {
    return this.offset ? "affine" : this.logarithmic ? "logarithmic" : "linear";
  }

  get isDimensionless(): boolean {
    return this.dimension.isDimensionless;
  }

  mul(other: Unit): E.Either<UnitsError, Unit> {
    return Unit.compose([...this.terms, ...other.terms], mulM(this.multiplier, other.multiplier));
  }

  div(other: Unit): E.Either<UnitsError, Unit> {
    return E.chain((inverse: Unit) => this.mul(inverse))(other.pow(negR(ONE)));
  }

  pow(power: Rational): E.Either<UnitsError, Unit> {
    if (isZeroR(power)) return E.right(Unit.dimensionless);
    if (!exactExponent(power)) return E.left(exponentTooLarge());
    let terms: UnitTerm[];
    try {
      terms = this.terms.map((t) => ({ ...t, exponent: mulR(t.exponent, power) }));
    } catch (error) {
      if (error instanceof RangeError) return E.left(exponentTooLarge());
      throw error;
    }
    if (!terms.every((t) => exactExponent(t.exponent))) return E.left(exponentTooLarge());
    return Unit.compose(terms, powM(this.multiplier, power));
  }

  /** The same unit without its offset: degC → a 1 K step. Used for differences. */
  withoutOffset(): Unit {
    return this.offset ? new Unit(this.terms, this.multiplier, this.dimension, this.scale, undefined, undefined) : this;
  }

  /** Same dimension, scale, offset and kind (km and 1000 m are equal). */
  equals(other: Unit): boolean {
    if (this === other) return true;
    return (
      this.dimension.equals(other.dimension) &&
      closeTo(this.scale.value, other.scale.value) &&
      closeTo(this.offset?.value ?? 0, other.offset?.value ?? 0) &&
      this.kind === other.kind
    );
  }

  /** Same terms as written (km vs 1000 m differ here). */
  sameSpelling(other: Unit): boolean {
    return (
      this.terms.length === other.terms.length &&
      this.terms.every((t, i) => {
        const o = other.terms[i];
        return o !== undefined && o.atom === t.atom && o.prefix === t.prefix && eqR(o.exponent, t.exponent);
      }) &&
      this.multiplier.value === other.multiplier.value
    );
  }
}

const EXPONENT_LIMIT = 2 ** 31;

/** Exponent numerators and denominators stay far inside 2^53, where integer arithmetic is exact. */
const exactExponent = (r: Rational): boolean => Math.abs(r.n) <= EXPONENT_LIMIT && r.d <= EXPONENT_LIMIT;

const exponentTooLarge = (): UnitsError =>
  invalidArgument("exponent", "exponents are exact fractions within ±2^31");

/** Finite, and zero only when exactly zero (not an underflow). */
export const inRange = (m: Magnitude): boolean => Number.isFinite(m.value) && (m.value !== 0 || m.exact?.[0] === 0n);

const closeTo = (a: number, b: number): boolean => a === b || Math.abs(a - b) <= 1e-12 * Math.max(Math.abs(a), Math.abs(b));

/** Combines repeated (prefix, atom) pairs and drops zero exponents, keeping first-seen order. */
const mergeTerms = (terms: readonly UnitTerm[]): UnitTerm[] => {
  const out: UnitTerm[] = [];
  for (const term of terms) {
    const index = out.findIndex((t) => t.atom === term.atom && t.prefix === term.prefix);
    if (index < 0) out.push(term);
    else {
      const existing = out[index] as UnitTerm;
      out[index] = { ...existing, exponent: addR(existing.exponent, term.exponent) };
    }
  }
  return out.filter((t) => !isZeroR(t.exponent));
};
