// Spelling a unit back out, in the style the reader needs:
//   ascii      kg*m/s^2, J/(mol*K), m^(1/2)        (canonical; parses back)
//   unicode    kg·m/s², J/(mol·K), m^(1/2)
//   latex      \mathrm{kg}\,\mathrm{m}\,\mathrm{s}^{-2}   (math mode)
//   siunitx    \si{\kilo\gram\metre\per\second\squared}
//   dimtensor  kg·m/s², J/mol·K, 1/s, m^0.5            (Python dimtensor's symbols)

import { type Rational, formatR } from "./internal/rational.js";
import type { Unit, UnitTerm } from "./unit.js";

export type UnitFormat = "ascii" | "unicode" | "latex" | "siunitx" | "dimtensor";

const SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹";
const superscript = (c: string): string => (c === "-" ? "⁻" : (SUPERSCRIPT_DIGITS[Number(c)] ?? c));

const termSymbol = (t: UnitTerm, ascii: boolean): string =>
  ascii ? `${t.prefix?.ascii ?? ""}${t.atom.ascii}` : `${t.prefix?.symbol ?? ""}${t.atom.symbol}`;

const absR = (r: Rational): Rational => ({ n: Math.abs(r.n), d: r.d });

const powerText = (r: Rational, style: "ascii" | "unicode"): string => {
  if (r.n === 1 && r.d === 1) return "";
  if (r.d !== 1) return `^(${formatR(r)})`;
  return style === "unicode" ? [...String(r.n)].map(superscript).join("") : `^${r.n}`;
};

const multiplierText = (unit: Unit): string => (unit.multiplier.value === 1 ? "" : String(unit.multiplier.value));

const plain = (unit: Unit, style: "ascii" | "unicode"): string => {
  const ascii = style === "ascii";
  const times = ascii ? "*" : "·";
  const num = unit.terms.filter((t) => t.exponent.n > 0);
  const den = unit.terms.filter((t) => t.exponent.n < 0);
  const part = (t: UnitTerm, exponent: Rational) => termSymbol(t, ascii) + powerText(exponent, style);
  let text = num.map((t) => part(t, t.exponent)).join(times);
  if (den.length > 0) {
    const d = den.map((t) => part(t, absR(t.exponent))).join(times);
    text = `${text || "1"}/${den.length > 1 ? `(${d})` : d}`;
  }
  const m = multiplierText(unit);
  if (m) return text ? `${m} ${text}` : m;
  return text || "1";
};

const latexTerm = (t: UnitTerm): string => {
  const symbol = `${t.prefix?.symbol ?? ""}${t.atom.symbol}`.replace(/[_%]/g, (c) => `\\${c}`);
  const e = t.exponent;
  const power = e.n === 1 && e.d === 1 ? "" : `^{${e.d === 1 ? e.n : `${e.n}/${e.d}`}}`;
  return `\\mathrm{${symbol}}${power}`;
};

const latex = (unit: Unit): string => {
  const m = multiplierText(unit);
  const body = unit.terms.map(latexTerm).join("\\,");
  return [m, body].filter(Boolean).join("\\,") || "1";
};

const SIUNITX_POWERS: Record<string, string> = { "2": "\\squared", "3": "\\cubed" };

const siunitx = (unit: Unit): string => {
  const macros = unit.terms.every((t) => t.atom.latex);
  if (macros && unit.multiplier.value === 1) {
    const body = unit.terms
      .map((t) => {
        const e = t.exponent;
        const magnitude = e.d === 1 ? String(Math.abs(e.n)) : `${Math.abs(e.n)}/${e.d}`;
        const power = magnitude === "1" ? "" : (SIUNITX_POWERS[magnitude] ?? `\\tothe{${magnitude}}`);
        return `${e.n < 0 ? "\\per" : ""}${t.prefix ? `\\${t.prefix.latex}` : ""}\\${t.atom.latex}${power}`;
      })
      .join("");
    return `\\si{${body}}`;
  }
  // siunitx literal input: "." between units, "^{…}" for powers; TeX specials escaped.
  const body = unit.terms
    .map((t) => {
      const e = t.exponent;
      const power = e.n === 1 && e.d === 1 ? "" : `^{${e.d === 1 ? e.n : `${e.n}/${e.d}`}}`;
      return `${termSymbol(t, true).replace(/[_%#&$]/g, (c) => `\\${c}`)}${power}`;
    })
    .join(".");
  return `\\si{${[multiplierText(unit), body].filter(Boolean).join(" ")}}`;
};

const dimtensorPower = (r: Rational): string => {
  if (r.d !== 1) return `^${r.n / r.d}`;
  if (r.n === 2) return "²";
  if (r.n === 3) return "³";
  return `^${r.n}`;
};

/**
 * dimtensor writes a·b, a/b (no parentheses), ², ³, 1/u for u**-1 and u^p
 * otherwise. Its parser splits on the first "/", so we keep every denominator
 * term after a single slash, joined by "·".
 */
const dimtensor = (unit: Unit): string => {
  if (unit.terms.length === 0) return unit.multiplier.value === 1 ? "1" : String(unit.multiplier.value);
  const sym = (t: UnitTerm) => termSymbol(t, false);
  const num = unit.terms.filter((t) => t.exponent.n > 0);
  const den = unit.terms.filter((t) => t.exponent.n < 0);
  const n = num.map((t) => `${sym(t)}${t.exponent.n === 1 && t.exponent.d === 1 ? "" : dimtensorPower(t.exponent)}`).join("·");
  const d = den
    .map((t) => {
      const e = absR(t.exponent);
      return `${sym(t)}${e.n === 1 && e.d === 1 ? "" : dimtensorPower(e)}`;
    })
    .join("·");
  const body = d ? `${n || "1"}/${d}` : n;
  const m = multiplierText(unit);
  return m ? `${m} ${body}` : body;
};

/** Spells a unit in the given style (default: canonical ASCII, which parses back). */
export const formatUnit = (unit: Unit, style: UnitFormat = "ascii"): string => {
  switch (style) {
    case "ascii":
      return plain(unit, "ascii");
    case "unicode":
      return plain(unit, "unicode");
    case "latex":
      return latex(unit);
    case "siunitx":
      return siunitx(unit);
    case "dimtensor":
      return dimtensor(unit);
  }
};
