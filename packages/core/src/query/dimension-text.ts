// The notation dimexp prints for a dimension in messages ("[M^-1 L^-2 T^2]",
// "[L^(3/2) M^(1/2) T^-1]"; units' Dimension#toString), read back. Users copy
// it into `dimension(field) = …` and dimensionFilter values; read as a unit
// instead, "M^-1 L^-2 T^2" is molar⁻¹ litre⁻² tesla², another dimension, and
// the filter silently selected nothing. A lone symbol without an exponent that
// is also a unit (J, T, L, N, M) is not read here: it stays the unit it always
// meant (J is the joule, an energy), as documented; Θ, which is no unit, is
// the temperature.

import { type BaseDimension, Dimension, type Rational, parseUnit, rational } from "@dimexp/units";

const SYMBOLS: Readonly<Record<string, BaseDimension>> = {
  L: "length",
  M: "mass",
  T: "time",
  I: "current",
  Θ: "temperature",
  N: "amount",
  J: "luminosity",
};

/** One factor: a base symbol, optionally ^n or ^(p/q). */
const FACTOR = /^([LMTIΘNJ])(?:\^(?:([+-]?\d{1,4})|\(([+-]?\d{1,4})\/(\d{1,4})\)))?$/;

/** The dimension `text` writes in dimexp's notation, or undefined when it is not that notation. */
export const dimensionFromNotation = (text: string): Dimension | undefined => {
  const factors = text.trim().split(/\s+/);
  if (factors.length > 7) return undefined;
  const lone = factors.length === 1 && !(factors[0] as string).includes("^");
  if (lone && parseUnit(factors[0] as string)._tag === "Right") return undefined;
  const exponents: Partial<Record<BaseDimension, Rational>> = {};
  for (const factor of factors) {
    const m = FACTOR.exec(factor);
    if (!m) return undefined;
    const base = SYMBOLS[m[1] as string] as BaseDimension;
    if (exponents[base] !== undefined) return undefined; // the printed form names each symbol once
    const denominator = m[4] === undefined ? 1 : Number(m[4]);
    if (denominator === 0) return undefined;
    exponents[base] = m[2] !== undefined ? rational(Number(m[2])) : m[3] !== undefined ? rational(Number(m[3]), denominator) : rational(1);
  }
  return Dimension.of(exponents);
};
