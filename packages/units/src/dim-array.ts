// An n-dimensional array of float64 values with one unit. Conversions compile
// to (scale, offset) once and run as a single tight loop over the Float64Array.

import { type ConvertOptions, type Converter, applyConverter, convertArrayInto, converter } from "./conversion.js";
import type { Dimension } from "./dimension.js";
import { type UnitsError, invalidArgument, shapeMismatch } from "./errors.js";
import { type AdditionPlan, deltaUnit, planAddition, planProduct, planScale } from "./internal/arithmetic.js";
import { type Either, left, right } from "./internal/either.js";
import { toExponent } from "./internal/exponent.js";
import type { Rational } from "./internal/rational.js";
import { toUnit } from "./parse.js";
import { Quantity } from "./quantity.js";
import { type UnitSystem, getSystem } from "./system.js";
import { Unit } from "./unit.js";

export type NestedNumbers = number | readonly NestedNumbers[];

const sizeOf = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/** Flattens a rectangular nested array, or reports where it is ragged or not numeric. */
const flatten = (values: NestedNumbers): Either<UnitsError, { data: Float64Array; shape: number[] }> => {
  const shape: number[] = [];
  let probe: NestedNumbers = values;
  while (Array.isArray(probe)) {
    shape.push(probe.length);
    probe = (probe as readonly NestedNumbers[])[0] as NestedNumbers;
    if (probe === undefined) break;
  }
  const data = new Float64Array(sizeOf(shape));
  let k = 0;
  const walk = (node: NestedNumbers, depth: number, path: string): UnitsError | undefined => {
    if (depth === shape.length) {
      if (typeof node !== "number") return invalidArgument(`array element ${path || "[]"}`, `expected a number, got ${JSON.stringify(node)}`);
      data[k++] = node;
      return undefined;
    }
    if (!Array.isArray(node) || node.length !== shape[depth]) {
      return invalidArgument(`array at ${path || "[]"}`, `ragged nesting: expected ${shape[depth]} elements`);
    }
    for (let i = 0; i < node.length; i++) {
      const e = walk(node[i] as NestedNumbers, depth + 1, `${path}[${i}]`);
      if (e) return e;
    }
    return undefined;
  };
  const problem = walk(values, 0, "");
  return problem ? left(problem) : right({ data, shape });
};

export class DimArray {
  private constructor(
    readonly data: Float64Array,
    readonly shape: readonly number[],
    readonly unit: Unit,
  ) {}

  /**
   * Wraps numbers with a unit. A Float64Array is used as is (not copied) unless
   * `copy` is set; nested arrays give the shape; `shape` reshapes flat data.
   */
  static of(
    values: Float64Array | readonly number[] | NestedNumbers,
    unit: Unit | string = Unit.dimensionless,
    options: { shape?: readonly number[]; copy?: boolean } = {},
  ): Either<UnitsError, DimArray> {
    const u = toUnit(unit);
    if (u._tag === "Left") return u;
    let data: Float64Array;
    let shape: readonly number[];
    if (values instanceof Float64Array) {
      data = options.copy ? values.slice() : values;
      shape = [values.length];
    } else {
      const flat = flatten(values as NestedNumbers);
      if (flat._tag === "Left") return flat;
      ({ data, shape } = flat.right);
    }
    if (options.shape) {
      if (!options.shape.every((n) => Number.isInteger(n) && n >= 0) || sizeOf(options.shape) !== data.length) {
        return left(invalidArgument("shape", `[${options.shape.join(", ")}] does not hold ${data.length} elements`));
      }
      shape = [...options.shape];
    }
    return right(new DimArray(data, shape, u.right));
  }

  get size(): number {
    return this.data.length;
  }

  get ndim(): number {
    return this.shape.length;
  }

  get dimension(): Dimension {
    return this.unit.dimension;
  }

  /** Element `i` of the flattened array, as a Quantity. */
  at(index: number): Quantity | undefined {
    const i = index < 0 ? this.size + index : index;
    return i >= 0 && i < this.size ? new Quantity(this.data[i] as number, this.unit) : undefined;
  }

  reshape(shape: readonly number[]): Either<UnitsError, DimArray> {
    return DimArray.of(this.data, this.unit, { shape });
  }

  /**
   * Converts into a new array (the source is left untouched), or into `out`
   * when given — a preallocated Float64Array of the same size, or `data`
   * itself to convert in place — which saves the allocation (numpy's `out=`).
   */
  to(target: Unit | string, options: ConvertOptions & { out?: Float64Array } = {}): Either<UnitsError, DimArray> {
    const unit = toUnit(target);
    if (unit._tag === "Left") return unit;
    const c = converter(this.unit, unit.right, options);
    if (c._tag === "Left") return c;
    if (options.out !== undefined && (!(options.out instanceof Float64Array) || options.out.length !== this.size)) {
      return left(invalidArgument("out", `expected a Float64Array of ${this.size} elements`));
    }
    const out = options.out ?? new Float64Array(this.size);
    convertArrayInto(c.right, this.data, out);
    return right(new DimArray(out, this.shape, unit.right));
  }

