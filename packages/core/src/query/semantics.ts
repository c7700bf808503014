// What a comparison means, shared by the in-memory evaluation and the pushdown
// planner so the two can never disagree: how a run's stored unit is read, how a
// literal becomes a threshold in that unit, and the words of the type errors.

import { compareValues } from "../internal/compare.js";
import { readJsonObject } from "../internal/json-object.js";
import { type Unit, Unit as UnitClass, applyConverter, contextsRelating, converter, formatUnit } from "@dimexp/units";
import { parseDimtensorSymbol } from "../dimtensor-symbol.js";
import { TAG, decodeMetricUnit, decodeParam, type DecodedParam } from "../unit-codec.js";
import type { ComparisonOp, Field, Literal } from "./ast.js";

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

/** A unit a bare number can stand for: dimensionless, scale 1, linear (1, rad). */
export const isPlainDimensionless = (unit: Unit): boolean =>
  unit.isDimensionless && unit.scale.value === 1 && unit.kind === "linear";

export type NumericLiteral = Extract<Literal, { kind: "number" | "quantity" }>;

/** Why a literal cannot be compared with a value in some unit state. */
export type Mismatch =
  | { readonly kind: "dimension"; readonly unit: Unit }
  | { readonly kind: "no-unit" }
  | { readonly kind: "needs-unit"; readonly unit: Unit };

export type Threshold = number | Mismatch;

const thresholds = new WeakMap<NumericLiteral, Map<Unit | undefined, Threshold>>();

const computeThreshold = (literal: NumericLiteral, target: Unit | undefined): Threshold => {
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
  const c = converter(literal.unit, target);
  return c._tag === "Right" ? applyConverter(c.right, literal.value) : { kind: "dimension", unit: target };
};

/**
 * The literal as a number in the unit the run logged (`undefined`: no unit),
 * or why it cannot be. Cached per literal and unit: a search evaluates the same
 * few (literal, unit) pairs for every run.
 */
export const threshold = (literal: NumericLiteral, target: Unit | undefined): Threshold => {
  let perLiteral = thresholds.get(literal);
  if (!perLiteral) {
    perLiteral = new Map();
    thresholds.set(literal, perLiteral);
  }
  let hit = perLiteral.get(target);
  if (hit === undefined) {
    hit = computeThreshold(literal, target);
    perLiteral.set(target, hit);
  }
  return hit;
};

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

/** A field as the user would write it: metrics.loss, params.`my key`. */
export const fieldText = (field: Pick<Field, "source" | "key">): string =>
  `${field.source}.${KEY_TEXT.test(field.key) && !field.key.endsWith(".") ? field.key : `\`${field.key.replace(/`/g, "``")}\``}`;

const dimensionText = (unit: Unit): string => unit.dimension.describe();

export const literalText = (literal: Literal): string =>
  literal.kind === "quantity" ? literal.text : literal.kind === "string" ? JSON.stringify(literal.value) : String(literal.value);

/**
 * The problem text of a QueryTypeError for a mismatch. `who` says whose value
 * it is: "by run 3f2a…", "by runs of this experiment".
 */
export const mismatchProblem = (field: Field, op: ComparisonOp, literal: NumericLiteral, mismatch: Mismatch, who: string): string => {
  const name = fieldText(field);
  switch (mismatch.kind) {
    case "dimension": {
      const lit = literal as Extract<NumericLiteral, { kind: "quantity" }>;
      const contexts = contextsRelating(lit.unit.dimension, mismatch.unit.dimension);
      const bridge =
        contexts.length > 0
          ? `; they are related only through the context ${contexts.map((c) => `"${c}"`).join(" or ")}, and a filter never converts across dimensions`
          : "";
      return `${name} is logged in ${formatUnit(mismatch.unit)} [${dimensionText(mismatch.unit)}] ${who}, but ${lit.text} is [${dimensionText(lit.unit)}]: quantities of different dimensions cannot be compared${bridge}. Compare it with a value in a unit of ${mismatch.unit.dimension.name ?? "the same dimension"}, as in ${name} ${op} ${literal.value} ${formatUnit(mismatch.unit)}`;
    }
    case "no-unit": {
      const lit = literal as Extract<NumericLiteral, { kind: "quantity" }>;
      return `${name} was logged without a unit ${who}, so it cannot be compared with ${lit.text} [${dimensionText(lit.unit)}]: compare it with a plain number, as in ${name} ${op} ${literal.value}, or log it with its unit`;
    }
    case "needs-unit":
      return `${name} is logged in ${formatUnit(mismatch.unit)} [${dimensionText(mismatch.unit)}] ${who}, and the bare number ${literal.value} has no unit: write the unit, as in ${name} ${op} ${literal.value} ${formatUnit(mismatch.unit)}`;
  }
};
