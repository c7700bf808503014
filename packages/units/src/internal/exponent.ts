import { type UnitsError, invalidArgument } from "../errors.js";
import { type Either, left, right } from "./either.js";
import { type Rational, rational, rationalFromDecimal } from "./rational.js";

/** Accepts 2, -1, 0.5, "1/2", "-3/2" or { n, d } as an exact exponent. */
export const toExponent = (power: number | string | Rational): Either<UnitsError, Rational> => {
  if (typeof power === "object" && power !== null && Number.isInteger(power.n) && Number.isInteger(power.d) && power.d !== 0) {
    return right(rational(power.n, power.d));
  }
  if (typeof power === "number" && Number.isFinite(power)) {
    if (Number.isInteger(power)) return right(rational(power));
    const r = rationalFromDecimal(String(power));
    if (r) return right(r);
    for (const d of [3, 6, 7, 9, 12]) {
      const n = power * d;
      if (Math.abs(n - Math.round(n)) < 1e-9) return right(rational(Math.round(n), d));
    }
  }
  if (typeof power === "string") {
    const m = /^\s*([+-]?\d+)\s*(?:\/\s*(\d+))?\s*$/.exec(power);
    if (m && Number(m[2] ?? 1) !== 0) return right(rational(Number(m[1]), Number(m[2] ?? 1)));
  }
  return left(invalidArgument("exponent", `${String(power)} is not an exact exponent; use an integer, a decimal like 0.5 or a fraction like "1/3"`));
};