  toSystem(system: string | UnitSystem): Either<UnitsError, DimArray> {
    const sys = getSystem(system);
    if (sys._tag === "Left") return sys;
    const target = sys.right.canonicalUnit(this.unit.dimension);
    if (target._tag === "Left") return target;
    return this.to(target.right, { context: sys.right.context });
  }

  add(other: DimArray | Quantity): Either<UnitsError, DimArray> {
    return this.combine("add", other);
  }

  sub(other: DimArray | Quantity): Either<UnitsError, DimArray> {
    return this.combine("subtract", other);
  }

  private combine(operation: "add" | "subtract", other: DimArray | Quantity): Either<UnitsError, DimArray> {
    const plan = planAddition(operation, this.unit, other.unit);
    if (plan._tag === "Left") return plan;
    const sign = operation === "add" ? 1 : -1;
    return this.elementwise(operation, other, plan.right.unit, (a, b, out, n, bStride) =>
      addLoop(plan.right, sign, a, b, out, n, bStride),
    );
  }

  mul(other: DimArray | Quantity | number): Either<UnitsError, DimArray> {
    return this.product("multiply", other);
  }

  div(other: DimArray | Quantity | number): Either<UnitsError, DimArray> {
    return this.product("divide", other);
  }

  private product(operation: "multiply" | "divide", other: DimArray | Quantity | number): Either<UnitsError, DimArray> {
    const otherUnit = typeof other === "number" ? Unit.dimensionless : other.unit;
    const unit = typeof other === "number" ? planScale(operation, this.unit) : planProduct(operation, this.unit, otherUnit);
    if (unit._tag === "Left") return unit;
    const operand = typeof other === "number" ? new Quantity(other, Unit.dimensionless) : other;
    const divide = operation === "divide";
    return this.elementwise(operation, operand, unit.right, (a, b, out, n, bStride) => {
      for (let i = 0, j = 0; i < n; i++, j += bStride) {
        out[i] = divide ? (a[i] as number) / (b[j] as number) : (a[i] as number) * (b[j] as number);
      }
    });
  }

  private elementwise(
    operation: string,
    other: DimArray | Quantity,
    unit: Unit,
    loop: (a: Float64Array, b: Float64Array, out: Float64Array, n: number, bStride: number) => void,
  ): Either<UnitsError, DimArray> {
    const b = other instanceof DimArray ? other.data : Float64Array.of(other.value);
    const scalar = b.length === 1;
    if (!scalar && other instanceof DimArray && !sameShape(this.shape, other.shape)) {
      return left(shapeMismatch(operation, this.shape, other.shape));
    }
    const out = new Float64Array(this.size);
    loop(this.data, b, out, this.size, scalar ? 0 : 1);
    return right(new DimArray(out, this.shape, unit));
  }

  pow(power: number | string | Rational): Either<UnitsError, DimArray> {
    const p = toExponent(power);
    if (p._tag === "Left") return p;
    const ok = planScale("raise to a power", this.unit);
    if (ok._tag === "Left") return ok;
    const unit = this.unit.pow(p.right);
    if (unit._tag === "Left") return unit;
    const e = p.right.n / p.right.d;
    const out = new Float64Array(this.size);
    const a = this.data;
    if (e === 2) for (let i = 0; i < a.length; i++) out[i] = (a[i] as number) * (a[i] as number);
    else if (e === 0.5) for (let i = 0; i < a.length; i++) out[i] = Math.sqrt(a[i] as number);
    else for (let i = 0; i < a.length; i++) out[i] = (a[i] as number) ** e;
    return right(new DimArray(out, this.shape, unit.right));
  }

  sqrt(): Either<UnitsError, DimArray> {
    return this.pow({ n: 1, d: 2 });
  }

  neg(): Either<UnitsError, DimArray> {
    return this.mul(-1);
  }

  abs(): Either<UnitsError, DimArray> {
    const ok = planScale("take the absolute value", this.unit);
    if (ok._tag === "Left") return ok;
    return right(new DimArray(this.data.map(Math.abs), this.shape, this.unit));
  }

  /** Sum of all elements (an error for absolute temperatures, whose sum means nothing). */
  sum(): Either<UnitsError, Quantity> {
    const ok = planScale("sum", this.unit);
    if (ok._tag === "Left") return ok;
    return right(new Quantity(kahanSum(this.data), this.unit));
  }

  /** Arithmetic mean (NaN for an empty array). */
  mean(): Quantity {
    return new Quantity(this.size === 0 ? Number.NaN : kahanSum(this.data) / this.size, this.unit);
  }

