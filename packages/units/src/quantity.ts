// A number with a unit. Every operation that can fail returns an Either;
// nothing here throws except the `q()` literal helper, which says so.

import { type ConvertOptions, applyConverter, converter } from "./conversion.js";
import type { Dimension } from "./dimension.js";
import { type UnitsError, UnitsException, invalidArgument } from "./errors.js";
import { type UnitFormat, formatUnit } from "./format.js";
import { planAddition, planProduct, planScale } from "./internal/arithmetic.js";
import { type Either, left, right } from "./internal/either.js";
import { toExponent } from "./internal/exponent.js";
import type { Rational } from "./internal/rational.js";
import { parseUnit, relocateError, splitQuantity, toUnit } from "./parse.js";
import { type UnitSystem, getSystem } from "./system.js";
import { Unit } from "./unit.js";

export interface FormatOptions {
  /** significant digits; default: shortest round-trip representation */
  readonly precision?: number;
}

export class Quantity {
  constructor(
    readonly value: number,
    readonly unit: Unit,
  ) {}

  get dimension(): Dimension {
    return this.unit.dimension;
  }

  /** Converts to another unit of the same dimension, or across dimensions with a context. */
  to(target: Unit | string, options: ConvertOptions = {}): Either<UnitsError, Quantity> {
    const unit = toUnit(target);
    if (unit._tag === "Left") return unit;
    const c = converter(this.unit, unit.right, options);
    if (c._tag === "Left") return c;
    return right(new Quantity(applyConverter(c.right, this.value), unit.right));
  }

  /** The value in `target`, as a plain number. */
  valueIn(target: Unit | string, options: ConvertOptions = {}): Either<UnitsError, number> {
    const converted = this.to(target, options);
    return converted._tag === "Left" ? converted : right(converted.right.value);
  }

  /**
   * Converts to the canonical unit of a system (`si`, `cgs`, `natural`, `atomic`,
   * `planck`). A system whose dimensions differ from SI uses its own context
   * (cgs: gaussian, natural: natural) — choosing the system is choosing it.
   */
  toSystem(system: string | UnitSystem): Either<UnitsError, Quantity> {
    const sys = getSystem(system);
    if (sys._tag === "Left") return sys;
    const target = sys.right.canonicalUnit(this.unit.dimension);
    if (target._tag === "Left") return target;
    return this.to(target.right, { context: sys.right.context });
  }

  add(other: Quantity): Either<UnitsError, Quantity> {
    return this.combine("add", other);
  }

  sub(other: Quantity): Either<UnitsError, Quantity> {
    return this.combine("subtract", other);
  }

  private combine(operation: "add" | "subtract", other: Quantity): Either<UnitsError, Quantity> {
    const plan = planAddition(operation, this.unit, other.unit);
    if (plan._tag === "Left") return plan;
    const { unit, left: l, right: r } = plan.right;
    const a = l ? applyConverter(l, this.value) : this.value;
    const b = applyConverter(r, other.value);
    return right(new Quantity(operation === "add" ? a + b : a - b, unit));
  }

  mul(other: Quantity | number): Either<UnitsError, Quantity> {
    if (typeof other === "number") {
      const u = planScale("multiply", this.unit);
      return u._tag === "Left" ? u : right(new Quantity(this.value * other, this.unit));
    }
    const unit = planProduct("multiply", this.unit, other.unit);
    return unit._tag === "Left" ? unit : right(new Quantity(this.value * other.value, unit.right));
  }

  div(other: Quantity | number): Either<UnitsError, Quantity> {
    if (typeof other === "number") {
      const u = planScale("divide", this.unit);
      return u._tag === "Left" ? u : right(new Quantity(this.value / other, this.unit));
    }
    const unit = planProduct("divide", this.unit, other.unit);
    return unit._tag === "Left" ? unit : right(new Quantity(this.value / other.value, unit.right));
  }

  /** Raises to an exact power: 2, -1, 0.5, "1/3". */
  pow(power: number | string | Rational): Either<UnitsError, Quantity> {
    const p = toExponent(power);
    if (p._tag === "Left") return p;
    const ok = planScale("raise to a power", this.unit);
    if (ok._tag === "Left") return ok;
    const unit = this.unit.pow(p.right);
    return unit._tag === "Left" ? unit : right(new Quantity(this.value ** (p.right.n / p.right.d), unit.right));
  }

