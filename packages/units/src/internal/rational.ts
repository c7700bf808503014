// Small exact rationals for dimension exponents. Exponents in physics stay tiny
// (|n|, d < 100), so plain JS integers are exact and far faster than BigInt.

export interface Rational {
  readonly n: number;
  readonly d: number;
}

const gcd = (a: number, b: number): number => {
  a = Math.abs(a);
  b = Math.abs(b);
  while (b !== 0) [a, b] = [b, a % b];
  return a;
};

export const rational = (n: number, d = 1): Rational => {
  if (d === 0 || !Number.isInteger(n) || !Number.isInteger(d)) {
    throw new RangeError(`invalid rational ${n}/${d}`);
  }
  if (n === 0) return ZERO;
  const g = gcd(n, d) * Math.sign(d);
  return { n: n / g, d: d / g };
};

export const ZERO: Rational = { n: 0, d: 1 };
export const ONE: Rational = { n: 1, d: 1 };

export const addR = (a: Rational, b: Rational): Rational => rational(a.n * b.d + b.n * a.d, a.d * b.d);
export const subR = (a: Rational, b: Rational): Rational => rational(a.n * b.d - b.n * a.d, a.d * b.d);
export const mulR = (a: Rational, b: Rational): Rational => rational(a.n * b.n, a.d * b.d);
export const divR = (a: Rational, b: Rational): Rational => rational(a.n * b.d, a.d * b.n);
export const negR = (a: Rational): Rational => (a.n === 0 ? ZERO : { n: -a.n, d: a.d });
export const eqR = (a: Rational, b: Rational): boolean => a.n === b.n && a.d === b.d;
export const isZeroR = (a: Rational): boolean => a.n === 0;
export const toNumberR = (a: Rational): number => a.n / a.d;
export const formatR = (a: Rational): string => (a.d === 1 ? String(a.n) : `${a.n}/${a.d}`);

/**
 * Reads a decimal (e.g. "0.5", "-1.25") as an exact rational. Returns undefined
 * when the result would not stay small enough to be exact in doubles.
 */
export const rationalFromDecimal = (text: string): Rational | undefined => {
  const match = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(text);
  if (!match || (match[2] === "" && (match[3] ?? "") === "")) return undefined;
  const fraction = match[3] ?? "";
  if (fraction.length > 6) return undefined;
  const n = Number(`${match[2] || "0"}${fraction}`) * (match[1] === "-" ? -1 : 1);
  return Number.isFinite(n) ? rational(n, 10 ** fraction.length) : undefined;
};
