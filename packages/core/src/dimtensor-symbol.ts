// Python dimtensor spells units as labels: `kg·m/s²`, `J/mol·K` (everything
// after the single "/" is the denominator), `1/s`, `m^0.5`, `m^1/2`. This
// reads those labels back into Units; the parser of @dimexp/units would read
// `J/mol·K` as (J/mol)·K, so the slash is split here first.

import { type Either, type Unit, type UnitsError, parseUnit } from "@dimexp/units";

const DIMENSIONLESS = new Set(["", "1", "dimensionless", "none"]);

export const parseDimtensorSymbol = (symbol: string): Either<UnitsError, Unit> => {
  const text = symbol.trim();
  if (DIMENSIONLESS.has(text.toLowerCase())) return parseUnit("1");
  // `m^1/2` is dimtensor's spelling of m^(1/2)
  const fractions = text.replace(/\^(-?\d+)\/(\d+)/g, "^($1/$2)");
  const slash = fractions.search(/\/(?![^(]*\))/);
  if (slash < 0) return parseUnit(fractions);
  const numerator = fractions.slice(0, slash).trim() || "1";
  const denominator = fractions.slice(slash + 1).trim();
  return parseUnit(`(${numerator})/(${denominator})`);
};
