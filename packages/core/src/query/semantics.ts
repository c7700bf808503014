// What a comparison means, shared by the in-memory evaluation and the pushdown
// planner so the two can never disagree: how a run's stored unit is read, how a
// literal becomes a threshold in that unit, and the words of the type errors.

import { compareValues } from "../internal/compare.js";
import { readJsonObject } from "../internal/json-object.js";
import { own } from "../internal/own.js";
import {
  type Context,
  type ContextOption,
  Dimension,
  type Unit,
  Unit as UnitClass,
  applyConverter,
  contextsRelating,
  converter,
  formatUnit,
} from "@dimexp/units";
import { parseDimtensorSymbol } from "../dimtensor-symbol.js";
import { TAG, decodeMetricUnit, decodeParam, type DecodedParam } from "../unit-codec.js";
import type { RunRecord } from "../model.js";
import type { ComparisonOp, Field, Literal } from "./ast.js";
import { clip } from "./limits.js";

/** How a run logged a field's unit. `unknown`: a unit label we cannot read (the comparison is unknown, not an error). */
export type UnitState =
  | { readonly kind: "unit"; readonly unit: Unit }
  | { readonly kind: "none" }
  | { readonly kind: "unknown"; readonly label: string };

const NONE: UnitState = { kind: "none" };


// The codec answers `unit: undefined` both for "no unit" and for a label it
// cannot parse; a filter must not treat an unreadable unit as a plain number.
const stateOf = (unit: Unit | undefined, unitLabel: string | undefined, canonical: unknown): UnitState => {
  if (unit) return { kind: "unit", unit };
  if (typeof canonical === "string") return { kind: "unknown", label: canonical };
  if (unitLabel !== undefined && parseDimtensorSymbol(unitLabel)._tag === "Left") return { kind: "unknown", label: unitLabel };
  return NONE;
};

/** The unit a run logged metric `key` in (dimexp tag first, dimtensor's second). */
export const metricUnitState = (key: string, tags: Readonly<Record<string, string>>): UnitState => {
  const decoded = decodeMetricUnit(key, tags);
  return stateOf(decoded.unit, decoded.unitLabel, readJsonObject(tags[TAG.metric(key)])?.unit);
};

export interface ParamReading {
  readonly decoded: DecodedParam;
  /** for numbers and quantities; strings and booleans read as numbers are unitless */
  readonly state: UnitState;
}

export const readParam = (key: string, raw: string, tags: Readonly<Record<string, string>>): ParamReading => {
  const decoded = decodeParam(key, raw, tags);
  if (decoded.type !== "quantity" && decoded.type !== "number") return { decoded, state: NONE };
  return { decoded, state: stateOf(decoded.unit, decoded.unitLabel, readJsonObject(tags[TAG.param(key)])?.unit) };
};

/** The dimension key of a unit state: unitless numbers are dimensionless; undefined for an unreadable unit. */
export const stateDimensionKey = (state: UnitState): string | undefined =>
  state.kind === "unknown" ? undefined : state.kind === "unit" ? state.unit.dimension.key : DIMENSIONLESS_KEY;

const DIMENSIONLESS_KEY = Dimension.dimensionless.key;

/** The dimension of a field's value in a run: unitless numbers are dimensionless; strings, booleans and absent fields have none. */
export const dimensionKeyOf = (run: RunRecord, field: { readonly source: "metrics" | "params"; readonly key: string }): string | undefined => {
  if (field.source === "metrics") {
    if (own(run.metrics, field.key) === undefined) return undefined;
    return stateDimensionKey(metricUnitState(field.key, run.tags));
  }
  const raw = own(run.params, field.key);
  if (raw === undefined) return undefined;
  const reading = readParam(field.key, raw, run.tags);
  if (reading.decoded.type !== "number" && reading.decoded.type !== "quantity") return undefined;
  return stateDimensionKey(reading.state);
};

/** A unit a bare number can stand for: dimensionless, scale 1, linear (1, rad). */
export const isPlainDimensionless = (unit: Unit): boolean =>
  unit.isDimensionless && unit.scale.value === 1 && unit.kind === "linear";

export type NumericLiteral = Extract<Literal, { kind: "number" | "quantity" }>;

/** Why a literal cannot be compared with a value in some unit state. */
export type Mismatch =
  | { readonly kind: "dimension"; readonly unit: Unit }
  | { readonly kind: "no-unit" }
  | { readonly kind: "needs-unit"; readonly unit: Unit };

