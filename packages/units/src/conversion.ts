// Conversions are compiled once per (from, to, context) into the cheapest form
// that is exact for them — y = a·x + b (every linear and affine case), y = k/x
// (spectral reciprocals) or a general function (logarithmic units) — and cached
// on the units, so converting a value or a 10⁷-element array costs one lookup.

import { type Bridge, type Context, contextsRelating, getContext } from "./context.js";
import { type UnitsError, dimensionMismatch, invalidArgument, offsetUnitError, outOfRange } from "./errors.js";
import { type Either, left, right } from "./internal/either.js";
import { type Magnitude, ONE_MAGNITUDE, ZERO_MAGNITUDE, divM, mulM, subM } from "./internal/magnitude.js";
import { formatUnit } from "./format.js";
import { toUnit } from "./parse.js";
import type { Unit } from "./unit.js";

export type Converter =
  | { readonly kind: "linear"; readonly scale: number; readonly offset: number }
  | { readonly kind: "reciprocal"; readonly factor: number }
  | { readonly kind: "function"; readonly apply: (x: number) => number };

export type ContextOption = string | Context | ReadonlyArray<string | Context>;

export interface ConvertOptions {
  /** a named context (or several) allowing conversion across dimensions */
  readonly context?: ContextOption | undefined;
}

const resolveContexts = (option: ContextOption | undefined): Either<UnitsError, Context[]> => {
  if (option === undefined) return right([]);
  const list = Array.isArray(option) ? option : [option];
  const out: Context[] = [];
  for (const item of list as Array<string | Context>) {
    if (typeof item === "string") {
      const found = getContext(item);
      if (found._tag === "Left") return found;
      out.push(found.right);
    } else if (item && typeof item.bridge === "function") out.push(item);
    else return left(invalidArgument("context", "expected a context name or a Context object"));
  }
  return right(out);
};

const contextKey = (option: ContextOption | undefined): string =>
  option === undefined
    ? ""
    : (Array.isArray(option) ? option : [option]).map((c: string | Context) => (typeof c === "string" ? c : c.name)).join("+");

const toSI = (unit: Unit): ((x: number) => number) => {
  if (unit.logarithmic) {
    const { base, factor, reference } = unit.logarithmic;
    return (x) => reference.value * base ** (x / factor);
  }
  const s = unit.scale.value;
  const o = unit.offset?.value ?? 0;
  return (x) => x * s + o;
};

const fromSI = (unit: Unit): ((si: number) => number) => {
  if (unit.logarithmic) {
    const { base, factor, reference } = unit.logarithmic;
    if (base === 10) return (si) => factor * Math.log10(si / reference.value);
    const lnBase = Math.log(base);
    return (si) => (factor * Math.log(si / reference.value)) / lnBase;
  }
  const s = unit.scale.value;
  const o = unit.offset?.value ?? 0;
  return (si) => (si - o) / s;
};

const compile = (from: Unit, to: Unit, bridge: Bridge | undefined): Converter => {
  if (!from.logarithmic && !to.logarithmic) {
    const oA = from.offset ?? ZERO_MAGNITUDE;
    const oB = to.offset ?? ZERO_MAGNITUDE;
    if (!bridge || bridge.kind === "multiply") {
      // y = x·(sA·f/sB) + (oA·f − oB)/sB, computed on exact fractions where possible.
      const f: Magnitude = bridge?.factor ?? ONE_MAGNITUDE;
      const scale = divM(mulM(from.scale, f), to.scale);
      const offset = divM(subM(mulM(oA, f), oB), to.scale);
      return { kind: "linear", scale: scale.value, offset: offset.value };
    }
    if (!from.offset && !to.offset) {
      return { kind: "reciprocal", factor: divM(bridge.factor, mulM(from.scale, to.scale)).value };
    }
  }
  const into = toSI(from);
  const out = fromSI(to);
  const f = bridge?.factor.value ?? 1;
  const across = !bridge || bridge.kind === "multiply" ? (si: number) => si * f : (si: number) => f / si;
  return { kind: "function", apply: (x) => out(across(into(x))) };
};

const cache = new WeakMap<Unit, Map<string, Either<UnitsError, Converter>>>();

