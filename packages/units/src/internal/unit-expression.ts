// Recursive-descent parser for unit expressions:
//   kg*m/s^2   kg m s^-2   kg·m/s²   m/s**2   J/(mol*K)   m^(1/2)   1e3 m   GeV⁻¹
// `*`, `/` and juxtaposition share one precedence and associate left, as in
// pint (so J/mol*K is (J/mol)·K, and J/(mol*K) needs its parentheses).
// Names are resolved by a callback so the same parser reads the registry's own
// definitions while the registry is being built.

import type { UnitsError } from "../errors.js";
import { clip, parseError } from "../errors.js";
import { Unit } from "../unit.js";
import { type Either, chain, left, map, right } from "./either.js";
import { toExponent } from "./exponent.js";
import { magnitudeFromDecimal } from "./magnitude.js";
import { type Rational, rational, rationalFromDecimal } from "./rational.js";

export type NameResolver = (name: string, position: number, input: string) => Either<UnitsError, Unit>;

type Token =
  | { kind: "number"; text: string; pos: number }
  | { kind: "name"; text: string; pos: number }
  | { kind: "mul" | "div" | "pow" | "lparen" | "rparen" | "space"; pos: number }
  | { kind: "sign"; negative: boolean; pos: number }
  | { kind: "end"; pos: number };

/** superscript characters and their plain spellings, position for position */
const SUPERSCRIPT_CHARS = "⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺";
const PLAIN_CHARS = "0123456789-+";
const fromSuperscript = (ch: string): string | undefined => {
  const i = SUPERSCRIPT_CHARS.indexOf(ch);
  return i < 0 ? undefined : PLAIN_CHARS[i];
};

const NAME_EXTRA = "_°℃℉%‰′″∞'";
const isNameStart = (ch: string): boolean => /\p{L}/u.test(ch) || NAME_EXTRA.includes(ch);
const isDigit = (ch: string | undefined): boolean => ch !== undefined && ch >= "0" && ch <= "9";
const NUMBER = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/;

const tokenize = (input: string): Either<UnitsError, Token[]> => {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const ch = input[i] as string;
    if (ch === " " || ch === "\t" || ch === "\u00a0" || ch === "\u202f") {
      if (tokens.at(-1)?.kind !== "space") tokens.push({ kind: "space", pos: i });
      i++;
    } else if (ch === "*" && input[i + 1] === "*") {
      tokens.push({ kind: "pow", pos: i });
      i += 2;
    } else if (ch === "*" || ch === "·" || ch === "⋅" || ch === "×" || ch === "∙") {
      tokens.push({ kind: "mul", pos: i });
      i++;
    } else if (ch === "." && !isDigit(input[i + 1])) {
      // siunitx-style "kg.m" (a dot that does not start a decimal)
      tokens.push({ kind: "mul", pos: i });
      i++;
    } else if (ch === "/" || ch === "÷") {
      tokens.push({ kind: "div", pos: i });
      i++;
    } else if (ch === "-" || ch === "−" || ch === "+") {
      tokens.push({ kind: "sign", negative: ch !== "+", pos: i });
      i++;
    } else if (ch === "^") {
      tokens.push({ kind: "pow", pos: i });
      i++;
    } else if (ch === "(") {
      tokens.push({ kind: "lparen", pos: i });
      i++;
    } else if (ch === ")") {
      tokens.push({ kind: "rparen", pos: i });
      i++;
    } else if (fromSuperscript(ch) !== undefined) {
      const start = i;
      let text = "";
      while (i < input.length && fromSuperscript(input[i] as string) !== undefined) {
        text += fromSuperscript(input[i] as string);
        i++;
      }
      const m = /^([+-]?)(\d+)$/.exec(text);
      if (!m) return left(parseError(input, start, "malformed superscript exponent"));
      // m⁻² reads as m^-2, so superscripts follow the same power rules as ^.
      tokens.push({ kind: "pow", pos: start });
      if (m[1]) tokens.push({ kind: "sign", negative: m[1] === "-", pos: start });
      tokens.push({ kind: "number", text: m[2] as string, pos: start });
    } else if (isDigit(ch) || (ch === "." && isDigit(input[i + 1]))) {
      const m = NUMBER.exec(input.slice(i));
      const text = (m as RegExpExecArray)[0];
      tokens.push({ kind: "number", text, pos: i });
      i += text.length;
    } else if (isNameStart(ch)) {
      const start = i;
      i += ch.length;
      while (i < input.length) {
        const c = input[i] as string;
        // Names may hold digits (a_0, eps0, mmH2O); "m2" is caught at resolution.
        if (isNameStart(c) || isDigit(c)) i++;
        else break;
      }
      tokens.push({ kind: "name", text: input.slice(start, i), pos: start });
    } else {
      return left(parseError(input, i, `unexpected character "${ch}"`));
    }
  }
  // Spaces matter only between two operands; drop the rest.
  const cleaned = tokens.filter((t, k) => {
    if (t.kind !== "space") return true;
    const prev = tokens[k - 1];
    const next = tokens[k + 1];
    const endsOperand = prev && (prev.kind === "name" || prev.kind === "number" || prev.kind === "rparen");
    const startsOperand = next && (next.kind === "name" || next.kind === "number" || next.kind === "lparen");
    return Boolean(endsOperand && startsOperand);
  });
  cleaned.push({ kind: "end", pos: input.length });
  return right(cleaned);
};

const MAX_DEPTH = 50;

class Parser {
  private index = 0;
  private depth = 0;
  constructor(
    private readonly input: string,
    private readonly tokens: Token[],
    private readonly resolve: NameResolver,
  ) {}

