// Tokens of the filter language, produced one at a time: after a number the
// parser reads the raw text that follows as a unit expression (`9.81 m/s^2`),
// which no context-free tokenizer could do, so the lexer is pulled, not run ahead.

import { type QueryParseError, queryParseError } from "../errors.js";
import type { ComparisonOp } from "./ast.js";

export type Token =
  /** a bare word or a dotted field name; `quotedKey` when the key part was written in backticks/quotes */
  | { readonly kind: "word"; readonly text: string; readonly pos: number; readonly end: number; readonly quotedKey: string | undefined }
  | { readonly kind: "number"; readonly text: string; readonly value: number; readonly pos: number; readonly end: number }
  | { readonly kind: "string"; readonly value: string; readonly pos: number; readonly end: number }
  | { readonly kind: "op"; readonly op: ComparisonOp; readonly text: string; readonly pos: number; readonly end: number }
  | { readonly kind: "&&" | "||" | "!" | "(" | ")" | ","; readonly pos: number; readonly end: number }
  | { readonly kind: "end"; readonly pos: number; readonly end: number };

/** Thrown inside the parser only; parseQuery turns it back into a Left. */
export class ParseFailure {
  constructor(readonly error: QueryParseError) {}
}

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= "0" && c <= "9";
const isSpace = (c: string | undefined): boolean => c !== undefined && /\s/u.test(c);
const isWordStart = (c: string | undefined): boolean => c !== undefined && (/\p{L}/u.test(c) || c === "_");
// Keys may hold what MLflow and W&B allow in names: `train/loss`, `val-loss`, `a.b`, `x:y`.
const isWordPart = (c: string | undefined): boolean =>
  c !== undefined && (/[\p{L}\p{N}_\-/:.]/u.test(c) || c === "µ" || c === "°");

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/;

const ESCAPES: Record<string, string> = { n: "\n", t: "\t", r: "\r", "0": "\0", "\\": "\\", '"': '"', "'": "'", "`": "`" };

export class Lexer {
  pos = 0;
  private cached: Token | undefined;

  constructor(readonly text: string) {}

  fail(position: number, problem: string): never {
    throw new ParseFailure(queryParseError(this.text, position, problem));
  }

  peek(): Token {
    if (!this.cached) {
      const saved = this.pos;
      this.cached = this.read();
      this.pos = saved;
    }
    return this.cached;
  }

  next(): Token {
    const token = this.peek();
    this.cached = undefined;
    this.pos = token.end;
    return token;
  }

  skipSpace(): void {
    while (isSpace(this.text[this.pos])) this.pos++;
  }