/**
 * A conversion through a context that reverses order (spectral: ν = c/λ): the
 * literal cannot become a bound in the run's unit, so the run's value is
 * converted into the literal's unit instead, and no bound is pushed down.
 */
export interface Inverse {
  readonly kind: "inverse";
  readonly toLiteralUnit: (value: number) => number;
}

export type Threshold = number | Mismatch | Inverse;

/** The names of a context option, as messages and cache keys spell them. */
export const contextNamesOf = (context: ContextOption | undefined): string[] =>
  context === undefined ? [] : (Array.isArray(context) ? context : [context]).map((c: string | Context) => (typeof c === "string" ? c.trim().toLowerCase() : c.name));

const thresholds = new WeakMap<NumericLiteral, Map<string, Map<Unit | undefined, Threshold>>>();

const computeThreshold = (literal: NumericLiteral, target: Unit | undefined, context: ContextOption | undefined): Threshold => {
  if (literal.kind === "number") {
    if (target === undefined || isPlainDimensionless(target)) return literal.value;
    return { kind: "needs-unit", unit: target };
  }
  if (target === undefined) {
    if (!literal.unit.isDimensionless) return { kind: "no-unit" };
    const c = converter(literal.unit, UnitClass.dimensionless);
    return c._tag === "Right" ? applyConverter(c.right, literal.value) : { kind: "no-unit" };
  }
  // the literal moves into the run's unit: the stored value is compared as stored
  const c = converter(literal.unit, target, { context });
  if (c._tag === "Left") return { kind: "dimension", unit: target };
  if (c.right.kind !== "reciprocal") return applyConverter(c.right, literal.value);
  const back = converter(target, literal.unit, { context });
  if (back._tag === "Left") return { kind: "dimension", unit: target };
  const toLiteral = back.right;
  return { kind: "inverse", toLiteralUnit: (value) => applyConverter(toLiteral, value) };
};

/**
 * The literal as a number in the unit the run logged (`undefined`: no unit),
 * or why it cannot be. Across dimensions only through a named `context`
 * (natural: 50 cm against a length logged in GeV⁻¹). Cached per literal,
 * context and unit: a search evaluates the same few pairs for every run.
 */
export const threshold = (literal: NumericLiteral, target: Unit | undefined, context?: ContextOption): Threshold => {
  let perLiteral = thresholds.get(literal);
  if (!perLiteral) {
    perLiteral = new Map();
    thresholds.set(literal, perLiteral);
  }
  const key = contextNamesOf(context).join("+");
  let perContext = perLiteral.get(key);
  if (!perContext) {
    perContext = new Map();
    perLiteral.set(key, perContext);
  }
  let hit = perContext.get(target);
  if (hit === undefined) {
    hit = computeThreshold(literal, target, context);
    perContext.set(target, hit);
  }
  return hit;
};

/** Whether `value` (in the run's unit) stands in relation `op` to the literal, given a threshold that is not a Mismatch. */
export const compareWithThreshold = (op: ComparisonOp, value: number, literal: NumericLiteral, t: number | Inverse): boolean =>
  typeof t === "number" ? compareValues(op, value, t) : compareValues(op, t.toLiteralUnit(value), literal.value);

export const compareNumbers: (op: ComparisonOp, a: number, b: number) => boolean = compareValues;
export const compareStrings: (op: ComparisonOp, a: string, b: string) => boolean = compareValues;

/** Booleans as Python and JavaScript spell them; anything else is neither. */
export const BOOLEAN_SPELLINGS: Readonly<Record<string, boolean>> = {
  true: true,
  True: true,
  TRUE: true,
  false: false,
  False: false,
  FALSE: false,
};

export const booleanOf = (raw: string): boolean | undefined => BOOLEAN_SPELLINGS[raw];

const likeCache = new Map<string, RegExp>();

/**
 * SQL LIKE: `%` any run of characters, `_` one character, `\%` `\_` `\\` literally.
 * Same flags as the memory backend's reference (internal/raw-filter.ts), so a
 * pushed-down `like` and the in-memory one agree on every string.
 */
