// Public parsing entry points. Parsed units are cached by their text: physics
// code logs the same few units millions of times, and a Map hit is ~20× cheaper
// than re-parsing.

import { type UnitsError, UnitsException, invalidArgument, parseError, tooLong, unknownUnit } from "./errors.js";
import { type Either, left, right } from "./internal/either.js";
import { parseUnitExpression } from "./internal/unit-expression.js";
import { getRegistry, nameResolver } from "./registry.js";
import { Unit } from "./unit.js";

const MAX_CACHED = 4096;
let cache = new Map<string, Either<UnitsError, Unit>>();
let cacheVersion = -1;

/**
 * Parses a unit expression: `kg*m/s^2`, `kg m s^-2`, `kg·m/s²`, `J/(mol*K)`,
 * `m^(1/2)`, `µm`, `GeV⁻¹`, `1e3 m` (a scaled unit). Never throws; texts over
 * MAX_INPUT_LENGTH (256) characters are a ParseError at once.
 */
export const parseUnit = (text: string): Either<UnitsError, Unit> => {
  if (typeof text !== "string") return left(invalidArgument("unit", `expected a string, got ${typeof text}`));
  const long = tooLong(text);
  if (long) return left(long);
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
      : // NFC reads the Kelvin, Ohm and Ångström signs (U+212A, U+2126, U+212B) as K, Ω and Å;
        // names that do not resolve as written get NFKC too, except letterlike symbols (ℎ stays Planck, not h).
        parseUnitExpression(text.normalize("NFC"), nameResolver());
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

/** leading blanks, a sign, then a decimal number or NaN / Infinity / inf / ∞ */
const LEADING_NUMBER = /^[ \t]*([-+−]?)(?:(\d+\.?\d*(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?)|(nan|infinity|inf|∞))?/i;

/**
 * Splits `"9.81 m/s^2"` into its number and unit. The unit part is optional
 * (`"3"` is dimensionless); `NaN`, `Infinity` and `-inf` are read too.
 */
export const splitQuantity = (text: string): Either<UnitsError, { value: number; unitText: string; unitOffset: number }> => {
  if (typeof text !== "string") return left(invalidArgument("quantity", `expected a string, got ${typeof text}`));
  const long = tooLong(text);
  if (long) return left(long);
  const [whole, sign, digits, word] = LEADING_NUMBER.exec(text) as RegExpExecArray;
  if (sign && !digits && !word) return left(parseError(text, whole.length - 1, "a sign must be followed by a number"));
  const value = digits ? Number(digits) : word ? (/nan/i.test(word) ? Number.NaN : Number.POSITIVE_INFINITY) : 1;
  if (value === Number.POSITIVE_INFINITY && digits) return left(parseError(text, whole.length - digits.length, "the number is beyond a double's range (1e±308)"));
  let rest = whole.length;
  while (text[rest] === " " || text[rest] === "\t") rest++;
  if ((text[rest] === "*" && text[rest + 1] !== "*") || text[rest] === "·") rest++;
  return right({ value: sign === "-" || sign === "−" ? -value : value, unitText: text.slice(rest), unitOffset: rest });
};

/** Shifts a parse error's position from the unit part back onto the whole text. */
export const relocateError = (error: UnitsError, text: string, offset: number): UnitsError => {
  if (error._tag === "ParseError") return parseError(text, error.position + offset, error.problem);
  if (error._tag === "UnknownUnit") return unknownUnit(text, error.name, error.position + offset, error.suggestions);
  return error;
};