  private peek(): Token {
    return this.tokens[this.index] as Token;
  }

  parse(): Either<UnitsError, Unit> {
    const result = this.product();
    if (result._tag === "Left") return result;
    const next = this.peek();
    if (next.kind !== "end") {
      return left(parseError(this.input, next.pos, next.kind === "rparen" ? 'unbalanced ")"' : "unexpected token"));
    }
    return result;
  }

  private product(): Either<UnitsError, Unit> {
    let acc = this.unary();
    for (;;) {
      if (acc._tag === "Left") return acc;
      const t = this.peek();
      if (t.kind === "mul" || t.kind === "div" || t.kind === "space") {
        this.index++;
        const rhs = this.unary();
        const lhs = acc.right;
        acc = chain((r: Unit) => (t.kind === "div" ? lhs.div(r) : lhs.mul(r)))(rhs);
      } else if (t.kind === "name" || t.kind === "lparen") {
        // Juxtaposition without a space: "(kg)(m)"
        const rhs = this.unary();
        const lhs = acc.right;
        acc = chain((r: Unit) => lhs.mul(r))(rhs);
      } else return acc;
    }
  }

  private unary(): Either<UnitsError, Unit> {
    const base = this.primary();
    if (base._tag === "Left" || this.peek().kind !== "pow") return base;
    return chain((p: Rational) => base.right.pow(p))(this.power());
  }

  /**
   * The exponent after `^`, `**` or a superscript. Powers associate right and a
   * sign binds looser than them, as in pint and Python: m^2^3 = m^(2^3) = m^8,
   * m^-2^2 = m^-4, m²^3 = m^8.
   */
  private power(): Either<UnitsError, Rational> {
    this.index++;
    const sign = this.sign();
    let e = this.exponent();
    if (e._tag === "Right" && this.peek().kind === "pow") {
      const base = e.right;
      // an exact exponent (2^3 = 8, (1/2)^2 = 1/4) or an error (2^(1/2), 2^99999)
      e = chain((p: Rational) => toExponent((base.n / base.d) ** (p.n / p.d)))(this.power());
    }
    return map<UnitsError, Rational, Rational>((r) => rational(sign * r.n, r.d))(e);
  }

  private primary(): Either<UnitsError, Unit> {
    const t = this.peek();
    if (t.kind === "number") {
      this.index++;
      // through compose, so 1e400 (a double's Infinity) is refused like km^99999999
      return Unit.compose([], magnitudeFromDecimal(t.text));
    }
    if (t.kind === "name") {
      this.index++;
      return this.resolve(t.text, t.pos, this.input);
    }
    if (t.kind === "lparen") {
      // Each level costs stack frames: a limit turns 3,000 "(" into an error, not a stack overflow.
      if (++this.depth > MAX_DEPTH) return left(parseError(this.input, t.pos, `parentheses nest deeper than ${MAX_DEPTH} levels`));
      this.index++;
      const inner = this.product();
      if (inner._tag === "Left") return inner;
      if (this.peek().kind !== "rparen") return left(parseError(this.input, this.peek().pos, 'expected ")"'));
      this.index++;
      this.depth--;
      return inner;
    }
    const what =
      t.kind === "end"
        ? "unexpected end of input: a unit is missing"
        : t.kind === "sign"
          ? "a sign is only allowed in an exponent (write s^-1, not -s)"
          : 'expected a unit name, a number or "("';
    return left(parseError(this.input, t.pos, what));
  }

  /** `2`, `0.5`, `(1/2)`, `(-3/2)`: an exponent after its sign */
  private exponent(): Either<UnitsError, Rational> {
    const t = this.peek();
    if (t.kind === "number") {
      this.index++;
      const r = rationalFromDecimal(t.text);
      if (!r) return left(parseError(this.input, t.pos, `exponent "${clip(t.text)}" is not an exact number; write a fraction such as (1/3)`));
      return right(r);
    }
    if (t.kind === "lparen") {
      this.index++;
      const innerSign = this.sign();
      const num = this.peek();
      if (num.kind !== "number") return left(parseError(this.input, num.pos, "expected a number in the exponent"));
      this.index++;
      let value = rationalFromDecimal(num.text);
      if (!value) return left(parseError(this.input, num.pos, "expected a simple number in the exponent"));
      if (this.peek().kind === "div") {
        this.index++;
        const den = this.peek();
        const d = den.kind === "number" ? Number(den.text) : Number.NaN;
        if (!Number.isSafeInteger(d) || d === 0) return left(parseError(this.input, den.pos, "expected a non-zero integer denominator"));
        this.index++;
        value = rational(value.n, value.d * d);
      }
      if (this.peek().kind !== "rparen") return left(parseError(this.input, this.peek().pos, 'expected ")" to close the exponent'));
      this.index++;
      return right(rational(innerSign * value.n, value.d));
    }
    return left(parseError(this.input, t.pos, "expected an exponent such as 2, -1 or (1/2)"));
  }

  /** An optional sign, allowed only at the start of an exponent. */
  private sign(): number {
    const t = this.peek();
    if (t.kind !== "sign") return 1;
    this.index++;
    return t.negative ? -1 : 1;
  }
}

/** Parses `input` to a Unit, resolving names with `resolve`. Never throws. */
export const parseUnitExpression = (input: string, resolve: NameResolver): Either<UnitsError, Unit> => {
  const tokens = tokenize(input);
  if (tokens._tag === "Left") return tokens;
  if (tokens.right.length === 1) return right(Unit.dimensionless);
  return new Parser(input, tokens.right, resolve).parse();
};