export const likeRegExp = (pattern: string, caseInsensitive: boolean): RegExp => {
  const cacheKey = `${caseInsensitive ? "i" : "s"}${pattern}`;
  const hit = likeCache.get(cacheKey);
  if (hit) return hit;
  let source = "";
  const chars = [...pattern];
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i] as string;
    if (ch === "\\" && i + 1 < chars.length && "%_\\".includes(chars[i + 1] as string)) {
      source += (chars[++i] as string).replace(/[\\]/g, "\\\\");
    } else if (ch === "%") source += ".*";
    else if (ch === "_") source += ".";
    else source += ch.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  }
  const re = new RegExp(`^${source}$`, caseInsensitive ? "is" : "s");
  if (likeCache.size > 1024) likeCache.clear();
  likeCache.set(cacheKey, re);
  return re;
};

const KEY_TEXT = /^[\p{L}_][\p{L}\p{N}_\-/:.]*$/u;

/** A field as a message names it: as written, cut to a readable length. */
export const fieldLabel = (field: Pick<Field, "source" | "key">): string => clip(fieldText(field));

/** A field as the user would write it: metrics.loss, params.`my key`. */
export const fieldText = (field: Pick<Field, "source" | "key">): string =>
  `${field.source}.${KEY_TEXT.test(field.key) && !field.key.endsWith(".") ? field.key : `\`${field.key.replace(/`/g, "``")}\``}`;

const dimensionText = (unit: Unit): string => unit.dimension.describe();

/** A literal as a message quotes it (cut to a readable length). */
export const literalText = (literal: Literal): string =>
  clip(literal.kind === "quantity" ? literal.text : literal.kind === "string" ? JSON.stringify(literal.value) : String(literal.value));

const quoted = (names: readonly string[]): string => names.map((c) => `"${c}"`).join(" or ");

/**
 * The problem text of a QueryTypeError for a mismatch. `who` says whose value
 * it is: "by run 3f2a…", "by runs of this experiment"; `given` names the
 * contexts the search was given, so the advice never repeats a useless one.
 */
export const mismatchProblem = (
  field: Field,
  op: ComparisonOp,
  literal: NumericLiteral,
  mismatch: Mismatch,
  who: string,
  given: readonly string[] = [],
): string => {
  const name = fieldLabel(field);
  switch (mismatch.kind) {
    case "dimension": {
      const lit = literal as Extract<NumericLiteral, { kind: "quantity" }>;
      const relating = contextsRelating(lit.unit.dimension, mismatch.unit.dimension);
      const givenNote = given.length > 0 ? ` (the context${given.length > 1 ? "s" : ""} ${quoted(given)} given do${given.length > 1 ? "" : "es"} not relate them)` : "";
      // A filter crosses dimensions only through a context the caller names: say which one relates them and how to name it.
      const bridge =
        relating.length > 0
          ? `. They are related through the context ${quoted(relating)}: name it to compare them (--context ${relating[0]} on the command line, { context: "${relating[0]}" } in listRuns)`
          : "";
      // Runs that logged the field in several dimensions: one unit cannot suit them all, a dimension guard can.
      const guard = lit.unit.dimension.name ?? formatUnit(lit.unit);
      return `${name} is logged in ${formatUnit(mismatch.unit)} [${dimensionText(mismatch.unit)}] ${who}, but ${literalText(lit)} is [${dimensionText(lit.unit)}]: quantities of different dimensions cannot be compared without a context${givenNote}${bridge}. To compare only the runs that logged ${name} in ${lit.unit.dimension.name ?? "that dimension"}, write dimension(${name}) = ${guard} and ${name} ${op} ${literalText(lit)}; to compare with these runs, use a unit of ${mismatch.unit.dimension.name ?? "their dimension"}, as in ${name} ${op} ${literal.value} ${formatUnit(mismatch.unit)}`;
    }
    case "no-unit": {
      const lit = literal as Extract<NumericLiteral, { kind: "quantity" }>;
      return `${name} was logged without a unit ${who}, so it cannot be compared with ${literalText(lit)} [${dimensionText(lit.unit)}]: compare it with a plain number, as in ${name} ${op} ${literal.value}, or log it with its unit`;
    }
    case "needs-unit":
      return `${name} is logged in ${formatUnit(mismatch.unit)} [${dimensionText(mismatch.unit)}] ${who}, and the bare number ${literal.value} has no unit: write the unit, as in ${name} ${op} ${literal.value} ${formatUnit(mismatch.unit)}`;
  }
};