/**
 * The compiled conversion from one unit to another. Fails with a
 * DimensionMismatch (naming the contexts that would help) when the dimensions
 * differ and no given context relates them.
 */
export const converter = (from: Unit, to: Unit, options: ConvertOptions = {}): Either<UnitsError, Converter> => {
  let perUnit = cache.get(from);
  if (!perUnit) {
    perUnit = new Map();
    cache.set(from, perUnit);
  }
  const key = `${to.id}|${contextKey(options.context)}`;
  const hit = perUnit.get(key);
  if (hit) return hit;
  const result = buildConverter(from, to, options);
  perUnit.set(key, result);
  return result;
};

const isDifference = (unit: Unit): boolean => unit.terms.some((t) => t.atom.ascii.startsWith("delta_"));

/** A factor beyond a double (km^200 → mm^200 is 1e1200) would turn every value into ±Infinity or 0. */
const checked = (from: Unit, to: Unit, c: Converter): Either<UnitsError, Converter> => {
  const k = c.kind === "linear" ? c.scale : c.kind === "reciprocal" ? c.factor : 1;
  return Number.isFinite(k) && k ? right(c) : left(outOfRange(`conversion from ${formatUnit(from)} to ${formatUnit(to)}`));
};

const buildConverter = (from: Unit, to: Unit, options: ConvertOptions): Either<UnitsError, Converter> => {
  // Contexts are checked even when unused, so a misspelt name never passes silently.
  const contexts = resolveContexts(options.context);
  if (contexts._tag === "Left") return contexts;
  const [difference, absolute] = isDifference(from) ? [from, to] : [to, from];
  if (absolute.offset && isDifference(difference)) {
    // pint's rule: 5 delta_degC is no temperature, and 20 degC is no difference.
    return left(
      offsetUnitError(
        "convert",
        formatUnit(absolute),
        `${formatUnit(difference)} is a temperature difference and ${formatUnit(absolute)} a temperature: convert both to K first, or add a difference such as 10 delta_degC to a temperature.`,
      ),
    );
  }
  if (from.dimension.equals(to.dimension)) return checked(from, to, compile(from, to, undefined));
  for (const context of contexts.right) {
    const bridge = context.bridge(from.dimension, to.dimension);
    if (bridge) return checked(from, to, compile(from, to, bridge));
  }
  return left(
    dimensionMismatch({
      operation: "convert",
      from: formatUnit(from),
      to: formatUnit(to),
      fromDimension: from.dimension.describe(),
      toDimension: to.dimension.describe(),
      contexts: contextsRelating(from.dimension, to.dimension),
    }),
  );
};

export const applyConverter = (c: Converter, x: number): number =>
  c.kind === "linear" ? x * c.scale + c.offset : c.kind === "reciprocal" ? c.factor / x : c.apply(x);

/**
 * Converts `source` into `target` (may be the same array). The linear case is
 * one multiply-add per element in a monomorphic loop, which V8 vectorises well.
 */
export const convertArrayInto = (c: Converter, source: Float64Array, target: Float64Array): void => {
  const n = source.length;
  if (c.kind === "linear") {
    const { scale, offset } = c;
    if (offset === 0) {
      for (let i = 0; i < n; i++) target[i] = (source[i] as number) * scale;
    } else {
      for (let i = 0; i < n; i++) target[i] = (source[i] as number) * scale + offset;
    }
  } else if (c.kind === "reciprocal") {
    const k = c.factor;
    for (let i = 0; i < n; i++) target[i] = k / (source[i] as number);
  } else {
    const f = c.apply;
    for (let i = 0; i < n; i++) target[i] = f(source[i] as number);
  }
};

/** Converts a number between units given as Units or strings. */
export const convertValue = (
  value: number,
  from: Unit | string,
  to: Unit | string,
  options: ConvertOptions = {},
): Either<UnitsError, number> => {
  const a = toUnit(from);
  if (a._tag === "Left") return a;
  const b = toUnit(to);
  if (b._tag === "Left") return b;
  const c = converter(a.right, b.right, options);
  return c._tag === "Left" ? c : right(applyConverter(c.right, value));
};
