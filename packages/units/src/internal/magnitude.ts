// A scale factor kept exact (as a BigInt fraction) for as long as the arithmetic
// allows, and as a double always. Exactness is what makes 0 °C → 32 °F come out
// as exactly 32 and km → mm as exactly 1e6: conversions are compiled from the
// exact fractions and rounded once, at the end, instead of at every step.
// Irrational factors (π, square roots of non-squares) drop the exact part.

import type { Rational } from "./rational.js";

export interface Magnitude {
  readonly value: number;
  /** numerator and denominator (denominator > 0), or undefined when inexact */
  readonly exact: readonly [bigint, bigint] | undefined;
}

const bigGcd = (a: bigint, b: bigint): bigint => {
  if (a < 0n) a = -a;
  if (b < 0n) b = -b;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
};

const digits = (x: bigint): number => (x < 0n ? -x : x).toString().length;

/** Correctly rounded (to ~21 significant digits, then by the JS decimal parser). */
const fractionToNumber = (n: bigint, d: bigint): number => {
  if (n === 0n) return 0;
  const small = 2n ** 53n;
  const absN = n < 0n ? -n : n;
  if (absN < small && d < small) return Number(n) / Number(d);
  const k = 21 - (digits(n) - digits(d));
  const q = k >= 0 ? (n * 10n ** BigInt(k)) / d : n / (d * 10n ** BigInt(-k));
  return Number(`${q.toString()}e${-k}`);
};

const HUGE = 10n ** 300n;

const fromFraction = (n: bigint, d: bigint): Magnitude => {
  if (d < 0n) {
    n = -n;
    d = -d;
  }
  // Past 300 digits the exact part costs more than it is worth (reducing it is
  // quadratic): keep the double only. Real units stay far below.
  if (d > HUGE || n > HUGE || n < -HUGE) return inexact(fractionToNumber(n, d));
  const g = bigGcd(n, d) || 1n;
  n /= g;
  d /= g;
  return { value: fractionToNumber(n, d), exact: [n, d] };
};

export const ONE_MAGNITUDE: Magnitude = { value: 1, exact: [1n, 1n] };
export const ZERO_MAGNITUDE: Magnitude = { value: 0, exact: [0n, 1n] };

export const inexact = (value: number): Magnitude => ({ value, exact: undefined });

/** Parses a decimal literal such as "6.62607015e-34" exactly. */
export const magnitudeFromDecimal = (text: string): Magnitude => {
  const match = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (!match) return inexact(Number(text));
  const fraction = match[3] ?? "";
  let n = BigInt(`${match[2] || "0"}${fraction}`);
  if (match[1] === "-") n = -n;
  const exponent = Number(match[4] ?? "0") - fraction.length;
  if (Math.abs(exponent) > 400) return inexact(Number(text));
  return exponent >= 0 ? fromFraction(n * 10n ** BigInt(exponent), 1n) : fromFraction(n, 10n ** BigInt(-exponent));
};

export const magnitudeFromNumber = (value: number): Magnitude =>
  Number.isFinite(value) ? magnitudeFromDecimal(String(value)) : inexact(value);

export const mulM = (a: Magnitude, b: Magnitude): Magnitude =>
  a.exact && b.exact ? fromFraction(a.exact[0] * b.exact[0], a.exact[1] * b.exact[1]) : inexact(a.value * b.value);

export const divM = (a: Magnitude, b: Magnitude): Magnitude =>
  a.exact && b.exact && b.exact[0] !== 0n
    ? fromFraction(a.exact[0] * b.exact[1], a.exact[1] * b.exact[0])
    : inexact(a.value / b.value);

export const addM = (a: Magnitude, b: Magnitude): Magnitude =>
  a.exact && b.exact
    ? fromFraction(a.exact[0] * b.exact[1] + b.exact[0] * a.exact[1], a.exact[1] * b.exact[1])
    : inexact(a.value + b.value);

export const subM = (a: Magnitude, b: Magnitude): Magnitude =>
  a.exact && b.exact
    ? fromFraction(a.exact[0] * b.exact[1] - b.exact[0] * a.exact[1], a.exact[1] * b.exact[1])
    : inexact(a.value - b.value);

/** Integer root when it is exact, else undefined. */
const exactRoot = (x: bigint, k: number): bigint | undefined => {
  if (x < 0n) return k % 2 === 1 ? (r => (r === undefined ? undefined : -r))(exactRoot(-x, k)) : undefined;
  if (x < 2n) return x;
  // Newton's method on BigInts from a power of two above the root: the steps
  // decrease until they reach ⌊root⌋, for any size of x.
  const K = BigInt(k);
  let guess = 1n << BigInt(Math.ceil(x.toString(2).length / k));
  for (;;) {
    const next = ((K - 1n) * guess + x / guess ** (K - 1n)) / K;
    if (next >= guess) break;
    guess = next;
  }
  return guess ** K === x ? guess : undefined;
};

export const powM = (a: Magnitude, p: Rational): Magnitude => {
  const approx = a.value ** (p.n / p.d);
  if (!a.exact) return inexact(approx);
  let [n, d] = a.exact;
  // Big powers stay exact while the result stays short, and ±1 to any power is
  // exactly ±1 (m^99999999 has scale 1, not a rounded one).
  if (n * n !== d * d && Math.abs(p.n) * (digits(n) + digits(d)) > 400) return inexact(approx);
  if (p.d !== 1) {
    const rn = exactRoot(n, p.d);
    const rd = exactRoot(d, p.d);
    if (rn === undefined || rd === undefined) return inexact(approx);
    n = rn;
    d = rd;
  }
  const e = BigInt(Math.abs(p.n));
  if (n === 0n) return p.n < 0 ? inexact(approx) : ZERO_MAGNITUDE;
  return p.n >= 0 ? fromFraction(n ** e, d ** e) : fromFraction(d ** e, n ** e);
};

export const isOneM = (a: Magnitude): boolean => (a.exact ? a.exact[0] === a.exact[1] : a.value === 1);