  sqrt(): Either<UnitsError, Quantity> {
    return this.pow({ n: 1, d: 2 });
  }

  neg(): Either<UnitsError, Quantity> {
    return this.mul(-1);
  }

  abs(): Either<UnitsError, Quantity> {
    const ok = planScale("take the absolute value", this.unit);
    return ok._tag === "Left" ? ok : right(new Quantity(Math.abs(this.value), this.unit));
  }

  /** Negative, zero or positive as this is below, equal to or above `other` (NaN if either is NaN). */
  compare(other: Quantity): Either<UnitsError, number> {
    const c = converter(other.unit, this.unit);
    if (c._tag === "Left") return c;
    const b = applyConverter(c.right, other.value);
    return right(this.value < b ? -1 : this.value > b ? 1 : this.value === b ? 0 : Number.NaN);
  }

  lt(other: Quantity): Either<UnitsError, boolean> {
    return this.test(other, (c) => c < 0);
  }
  le(other: Quantity): Either<UnitsError, boolean> {
    return this.test(other, (c) => c <= 0);
  }
  gt(other: Quantity): Either<UnitsError, boolean> {
    return this.test(other, (c) => c > 0);
  }
  ge(other: Quantity): Either<UnitsError, boolean> {
    return this.test(other, (c) => c >= 0);
  }
  eq(other: Quantity): Either<UnitsError, boolean> {
    return this.test(other, (c) => c === 0);
  }

  private test(other: Quantity, predicate: (c: number) => boolean): Either<UnitsError, boolean> {
    const c = this.compare(other);
    return c._tag === "Left" ? c : right(predicate(c.right));
  }

  /** `9.81 m/s^2` (ASCII), `9.81 m/s²` (unicode), `9.81\,\si{…}` (siunitx)… */
  format(style: UnitFormat = "ascii", options: FormatOptions = {}): string {
    const value = options.precision ? this.value.toPrecision(options.precision) : String(this.value);
    const unit = formatUnit(this.unit, style);
    if (style === "siunitx") return `\\qty{${value}}{${unit.slice(4, -1)}}`;
    if (this.unit.terms.length === 0 && this.unit.multiplier.value === 1) return value;
    return style === "latex" ? `${value}\\,${unit}` : `${value} ${unit}`;
  }

  toString(): string {
    return this.format("ascii");
  }

  toJSON(): { value: number; unit: string } {
    return { value: this.value, unit: formatUnit(this.unit) };
  }
}

/** A quantity from a number and a unit (a Unit or any unit expression). */
export const quantity = (value: number, unit: Unit | string = Unit.dimensionless): Either<UnitsError, Quantity> => {
  if (typeof value !== "number") return left(invalidArgument("quantity value", `expected a number, got ${typeof value}`));
  const u = toUnit(unit);
  return u._tag === "Left" ? u : right(new Quantity(value, u.right));
};

/** Parses `"9.81 m/s^2"`, `"-40 degC"`, `"1e3 eV"`, `"NaN J"`. Never throws. */
export const parseQuantity = (text: string): Either<UnitsError, Quantity> => {
  const parts = splitQuantity(text);
  if (parts._tag === "Left") return parts;
  const { value, unitText, unitOffset } = parts.right;
  const u = parseUnit(unitText);
  if (u._tag === "Left") return left(relocateError(u.left, text, unitOffset));
  return right(new Quantity(value * u.right.multiplier.value, u.right.multiplier.value === 1 ? u.right : stripMultiplier(u.right)));
};

const stripMultiplier = (unit: Unit): Unit => {
  const plain = Unit.compose(unit.terms);
  return plain._tag === "Right" ? plain.right : unit;
};

/**
 * Literal helper for code: `q(9.81, "m/s^2")`. Throws a UnitsException on a
 * bad unit — use `quantity()` where the unit comes from input.
 */
export const q = (value: number, unit: Unit | string = Unit.dimensionless): Quantity => {
  const result = quantity(value, unit);
  if (result._tag === "Left") throw new UnitsException(result.left);
  return result.right;
};
