// Units as Python dimtensor's files describe them: a symbol (a label), a scale
// to SI and seven dimension exponents as floats. Reading, scale and dimension
// are authoritative (as dimtensor itself treats them); the symbol is used when
// it names a unit with that same scale and dimension, so `km` stays `km`.

import { dimtensorSymbol, parseDimtensorSymbol } from "@dimexp/core";
import { BASE_DIMENSIONS, type Unit, parseUnit } from "@dimexp/units";

export interface DimtensorUnit {
  readonly symbol: string;
  readonly scale: number;
  /** exponents in dimtensor's order: length, mass, time, current, temperature, amount, luminosity */
  readonly dimension: readonly number[];
}

const SI_BASE_SYMBOLS = ["m", "kg", "s", "A", "K", "mol", "cd"] as const;

/** A float exponent as an exact fraction (dimtensor stores Fractions as floats). */
export const exponentFraction = (x: number): { n: number; d: number } | undefined => {
  if (!Number.isFinite(x)) return undefined;
  for (let d = 1; d <= 12; d++) {
    const n = Math.round(x * d);
    if (Math.abs(n - x * d) < 1e-9) return { n, d };
  }
  return undefined;
};

const close = (a: number, b: number): boolean => a === b || Math.abs(a - b) <= 1e-12 * Math.max(Math.abs(a), Math.abs(b));

/** Our Unit for a dimtensor unit, or a reason it cannot be one. */
export const unitFromDimtensor = (u: DimtensorUnit): { unit: Unit } | { problem: string } => {
  const exponents = u.dimension.map(exponentFraction);
  const bad = exponents.indexOf(undefined);
  if (bad >= 0) return { problem: `the ${BASE_DIMENSIONS[bad]} exponent ${u.dimension[bad]} is not a simple fraction` };
  if (!(Number.isFinite(u.scale) && u.scale > 0)) return { problem: `the scale ${u.scale} is not a positive number` };
  const bySymbol = parseDimtensorSymbol(u.symbol);
  if (bySymbol._tag === "Right") {
    const unit = bySymbol.right;
    const sameDimension = unit.dimension.exponents.every((e, i) => {
      const f = exponents[i] as { n: number; d: number };
      return e.n * f.d === f.n * e.d;
    });
    if (sameDimension && close(unit.scale.value, u.scale) && unit.offset === undefined) return { unit };
  }
  const terms = exponents
    .map((e, i) => {
      const f = e as { n: number; d: number };
      if (f.n === 0) return "";
      const base = SI_BASE_SYMBOLS[i] as string;
      if (f.d === 1) return f.n === 1 ? base : `${base}^${f.n}`;
      return `${base}^(${f.n}/${f.d})`;
    })
    .filter(Boolean);
  const text = [u.scale === 1 ? "" : String(u.scale), terms.join("*")].filter(Boolean).join(" ") || "1";
  const parsed = parseUnit(text);
  if (parsed._tag === "Left") return { problem: `cannot build the unit ${text}: ${parsed.left.message}` };
  return { unit: parsed.right };
};

/** dimtensor's description of one of our units; offset and logarithmic units have none. */
export const unitToDimtensor = (unit: Unit): DimtensorUnit | { problem: string } => {
  if (unit.offset !== undefined) return { problem: `${dimtensorSymbol(unit)} has an offset (an absolute temperature) and dimtensor units have none: convert to K (or delta_degC) first` };
  if (unit.logarithmic !== undefined) return { problem: `${dimtensorSymbol(unit)} is logarithmic and dimtensor units are not: convert to a linear unit first` };
  const symbol = dimtensorSymbol(unit);
  return {
    symbol: symbol === "dimensionless" ? "1" : symbol,
    scale: unit.scale.value,
    dimension: unit.dimension.exponents.map((e) => e.n / e.d),
  };
};