  /**
   * Standard deviation, population by default (ddof = 0, as numpy and
   * dimtensor). For absolute temperatures the result is a difference unit.
   */
  std(options: { ddof?: number } = {}): Quantity {
    const n = this.size;
    const ddof = options.ddof ?? 0;
    const unit = deltaUnit(this.unit);
    if (n - ddof <= 0) return new Quantity(Number.NaN, unit);
    const mean = kahanSum(this.data) / n;
    let acc = 0;
    for (let i = 0; i < n; i++) {
      const d = (this.data[i] as number) - mean;
      acc += d * d;
    }
    return new Quantity(Math.sqrt(acc / (n - ddof)), unit);
  }

  /** Smallest element (NaN if any element is NaN or the array is empty). */
  min(): Quantity {
    return new Quantity(extreme(this.data, (a, b) => a < b), this.unit);
  }

  max(): Quantity {
    return new Quantity(extreme(this.data, (a, b) => a > b), this.unit);
  }

  lt(other: DimArray | Quantity): Either<UnitsError, Uint8Array> {
    return this.compareEach(other, (a, b) => a < b);
  }
  le(other: DimArray | Quantity): Either<UnitsError, Uint8Array> {
    return this.compareEach(other, (a, b) => a <= b);
  }
  gt(other: DimArray | Quantity): Either<UnitsError, Uint8Array> {
    return this.compareEach(other, (a, b) => a > b);
  }
  ge(other: DimArray | Quantity): Either<UnitsError, Uint8Array> {
    return this.compareEach(other, (a, b) => a >= b);
  }
  eq(other: DimArray | Quantity): Either<UnitsError, Uint8Array> {
    return this.compareEach(other, (a, b) => a === b);
  }

  private compareEach(other: DimArray | Quantity, test: (a: number, b: number) => boolean): Either<UnitsError, Uint8Array> {
    const c = converter(other.unit, this.unit);
    if (c._tag === "Left") return c;
    const b = other instanceof DimArray ? other.data : Float64Array.of(other.value);
    if (b.length !== 1 && other instanceof DimArray && !sameShape(this.shape, other.shape)) {
      return left(shapeMismatch("compare", this.shape, other.shape));
    }
    const converted = new Float64Array(b.length);
    convertArrayInto(c.right, b, converted);
    const out = new Uint8Array(this.size);
    const stride = b.length === 1 ? 0 : 1;
    for (let i = 0, j = 0; i < this.size; i++, j += stride) out[i] = test(this.data[i] as number, converted[j] as number) ? 1 : 0;
    return right(out);
  }

  /** Values as nested JS arrays following the shape. */
  toNestedArray(): NestedNumbers {
    const build = (offset: number, depth: number): NestedNumbers => {
      if (depth === this.shape.length) return this.data[offset] as number;
      const n = this.shape[depth] as number;
      const stride = sizeOf(this.shape.slice(depth + 1));
      return Array.from({ length: n }, (_, i) => build(offset + i * stride, depth + 1));
    };
    return this.shape.length === 0 ? (this.data[0] as number) : build(0, 0);
  }

  toJSON(): { data: NestedNumbers; shape: readonly number[]; unit: string } {
    return { data: this.toNestedArray(), shape: this.shape, unit: new Quantity(1, this.unit).toJSON().unit };
  }
}

const sameShape = (a: readonly number[], b: readonly number[]): boolean =>
  a.length === b.length && a.every((n, i) => n === b[i]);

const addLoop = (
  plan: AdditionPlan,
  sign: number,
  a: Float64Array,
  b: Float64Array,
  out: Float64Array,
  n: number,
  bStride: number,
): void => {
  const l: Converter | undefined = plan.left;
  const r = plan.right;
  for (let i = 0, j = 0; i < n; i++, j += bStride) {
    const x = l ? applyConverter(l, a[i] as number) : (a[i] as number);
    out[i] = x + sign * applyConverter(r, b[j] as number);
  }
};

/** Compensated summation: logging means of 10⁶ steps should not drift. */
const kahanSum = (data: Float64Array): number => {
  let naive = 0;
  for (let i = 0; i < data.length; i++) naive += data[i] as number;
  // Infinities and NaN make the compensation term NaN; the plain sum is right then.
  if (!Number.isFinite(naive)) return naive;
  let sum = 0;
  let c = 0;
  for (let i = 0; i < data.length; i++) {
    const y = (data[i] as number) - c;
    const t = sum + y;
    c = t - sum - y;
    sum = t;
  }
  return sum;
};

const extreme = (data: Float64Array, better: (a: number, b: number) => boolean): number => {
  if (data.length === 0) return Number.NaN;
  let best = data[0] as number;
  for (let i = 0; i < data.length; i++) {
    const v = data[i] as number;
    if (Number.isNaN(v)) return Number.NaN;
    if (better(v, best)) best = v;
  }
  return best;
};