  /**
   * The raw text of a unit right after a number: up to `and`/`or`/`&&`/`||`,
   * a `,` or unbalanced `)`, a comparison, a quote, or the end. Returns
   * undefined when no unit follows (a plain number).
   */
  scanUnit(): { text: string; pos: number } | undefined {
    this.cached = undefined;
    const text = this.text;
    let i = this.pos;
    while (isSpace(text[i])) i++;
    const start = i;
    const first = text[i];
    if (first === undefined || !(isWordStart(first) || isDigit(first) || first === "(" || "%°µ‰'\"".includes(first))) return undefined;
    // a quote would open a string, which cannot follow a number
    if (first === "'" || first === '"') return undefined;
    if (/^(and|or)(?![\p{L}\p{N}_])/iu.test(text.slice(i))) return undefined;
    let depth = 0;
    let end = i;
    while (i < text.length) {
      const c = text[i] as string;
      if (c === "(") depth++;
      else if (c === ")") {
        if (depth === 0) break;
        depth--;
      } else if (depth === 0 && (c === "," || c === "=" || c === "<" || c === ">" || c === "!" || c === '"' || c === "'" || c === "`")) break;
      else if (depth === 0 && ((c === "&" && text[i + 1] === "&") || (c === "|" && text[i + 1] === "|"))) break;
      else if (depth === 0 && isSpace(c)) {
        let j = i;
        while (isSpace(text[j])) j++;
        const word = /^(and|or)(?![\p{L}\p{N}_])/iu.exec(text.slice(j));
        if (word) break;
      }
      i++;
      if (!isSpace(c)) end = i;
    }
    const unitText = text.slice(start, end);
    // `10 20` is not a quantity: a unit needs a name somewhere
    if (!/[\p{L}%°‰'_]/u.test(unitText)) return undefined;
    this.pos = end;
    return { text: unitText, pos: start };
  }

  private read(): Token {
    this.skipSpace();
    const text = this.text;
    const pos = this.pos;
    const c = text[pos];
    if (c === undefined) return { kind: "end", pos, end: pos };
    const two = text.slice(pos, pos + 2);
    if (two === "&&" || two === "||") return { kind: two, pos, end: pos + 2 };
    if (two === "==" || two === "!=" || two === "<>" || two === "<=" || two === ">=") {
      const op: ComparisonOp = two === "==" ? "=" : two === "<>" ? "!=" : (two as ComparisonOp);
      return { kind: "op", op, text: two, pos, end: pos + 2 };
    }
    if (c === "=" || c === "<" || c === ">") return { kind: "op", op: c, text: c, pos, end: pos + 1 };
    if (c === "!" || c === "(" || c === ")" || c === ",") return { kind: c, pos, end: pos + 1 };
    if (c === "'" || c === '"') {
      const { value, end } = this.quoted(pos, c);
      return { kind: "string", value, pos, end };
    }
    if (isDigit(c) || ((c === "." || c === "-" || c === "+") && (isDigit(text[pos + 1]) || (text[pos + 1] === "." && isDigit(text[pos + 2]))))) {
      const m = NUMBER.exec(text.slice(pos));
      if (!m) this.fail(pos, `malformed number`);
      const numberText = m[0];
      const end = pos + numberText.length;
      return { kind: "number", text: numberText, value: Number(numberText), pos, end };
    }
    if (isWordStart(c)) return this.word(pos);
    if (c === "`") this.fail(pos, "a backtick-quoted key must follow a source, as in metrics.`my key`");
    return this.fail(pos, `unexpected character ${JSON.stringify(c)}`);
  }

  private word(pos: number): Token {
    const text = this.text;
    let i = pos;
    while (i < text.length && isWordPart(text[i])) i++;
    // `metrics.` followed by a quoted key: metrics.`my key`, params."learning rate"
    const q = text[i];
    if (text[i - 1] === "." && (q === "`" || q === '"' || q === "'")) {
      const { value, end } = this.quoted(i, q);
      return { kind: "word", text: text.slice(pos, i), pos, end, quotedKey: value };
    }
    // a trailing dot belongs to no key (`metrics.loss.` is an error the parser reports)
    return { kind: "word", text: text.slice(pos, i), pos, end: i, quotedKey: undefined };
  }

  /** A quoted string or key starting at `start`; the quote doubled, or a backslash, escapes it. */
  private quoted(start: number, quote: string): { value: string; end: number } {
    const text = this.text;
    let value = "";
    let i = start + 1;
    for (;;) {
      const c = text[i];
      if (c === undefined) {
        this.fail(start, `unterminated ${quote === "`" ? "quoted key" : "string"}: add the closing ${quote}`);
      }
      if (c === quote) {
        if (text[i + 1] === quote) {
          value += quote;
          i += 2;
          continue;
        }
        return { value, end: i + 1 };
      }
      if (c === "\\") {
        const e = text[i + 1];
        if (e === undefined) this.fail(i, "a backslash at the end of the filter escapes nothing");
        if (e === "u" && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
          value += String.fromCharCode(Number.parseInt(text.slice(i + 2, i + 6), 16));
          i += 6;
          continue;
        }
        const mapped = ESCAPES[e];
        // unknown escapes keep their backslash, so like-patterns can say \% and \_
        value += mapped ?? `\\${e}`;
        i += 2;
        continue;
      }
      value += c;
      i++;
    }
  }
}
