// Recursive-descent parser for unit expressions:
//   kg*m/s^2   kg m s^-2   kg·m/s²   m/s**2   J/(mol*K)   m^(1/2)   1e3 m   GeV⁻¹
// `*`, `/` and juxtaposition share one precedence and associate left, as in
// pint (so J/mol*K is (J/mol)·K, and J/(mol*K) needs its parentheses).
// Names are resolved by a callback so the same parser reads the registry's own
// definitions while the registry is being built.
//
// Speed (issue #18): parsing a never-seen string is the cold path of every
// conversion. The lexer scans char codes into three number arrays (no token
// objects, no regex on ASCII), and the parser collects flat (atom, prefix,
// exponent) entries — a division negates, a power scales the entries of its
// operand — so one Unit is composed per parse instead of one per operator.

import type { UnitsError } from "../errors.js";
import { clip, parseError } from "../errors.js";
import { type Prefix, Unit, type UnitAtom, type UnitTerm, exponentTooLarge } from "../unit.js";
import { type Either, left, right } from "./either.js";
import { toExponent } from "./exponent.js";
import { type Magnitude, ONE_MAGNITUDE, magnitudeFromDecimal, mulM, powM } from "./magnitude.js";
import { type Rational, rational, rationalFromDecimal } from "./rational.js";

/** An atom and the prefix it was written with. */
export interface ResolvedTerm {
  readonly atom: UnitAtom;
  readonly prefix: Prefix | undefined;
}

export type NameResolver = (name: string, position: number, input: string) => Either<UnitsError, ResolvedTerm>;

// token kinds
const NUM = 0;
const NAME = 1;
const MUL = 2;
const DIV = 3;
const POW = 4;
const LPAREN = 5;
const RPAREN = 6;
const SPACE = 7;
const MINUS = 8;
const PLUS = 9;
const END = 10;

/** superscript characters and their plain spellings, position for position */
const SUPERSCRIPT_CHARS = "⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺";
const PLAIN_CHARS = "0123456789-+";

