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

type PlainStyle = "ascii" | "unicode" | "dimtensor";

/**
 * dimtensor writes ², ³ and u^p otherwise (u^0.5), and keeps every denominator
 * term after a single "/" (no parentheses): its parser splits on the first "/".
 */
const powerText = (r: Rational, style: PlainStyle): string => {
  if (r.n === 1 && r.d === 1) return "";
  if (style === "dimtensor") return r.d !== 1 ? `^${r.n / r.d}` : r.n === 2 ? "²" : r.n === 3 ? "³" : `^${r.n}`;
  if (r.d !== 1) return `^(${formatR(r)})`;
  return style === "unicode" ? [...String(r.n)].map(superscript).join("") : `^${r.n}`;
};

const multiplierText = (unit: Unit): string => (unit.multiplier.value === 1 ? "" : String(unit.multiplier.value));

const plain = (unit: Unit, style: PlainStyle): string => {
  const ascii = style === "ascii";
  const times = ascii ? "*" : "·";
  const num = unit.terms.filter((t) => t.exponent.n > 0);
  const den = unit.terms.filter((t) => t.exponent.n < 0);
  const part = (t: UnitTerm, exponent: Rational) => termSymbol(t, ascii) + powerText(exponent, style);
  let text = num.map((t) => part(t, t.exponent)).join(times);
  if (den.length > 0) {
    const d = den.map((t) => part(t, absR(t.exponent))).join(times);
    text = `${text || "1"}/${den.length > 1 && style !== "dimtensor" ? `(${d})` : d}`;
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

/** Spells a unit in the given style (default: canonical ASCII, which parses back). */
export const formatUnit = (unit: Unit, style: UnitFormat = "ascii"): string =>
  style === "latex" ? latex(unit) : style === "siunitx" ? siunitx(unit) : plain(unit, style);
