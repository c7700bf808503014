// Public parsing entry points. Parsed units are cached by their text: physics
// code logs the same few units millions of times, and a Map hit is ~20× cheaper
// than re-parsing.

import { type UnitsError, UnitsException, invalidArgument, parseError, unknownUnit } from "./errors.js";
import { type Either, left, right } from "./internal/either.js";
import { parseUnitExpression } from "./internal/unit-expression.js";
import { getRegistry, nameResolver } from "./registry.js";
import { Unit } from "./unit.js";

const MAX_CACHED = 4096;
let cache = new Map<string, Either<UnitsError, Unit>>();
let cacheVersion = -1;

/**
 * Parses a unit expression: `kg*m/s^2`, `kg m s^-2`, `kg·m/s²`, `J/(mol*K)`,
 * `m^(1/2)`, `µm`, `GeV⁻¹`, `1e3 m` (a scaled unit). Never throws.
 */
export const parseUnit = (text: string): Either<UnitsError, Unit> => {
  if (typeof text !== "string") return left(invalidArgument("unit", `expected a string, got ${typeof text}`));
  const reg = getRegistry();
  if (cacheVersion !== reg.version) {
    cache = new Map();
    cacheVersion = reg.version;
  }
  const hit = cache.get(text);
  if (hit) return hit;
  const trimmed = text.trim();
  const result =
    trimmed === "" || trimmed === "1" || trimmed === "dimensionless"
      ? right<Unit, UnitsError>(Unit.dimensionless)
      : parseUnitExpression(text, nameResolver());
  if (cache.size >= MAX_CACHED) cache.clear();
  cache.set(text, result);
  return result;
};

/** Like parseUnit but throws a UnitsException: for literals in code (`unit("m/s")`). */
export const unit = (text: string): Unit => {
  const result = parseUnit(text);
  if (result._tag === "Left") throw new UnitsException(result.left);
  return result.right;
};

/** A Unit passed through, or a string parsed. */
export const toUnit = (value: Unit | string): Either<UnitsError, Unit> =>
  value instanceof Unit ? right(value) : parseUnit(value);

const SPECIAL_NUMBERS: Record<string, number> = {
  nan: Number.NaN,
  inf: Number.POSITIVE_INFINITY,
  infinity: Number.POSITIVE_INFINITY,
  "∞": Number.POSITIVE_INFINITY,
};

/**
 * Splits `"9.81 m/s^2"` into its number and unit. The unit part is optional
 * (`"3"` is dimensionless); `NaN`, `Infinity` and `-inf` are read too.
 */
export const splitQuantity = (text: string): Either<UnitsError, { value: number; unitText: string; unitOffset: number }> => {
  if (typeof text !== "string") return left(invalidArgument("quantity", `expected a string, got ${typeof text}`));
  let i = 0;
  while (text[i] === " " || text[i] === "\t") i++;
  const start = i;
  if (text[i] === "-" || text[i] === "+" || text[i] === "−") i++;
  const numberStart = i;
  while (i < text.length && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) i++;
  if (text[i] === ".") {
    i++;
    while (i < text.length && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) i++;
  }
  let value: number;
  if (i > numberStart && !(i === numberStart + 1 && text[numberStart] === ".")) {
    if (text[i] === "e" || text[i] === "E") {
      let j = i + 1;
      if (text[j] === "-" || text[j] === "+") j++;
      const digitsStart = j;
      while (j < text.length && text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57) j++;
      if (j > digitsStart) i = j;
    }
    value = Number(text.slice(numberStart, i));
  } else {
    const word = /^(nan|infinity|inf|∞)/i.exec(text.slice(numberStart));
    if (word) {
      value = SPECIAL_NUMBERS[(word[1] as string).toLowerCase()] as number;
      i = numberStart + (word[1] as string).length;
    } else if (i > start) {
      return left(parseError(text, start, "a sign must be followed by a number"));
    } else {
      value = 1;
    }
  }
  if (text[start] === "-" || text[start] === "−") value = -value;
  let rest = i;
  while (text[rest] === " " || text[rest] === "\t") rest++;
  if ((text[rest] === "*" && text[rest + 1] !== "*") || text[rest] === "·") rest++;
  return right({ value, unitText: text.slice(rest), unitOffset: rest });
};

/** Shifts a parse error's position from the unit part back onto the whole text. */
export const relocateError = (error: UnitsError, text: string, offset: number): UnitsError => {
  if (error._tag === "ParseError") return parseError(text, error.position + offset, error.problem);
  if (error._tag === "UnknownUnit") return unknownUnit(text, error.name, error.position + offset, error.suggestions);
  return error;
};