const NAME_EXTRA = "_°℃℉%‰′″∞'";
const LETTER = /\p{L}/u;
const isNameChar = (c: number, ch: string): boolean =>
  (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || (c > 127 ? LETTER.test(ch) || NAME_EXTRA.includes(ch) : c === 37 || c === 39);
const isDigitAt = (s: string, i: number): boolean => {
  const c = s.charCodeAt(i);
  return c >= 48 && c <= 57;
};
const skipDigits = (s: string, i: number): number => {
  while (isDigitAt(s, i)) i++;
  return i;
};

interface Tokens {
  kind: number[];
  start: number[];
  end: number[];
  /** superscript numbers only: their plain digits (they are no slice of the input) */
  text: Array<string | undefined>;
}

const tokenize = (input: string): Tokens | UnitsError => {
  const t: Tokens = { kind: [], start: [], end: [], text: [] };
  // A blank counts only between two operands ("kg m"); elsewhere it is dropped.
  let blank = -1;
  const push = (kind: number, start: number, end: number): void => {
    if (blank >= 0) {
      const prev = t.kind[t.kind.length - 1];
      if ((prev === NAME || prev === NUM || prev === RPAREN) && (kind === NAME || kind === NUM || kind === LPAREN)) {
        t.kind.push(SPACE);
        t.start.push(blank);
        t.end.push(blank + 1);
      }
      blank = -1;
    }
    t.kind.push(kind);
    t.start.push(start);
    t.end.push(end);
  };
  const n = input.length;
  let i = 0;
  while (i < n) {
    const c = input.charCodeAt(i);
    const ch = input[i] as string;
    if (c === 32 || c === 9 || c === 0xa0 || c === 0x202f) {
      if (blank < 0) blank = i;
      i++;
    } else if (c === 42 && input.charCodeAt(i + 1) === 42) {
      push(POW, i, (i += 2));
    } else if (c === 42 || ch === "·" || ch === "⋅" || ch === "×" || ch === "∙" || (c === 46 && !isDigitAt(input, i + 1))) {
      // "." that starts no decimal: siunitx-style "kg.m"
      push(MUL, i, ++i);
    } else if (c === 47 || ch === "÷") {
      push(DIV, i, ++i);
    } else if (c === 45 || ch === "−") {
      push(MINUS, i, ++i);
    } else if (c === 43) {
      push(PLUS, i, ++i);
    } else if (c === 94) {
      push(POW, i, ++i);
    } else if (c === 40) {
      push(LPAREN, i, ++i);
    } else if (c === 41) {
      push(RPAREN, i, ++i);
    } else if ((c >= 48 && c <= 57) || c === 46) {
      // \d+\.?\d* or \.\d+, then an exponent only when digits follow it ("2e" is 2·e, the charge)
      const start = i;
      i = skipDigits(input, i);
      if (input.charCodeAt(i) === 46) i = skipDigits(input, i + 1);
      const e = input.charCodeAt(i);
      if (e === 101 || e === 69) {
        const s = input.charCodeAt(i + 1);
        const j = s === 43 || s === 45 ? i + 2 : i + 1;
        if (isDigitAt(input, j)) i = skipDigits(input, j);
      }
      push(NUM, start, i);
    } else if (SUPERSCRIPT_CHARS.includes(ch)) {
      const start = i;
      let text = "";
      let k = SUPERSCRIPT_CHARS.indexOf(ch);
      while (k >= 0) {
        text += PLAIN_CHARS[k];
        k = ++i < n ? SUPERSCRIPT_CHARS.indexOf(input[i] as string) : -1;
      }
      const signed = text[0] === "-" || text[0] === "+";
      const digits = signed ? text.slice(1) : text;
      if (digits === "" || digits.includes("-") || digits.includes("+")) return parseError(input, start, "malformed superscript exponent");
      // m⁻² reads as m^-2, so superscripts follow the same power rules as ^.
      push(POW, start, start);
      if (signed) push(text[0] === "-" ? MINUS : PLUS, start, start);
      push(NUM, start, start);
      t.text[t.kind.length - 1] = digits;
    } else if (isNameChar(c, ch)) {
      const start = i;
      // Names may hold digits (a_0, eps0, mmH2O); "m2" is caught at resolution.
      for (i++; i < n && (isDigitAt(input, i) || isNameChar(input.charCodeAt(i), input[i] as string)); i++);
      push(NAME, start, i);
    } else {
      return parseError(input, i, `unexpected character "${ch}"`);
    }
  }
  blank = -1;
  push(END, n, n);
  return t;
};

const MAX_DEPTH = 50;
const EXPONENT_LIMIT = 2 ** 31;

class Parser {
  private index = 0;
  private depth = 0;
  // the flat product: entry k is atoms[k] (or, for a number, mags[k]) to the power en[k]/ed[k]
  private readonly atoms: Array<ResolvedTerm | undefined> = [];
  private readonly mags: Array<Magnitude | undefined> = [];
  private readonly en: number[] = [];
  private readonly ed: number[] = [];
  /** the exponent read by exponent() / power() */
  private p: Rational = { n: 1, d: 1 };

  constructor(
    private readonly input: string,
    private readonly t: Tokens,
    private readonly resolve: NameResolver,
  ) {}

  private kind(): number {
    return this.t.kind[this.index] as number;
  }

  private pos(): number {
    return this.t.start[this.index] as number;
  }

  private text(k = this.index): string {
    return this.t.text[k] ?? this.input.slice(this.t.start[k], this.t.end[k]);
  }

  private fail(problem: string, position = this.pos()): UnitsError {
    return parseError(this.input, position, problem);
  }

  parse(): Either<UnitsError, Unit> {
    const error = this.product() ?? (this.kind() === END ? undefined : this.fail(this.kind() === RPAREN ? 'unbalanced ")"' : "unexpected token"));
    if (error) return left(error);
    const only = this.atoms[0];
    // a lone name ("km", the usual case) is a Unit built once per (atom, prefix)
    if (this.en.length === 1 && only && this.en[0] === 1 && this.ed[0] === 1) return Unit.fromAtom(only.atom, only.prefix);
    const terms: UnitTerm[] = [];
    let multiplier = ONE_MAGNITUDE;
    for (let k = 0; k < this.en.length; k++) {
      const exponent = { n: this.en[k] as number, d: this.ed[k] as number };
      const term = this.atoms[k];
      if (term) terms.push({ atom: term.atom, prefix: term.prefix, exponent });
      else if (exponent.n !== 0) multiplier = mulM(multiplier, powM(this.mags[k] as Magnitude, exponent));
    }
    return Unit.compose(terms, multiplier);
  }

  private product(): UnitsError | undefined {
    let error = this.unary();
    for (;;) {
      if (error) return error;
      const k = this.kind();
      if (k === MUL || k === DIV || k === SPACE) {
        this.index++;
        const from = this.en.length;
        error = this.unary();
        if (k === DIV) for (let j = from; j < this.en.length; j++) this.en[j] = -(this.en[j] as number);
      } else if (k === NAME || k === LPAREN) {
        // Juxtaposition without a space: "(kg)(m)"
        error = this.unary();
      } else return undefined;
    }
  }

  private unary(): UnitsError | undefined {
    const from = this.en.length;
    const error = this.primary();
    if (error || this.kind() !== POW) return error;
    const bad = this.power();
    if (bad) return bad;
    const { n, d } = this.p;
    if (Math.abs(n) > EXPONENT_LIMIT || d > EXPONENT_LIMIT) return exponentTooLarge();
    for (let j = from; j < this.en.length; j++) {
      const r = rational((this.en[j] as number) * n, (this.ed[j] as number) * d);
      if (Math.abs(r.n) > EXPONENT_LIMIT || r.d > EXPONENT_LIMIT) return exponentTooLarge();
      this.en[j] = r.n;
      this.ed[j] = r.d;
    }
    return undefined;
  }

  /**
   * The exponent after `^`, `**` or a superscript, into this.p. Powers associate
   * right and a sign binds looser than them, as in pint and Python:
   * m^2^3 = m^(2^3) = m^8, m^-2^2 = m^-4, m²^3 = m^8.
   */
  private power(): UnitsError | undefined {
    this.index++;
    const sign = this.sign();
    let error = this.exponent();
    if (!error && this.kind() === POW) {
      const base = this.p;
      error = this.power();
      if (!error) {
        // an exact exponent (2^3 = 8, (1/2)^2 = 1/4) or an error (2^(1/2), 2^99999)
        const e = toExponent((base.n / base.d) ** (this.p.n / this.p.d));
        if (e._tag === "Left") return e.left;
        this.p = e.right;
      }
    }
    if (!error) this.p = rational(sign * this.p.n, this.p.d);
    return error;
  }

  private push(term: ResolvedTerm | undefined, mag: Magnitude | undefined): void {
    this.atoms.push(term);
    this.mags.push(mag);
    this.en.push(1);
    this.ed.push(1);
  }

  private primary(): UnitsError | undefined {
    const k = this.kind();
    const position = this.pos();
    if (k === NUM) {
      this.push(undefined, magnitudeFromDecimal(this.text()));
      this.index++;
      return undefined;
    }
    if (k === NAME) {
      const found = this.resolve(this.text(), position, this.input);
      if (found._tag === "Left") return found.left;
      this.push(found.right, undefined);
      this.index++;
      return undefined;
    }
    if (k === LPAREN) {
      // Each level costs stack frames: a limit turns 3,000 "(" into an error, not a stack overflow.
      if (++this.depth > MAX_DEPTH) return this.fail(`parentheses nest deeper than ${MAX_DEPTH} levels`);
      this.index++;
      const error = this.product();
      if (error) return error;
      if (this.kind() !== RPAREN) return this.fail('expected ")"');
      this.index++;
      this.depth--;
      return undefined;
    }
    return this.fail(
      k === END
        ? "unexpected end of input: a unit is missing"
        : k === MINUS || k === PLUS
          ? "a sign is only allowed in an exponent (write s^-1, not -s)"
          : 'expected a unit name, a number or "("',
    );
  }

  /** `2`, `0.5`, `(1/2)`, `(-3/2)`: an exponent after its sign, into this.p */
  private exponent(): UnitsError | undefined {
    const k = this.kind();
    if (k === NUM) {
      const text = this.text();
      const r = rationalFromDecimal(text);
      if (!r) return this.fail(`exponent "${clip(text)}" is not an exact number; write a fraction such as (1/3)`);
      this.index++;
      this.p = r;
      return undefined;
    }
    if (k !== LPAREN) return this.fail("expected an exponent such as 2, -1 or (1/2)");
    this.index++;
    const innerSign = this.sign();
    if (this.kind() !== NUM) return this.fail("expected a number in the exponent");
    let value = rationalFromDecimal(this.text());
    if (!value) return this.fail("expected a simple number in the exponent");
    this.index++;
    if (this.kind() === DIV) {
      this.index++;
      const d = this.kind() === NUM ? Number(this.text()) : Number.NaN;
      if (!Number.isSafeInteger(d) || d === 0) return this.fail("expected a non-zero integer denominator");
      this.index++;
      value = rational(value.n, value.d * d);
    }
    if (this.kind() !== RPAREN) return this.fail('expected ")" to close the exponent');
    this.index++;
    this.p = rational(innerSign * value.n, value.d);
    return undefined;
  }

  /** An optional sign, allowed only at the start of an exponent. */
  private sign(): number {
    const k = this.kind();
    if (k !== MINUS && k !== PLUS) return 1;
    this.index++;
    return k === MINUS ? -1 : 1;
  }
}

/** Parses `input` to a Unit, resolving names with `resolve`. Never throws. */
export const parseUnitExpression = (input: string, resolve: NameResolver): Either<UnitsError, Unit> => {
  const tokens = tokenize(input);
  if ("_tag" in tokens) return left(tokens);
  if (tokens.kind.length === 1) return right(Unit.dimensionless);
  try {
    return new Parser(input, tokens, resolve).parse();
  } catch (error) {
    // rational() refuses exponents that leave the safe integers (m^(1/9…9)·…)
    if (error instanceof RangeError) return left(exponentTooLarge());
    throw error;
  }
};
