// A number with a unit. Every operation that can fail returns a
// QuantityResult: an fp-ts Either that also chains (`a.add(b).mul(c).to("J")`),
// so physics code needs no unwrap between steps. Nothing here throws except
// the `q()` literal helper and `getOrThrow()`, which say so.

import { type ConvertOptions, applyConverter, converter } from "./conversion.js";
import type { Dimension } from "./dimension.js";
import { type UnitsError, invalidArgument } from "./errors.js";
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
  to(target: Unit | string, options: ConvertOptions = {}): QuantityResult {
    const unit = toUnit(target);
    if (unit._tag === "Left") return failed(unit.left);
    const c = converter(this.unit, unit.right, options);
    if (c._tag === "Left") return failed(c.left);
    return ok(new Quantity(applyConverter(c.right, this.value), unit.right));
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
  toSystem(system: string | UnitSystem): QuantityResult {
    const sys = getSystem(system);
    if (sys._tag === "Left") return failed(sys.left);
    const target = sys.right.canonicalUnit(this.unit.dimension);
    if (target._tag === "Left") return failed(target.left);
    return this.to(target.right, { context: sys.right.context });
  }

  add(other: Operand): QuantityResult {
    return this.combine("add", other);
  }

  sub(other: Operand): QuantityResult {
    return this.combine("subtract", other);
  }

  private combine(operation: "add" | "subtract", operand: Operand): QuantityResult {
    const other = operandOf(operand);
    if (other._tag === "Left") return other;
    const plan = planAddition(operation, this.unit, other.right.unit);
    if (plan._tag === "Left") return failed(plan.left);
    const { unit, left: l, right: r } = plan.right;
    const a = l ? applyConverter(l, this.value) : this.value;
    const b = applyConverter(r, other.right.value);
    return ok(new Quantity(operation === "add" ? a + b : a - b, unit));
  }

  mul(operand: Operand | number): QuantityResult {
    if (typeof operand === "number") {
      const u = planScale("multiply", this.unit);
      return u._tag === "Left" ? failed(u.left) : ok(new Quantity(this.value * operand, this.unit));
    }
    const other = operandOf(operand);
    if (other._tag === "Left") return other;
    const unit = planProduct("multiply", this.unit, other.right.unit);
    return unit._tag === "Left" ? failed(unit.left) : ok(new Quantity(this.value * other.right.value, unit.right));
  }

  div(operand: Operand | number): QuantityResult {
    if (typeof operand === "number") {
      const u = planScale("divide", this.unit);
      return u._tag === "Left" ? failed(u.left) : ok(new Quantity(this.value / operand, this.unit));
    }
    const other = operandOf(operand);
    if (other._tag === "Left") return other;
    const unit = planProduct("divide", this.unit, other.right.unit);
    return unit._tag === "Left" ? failed(unit.left) : ok(new Quantity(this.value / other.right.value, unit.right));
  }

  /** Raises to an exact power: 2, -1, 0.5, "1/3". */
  pow(power: number | string | Rational): QuantityResult {
    const p = toExponent(power);
    if (p._tag === "Left") return failed(p.left);
    const allowed = planScale("raise to a power", this.unit);
    if (allowed._tag === "Left") return failed(allowed.left);
    const unit = this.unit.pow(p.right);
    return unit._tag === "Left" ? failed(unit.left) : ok(new Quantity(this.value ** (p.right.n / p.right.d), unit.right));
  }

  sqrt(): QuantityResult {
    return this.pow({ n: 1, d: 2 });
  }

  neg(): QuantityResult {
    return this.mul(-1);
  }

  abs(): QuantityResult {
    const allowed = planScale("take the absolute value", this.unit);
    return allowed._tag === "Left" ? failed(allowed.left) : ok(new Quantity(Math.abs(this.value), this.unit));
  }

  /** Negative, zero or positive as this is below, equal to or above `other` (NaN if either is NaN). */
  compare(operand: Operand): Either<UnitsError, number> {
    const other = operandOf(operand);
    if (other._tag === "Left") return other;
    const c = converter(other.right.unit, this.unit);
    if (c._tag === "Left") return c;
    const b = applyConverter(c.right, other.right.value);
    return right(this.value < b ? -1 : this.value > b ? 1 : this.value === b ? 0 : Number.NaN);
  }

  lt(other: Operand): Either<UnitsError, boolean> {
    return this.test(other, (c) => c < 0);
  }
  le(other: Operand): Either<UnitsError, boolean> {
    return this.test(other, (c) => c <= 0);
  }
  gt(other: Operand): Either<UnitsError, boolean> {
    return this.test(other, (c) => c > 0);
  }
  ge(other: Operand): Either<UnitsError, boolean> {
    return this.test(other, (c) => c >= 0);
  }
  eq(other: Operand): Either<UnitsError, boolean> {
    return this.test(other, (c) => c === 0);
  }

  private test(other: Operand, predicate: (c: number) => boolean): Either<UnitsError, boolean> {
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

/** A Quantity, or the result of an earlier operation (whose failure then travels on). */
export type Operand = Quantity | QuantityResult;

/** Quantity's operations, also offered by its results so that they chain. */
export interface QuantityOperations {
  to(target: Unit | string, options?: ConvertOptions): QuantityResult;
  toSystem(system: string | UnitSystem): QuantityResult;
  add(other: Operand): QuantityResult;
  sub(other: Operand): QuantityResult;
  mul(other: Operand | number): QuantityResult;
  div(other: Operand | number): QuantityResult;
  pow(power: number | string | Rational): QuantityResult;
  sqrt(): QuantityResult;
  neg(): QuantityResult;
  abs(): QuantityResult;
  valueIn(target: Unit | string, options?: ConvertOptions): Either<UnitsError, number>;
  compare(other: Operand): Either<UnitsError, number>;
  lt(other: Operand): Either<UnitsError, boolean>;
  le(other: Operand): Either<UnitsError, boolean>;
  gt(other: Operand): Either<UnitsError, boolean>;
  ge(other: Operand): Either<UnitsError, boolean>;
  eq(other: Operand): Either<UnitsError, boolean>;
  /** The quantity, or throws the tagged error (itself an Error): for code whose units are literals, like q(). */
  getOrThrow(): Quantity;
}

export interface QuantityOk extends QuantityOperations {
  readonly _tag: "Right";
  readonly right: Quantity;
}

export interface QuantityFailed extends QuantityOperations {
  readonly _tag: "Left";
  readonly left: UnitsError;
}

/**
 * What a fallible Quantity operation returns. It IS an fp-ts Either
 * (`{ _tag: "Left", left } | { _tag: "Right", right }`: E.isRight, pipe, E.map
 * and `.right` work) and it carries Quantity's operations, so
 * `a.add(b).mul(c).to("J")` needs no unwrap: the first Left is returned as it is.
 */
export type QuantityResult = QuantityOk | QuantityFailed;

const OPERATIONS = ["to", "toSystem", "add", "sub", "mul", "div", "pow", "sqrt", "neg", "abs", "valueIn", "compare", "lt", "le", "gt", "ge", "eq"] as const;

class Ok {
  readonly _tag = "Right";
  constructor(readonly right: Quantity) {}
  getOrThrow(): Quantity {
    return this.right;
  }
}

class Failed {
  readonly _tag = "Left";
  constructor(readonly left: UnitsError) {}
  getOrThrow(): never {
    throw this.left;
  }
}

// The operations are attached in one loop (non-enumerable, like class methods,
// so results still compare equal to plain `right(q)` / `left(e)` objects in
// tests) rather than written out twice: the units bundle has a size budget.
for (const name of OPERATIONS) {
  Object.defineProperty(Ok.prototype, name, {
    value(this: Ok, ...args: unknown[]) {
      return (this.right[name] as (...a: unknown[]) => unknown).apply(this.right, args);
    },
  });
  Object.defineProperty(Failed.prototype, name, {
    value(this: Failed) {
      return this;
    },
  });
}

const ok = (quantity: Quantity): QuantityResult => new Ok(quantity) as unknown as QuantityOk;
const failed = (error: UnitsError): QuantityFailed => new Failed(error) as unknown as QuantityFailed;

const operandOf = (operand: Operand): QuantityResult => (operand instanceof Quantity ? ok(operand) : operand);

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
 * Literal helper for code: `q(9.81, "m/s^2")`. Throws the UnitsError (an Error) on a
 * bad unit — use `quantity()` where the unit comes from input.
 */
export const q = (value: number, unit: Unit | string = Unit.dimensionless): Quantity => {
  const result = quantity(value, unit);
  if (result._tag === "Left") throw result.left;
  return result.right;
};
