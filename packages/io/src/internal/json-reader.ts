// A streaming, pull-style JSON reader. The file is read in chunks (1 MiB by
// default) and decoded as UTF-8 incrementally, so a file of any size is parsed
// in bounded memory; numeric arrays go straight into Float64Arrays, never
// through arrays of JS numbers. It is strict JSON with two tolerances:
// Python's bare `NaN`, `Infinity` and `-Infinity` tokens (json.dump writes
// them), and, in numeric arrays, the strings "NaN", "Infinity", "-Infinity"
// (our own spelling). Objects come back as Maps, keys are checked against
// `__proto__`, `constructor` and `prototype`, duplicate keys are errors, and
// every failure carries the line, column and JSON path. The bare tokens are
// for dimtensor's files only: an experiment decoder turns them off
// (`bareSpecialNumbers`) once a file says it is a dimexp-experiment, whose
// README promises strict JSON.

import type { FileHandle } from "node:fs/promises";
import { type FileError, type FileLocation, forbiddenKey, invalidContent, malformedFile } from "../errors.js";

export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;
/** Objects are Maps: no prototype to pollute, and key order is kept. */
export type JsonObject = Map<string, JsonValue>;

/** Thrown inside the reader and the decoders built on it; caught at the API boundary. */
export class FileFailure extends Error {
  constructor(readonly error: FileError) {
    super(error.message);
  }
}

export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);

const NEED_MORE = Symbol("need more input");
type NeedMore = typeof NEED_MORE;

const MAX_DEPTH = 512;

/** U+0000–U+001F, which JSON strings must escape */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly the characters JSON forbids unescaped
const CONTROL_CHARACTER = /[\u0000-\u001f]/;

/** 10^0 … 10^22, every one an exact double */
const POWERS_OF_TEN = Array.from({ length: 23 }, (_, i) => Number(`1e${i}`));

/** A source of decoded text chunks; `undefined` at the end. */
export interface TextSource {
  next(): Promise<string | undefined>;
  readonly bytesRead: number;
}

/** Reads a file handle in chunks and decodes UTF-8 across chunk boundaries. */
export const fileTextSource = (handle: FileHandle, file: string, chunkBytes = 1 << 20): TextSource => {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  const buffer = Buffer.allocUnsafe(chunkBytes);
  let bytesRead = 0;
  let done = false;
  return {
    get bytesRead() {
      return bytesRead;
    },
    async next() {
      if (done) return undefined;
      const { bytesRead: n } = await handle.read(buffer, 0, chunkBytes, null);
      bytesRead += n;
      try {
        if (n === 0) {
          done = true;
          const tail = decoder.decode();
          return tail === "" ? undefined : tail;
        }
        return decoder.decode(buffer.subarray(0, n), { stream: true });
      } catch {
        throw new FileFailure(
          malformedFile(file, { path: "", offset: bytesRead }, "encoding", `the file is not valid UTF-8 (within the ${bytesRead} bytes read so far)`),
        );
      }
    },
  };
};

/** A whole string as a source (tests, small documents). */
export const stringTextSource = (text: string): TextSource => {
  let given = false;
  return {
    get bytesRead() {
      return given ? Buffer.byteLength(text) : 0;
    },
    async next() {
      if (given) return undefined;
      given = true;
      return text;
    },
  };
};

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isWs = (c: number): boolean => c === 32 || c === 10 || c === 13 || c === 9;

const describeChar = (c: number): string => {
  if (c < 0) return "the end of the file";
  const ch = String.fromCharCode(c);
  if (c < 32) return `the control character U+${c.toString(16).padStart(4, "0").toUpperCase()}`;
  return JSON.stringify(ch);
};

export const keyPath = (path: string, key: string): string =>
  /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;

export interface ReadNumbersOptions {
  /** accept null elements as NaN (never in our own files) */
  readonly nullAsNaN?: boolean;
}

export class JsonReader {
  private buf = "";
  private pos = 0;
  /** absolute character offset of buf[0] */
  private base = 0;
  private eof = false;
  // line bookkeeping, advanced monotonically (each character is counted once)
  private countedTo = 0; // relative to buf
  private line = 1;
  private lastNewline = -1; // absolute offset of the last newline counted

  /**
   * Whether Python's bare NaN, Infinity and -Infinity tokens are read as
   * numbers (dimtensor's files have them); when false they are syntax errors.
   */
  bareSpecialNumbers = true;

  constructor(
    private readonly source: TextSource,
    readonly file: string,
    /** told the bytes read so far after each chunk (progress) */
    private readonly onChunk?: (bytesRead: number) => void,
  ) {}

  get bytesRead(): number {
    return this.source.bytesRead;
  }

  // ------------------------------------------------------------ buffering

  private countLinesTo(relative: number): void {
    let i = this.buf.indexOf("\n", this.countedTo);
    while (i >= 0 && i < relative) {
      this.line++;
      this.lastNewline = this.base + i;
      i = this.buf.indexOf("\n", i + 1);
    }
    if (relative > this.countedTo) this.countedTo = relative;
  }

  /** Appends the next chunk; false at the end of the file. */
  private async fill(): Promise<boolean> {
    if (this.eof) return false;
    const chunk = await this.source.next();
    if (chunk === undefined) {
      this.eof = true;
      return false;
    }
    this.countLinesTo(this.pos);
    this.buf = this.buf.slice(this.pos) + chunk;
    this.base += this.pos;
    this.countedTo -= this.pos;
    this.pos = 0;
    this.onChunk?.(this.source.bytesRead);
    return true;
  }

  private async retry<T>(step: () => T | NeedMore): Promise<T> {
    for (;;) {
      const result = step();
      if (result !== NEED_MORE) return result;
      if (!(await this.fill())) {
        const last = step();
        if (last === NEED_MORE) throw this.truncated();
        return last;
      }
    }
  }

  // ------------------------------------------------------------ locations

  /** Location of a relative buffer position at or after the current one. */
  locationAt(relative: number, path: string): FileLocation {
    this.countLinesTo(Math.min(this.pos, relative));
    let line = this.line;
    let lastNewline = this.lastNewline;
    let i = this.buf.indexOf("\n", this.countedTo);
    while (i >= 0 && i < relative) {
      line++;
      lastNewline = this.base + i;
      i = this.buf.indexOf("\n", i + 1);
    }
    const offset = this.base + relative;
    return { path, line, column: offset - lastNewline, offset };
  }

  /** Location of the next token (after whitespace). */
  async here(path: string): Promise<FileLocation> {
    await this.peek();
    return this.locationAt(this.pos, path);
  }

  fail(relative: number, path: string, reason: "syntax" | "duplicate-key", text: string): FileFailure {
    return new FileFailure(malformedFile(this.file, this.locationAt(relative, path), reason, text));
  }

  invalid(location: FileLocation, text: string): FileFailure {
    return new FileFailure(invalidContent(this.file, location, text));
  }

  private truncated(): FileFailure {
    return new FileFailure(
      malformedFile(this.file, this.locationAt(this.buf.length, this.currentPath), "truncated", "the file ends in the middle of a value (it is truncated)"),
    );
  }

  /** the path being read, for "truncated" messages */
  private currentPath = "$";

  // ------------------------------------------------------------ tokens

  private skipWsSync(): boolean {
    const buf = this.buf;
    let p = this.pos;
    while (p < buf.length && isWs(buf.charCodeAt(p))) p++;
    this.pos = p;
    return p < buf.length;
  }

  /** The next non-whitespace character code, not consumed; -1 at the end of the file. */
  async peek(): Promise<number> {
    for (;;) {
      if (this.skipWsSync()) return this.buf.charCodeAt(this.pos);
      if (!(await this.fill())) return -1;
    }
  }

  /** With the next token "[", the first non-whitespace character after it (not consumed); -1 at the end. */
  async peekInside(): Promise<number> {
    await this.peek();
    for (;;) {
      let p = this.pos + 1;
      while (p < this.buf.length && isWs(this.buf.charCodeAt(p))) p++;
      if (p < this.buf.length) return this.buf.charCodeAt(p);
      if (!(await this.fill())) return -1;
    }
  }

  private async expect(char: string, path: string, what: string): Promise<void> {
    const c = await this.peek();
    if (c !== char.charCodeAt(0)) {
      if (c < 0) {
        this.currentPath = path;
        throw this.truncated();
      }
      throw this.fail(this.pos, path, "syntax", `expected ${what}, found ${describeChar(c)}`);
    }
    this.pos++;
  }

  private stringSync(path: string): string | NeedMore {
    const buf = this.buf;
    const start = this.pos + 1;
    let p = start;
    let escaped = false;
    for (;;) {
      const q = buf.indexOf('"', p);
      if (q < 0) return this.eof ? this.failString(path) : NEED_MORE;
      // count the backslashes before the quote: an odd number escapes it
      let b = q - 1;
      while (b >= start && buf.charCodeAt(b) === 92) b--;
      if ((q - 1 - b) % 2 === 1) {
        escaped = true;
        p = q + 1;
        continue;
      }
      const raw = buf.slice(start, q);
      if (!escaped && raw.indexOf("\\") >= 0) escaped = true;
      const control = CONTROL_CHARACTER.exec(raw);
      if (control) {
        throw this.fail(start + control.index, path, "syntax", `${describeChar(raw.charCodeAt(control.index))} must be escaped inside a string`);
      }
      this.pos = q + 1;
      return escaped ? this.unescape(raw, start, path) : raw;
    }
  }

  private failString(path: string): never {
    this.currentPath = path;
    throw this.truncated();
  }

  private unescape(raw: string, start: number, path: string): string {
    let out = "";
    let i = 0;
    while (i < raw.length) {
      const slash = raw.indexOf("\\", i);
      if (slash < 0) {
        out += raw.slice(i);
        break;
      }
      out += raw.slice(i, slash);
      const e = raw[slash + 1];
      switch (e) {
        case '"':
        case "\\":
        case "/":
          out += e;
          i = slash + 2;
          break;
        case "b":
          out += "\b";
          i = slash + 2;
          break;
        case "f":
          out += "\f";
          i = slash + 2;
          break;
        case "n":
          out += "\n";
          i = slash + 2;
          break;
        case "r":
          out += "\r";
          i = slash + 2;
          break;
        case "t":
          out += "\t";
          i = slash + 2;
          break;
        case "u": {
          const hex = raw.slice(slash + 2, slash + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw this.fail(start + slash, path, "syntax", `invalid escape \\u${hex}: it needs four hex digits`);
          out += String.fromCharCode(Number.parseInt(hex, 16));
          i = slash + 6;
          break;
        }
        default:
          throw this.fail(start + slash, path, "syntax", `invalid escape \\${e ?? ""} in a string`);
      }
    }
    return out;
  }

  /**
   * A number token at pos: JSON's grammar, or (tolerated) NaN, Infinity,
   * -Infinity. Returns the value and leaves pos after it.
   */
  private numberSync(path: string): number | NeedMore {
    const buf = this.buf;
    const start = this.pos;
    let p = start;
    let c = buf.charCodeAt(p);
    // Clinger's fast path: up to 15 significant digits and a power of ten up
    // to 22 are exact doubles, so one multiplication or division rounds
    // correctly; anything else goes through Number(text).
    let mantissa = 0;
    let digits = 0;
    let scale = 0;
    if (c === 45) c = buf.charCodeAt(++p);
    if (c === 48) {
      p++;
    } else if (c >= 49 && c <= 57) {
      do {
        mantissa = mantissa * 10 + (c - 48);
        digits++;
        c = buf.charCodeAt(++p);
      } while (isDigit(c));
    } else if (c === 73 || c === 78) {
      const word = c === 73 ? "Infinity" : "NaN";
      if (c === 78 && p !== start) throw this.fail(start, path, "syntax", "invalid number -NaN");
      if (buf.length - p < word.length) {
        if (!this.eof) return NEED_MORE;
        if (word.startsWith(buf.slice(p))) return this.endOfInput(path);
      }
      if (buf.startsWith(word, p)) {
        if (!this.bareSpecialNumbers) {
          const token = buf.slice(start, p + word.length);
          throw this.fail(
            start,
            path,
            "syntax",
            `${token} is not JSON: a dimexp-experiment file is strict JSON and writes NaN, Infinity and -Infinity as the strings "NaN", "Infinity", "-Infinity" — quote it`,
          );
        }
        this.pos = p + word.length;
        return c === 78 ? Number.NaN : p === start ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
      }
      throw this.fail(start, path, "syntax", `invalid token ${JSON.stringify(buf.slice(start, start + 10))}`);
    } else {
      if (Number.isNaN(c)) return this.endOfInput(path);
      throw this.fail(p, path, "syntax", `expected a digit, found ${describeChar(c)}`);
    }
    if (buf.charCodeAt(p) === 46) {
      p++;
      c = buf.charCodeAt(p);
      if (!isDigit(c)) {
        if (p >= buf.length) return this.endOfInput(path);
        throw this.fail(p, path, "syntax", "a number needs digits after the decimal point");
      }
      do {
        mantissa = mantissa * 10 + (c - 48);
        digits++;
        scale++;
        c = buf.charCodeAt(++p);
      } while (isDigit(c));
    }
    let exponent = 0;
    c = buf.charCodeAt(p);
    if (c === 101 || c === 69) {
      p++;
      c = buf.charCodeAt(p);
      let sign = 1;
      if (c === 43 || c === 45) {
        if (c === 45) sign = -1;
        c = buf.charCodeAt(++p);
      }
      if (!isDigit(c)) {
        if (p >= buf.length) return this.endOfInput(path);
        throw this.fail(p, path, "syntax", "a number needs digits in its exponent");
      }
      do {
        if (exponent < 100_000) exponent = exponent * 10 + (c - 48);
        c = buf.charCodeAt(++p);
      } while (isDigit(c));
      exponent *= sign;
    }
    if (p >= buf.length && !this.eof) return NEED_MORE;
    this.pos = p;
    const power = exponent - scale;
    if (digits <= 15 && power >= -22 && power <= 22) {
      const magnitude = power === 0 ? mantissa : power > 0 ? mantissa * (POWERS_OF_TEN[power] as number) : mantissa / (POWERS_OF_TEN[-power] as number);
      return buf.charCodeAt(start) === 45 ? -magnitude : magnitude;
    }
    return Number(buf.slice(start, p));
  }

  /** The input ended inside a token: wait for more, or report a truncated file. */
  private endOfInput(path: string): NeedMore {
    if (!this.eof) return NEED_MORE;
    this.currentPath = path;
    throw this.truncated();
  }

  private literalSync(word: string, value: boolean | null, path: string): boolean | null | NeedMore {
    if (this.buf.length - this.pos < word.length) {
      if (!this.eof) return NEED_MORE;
      if (word.startsWith(this.buf.slice(this.pos))) return this.endOfInput(path);
    }
    if (!this.buf.startsWith(word, this.pos)) {
      throw this.fail(this.pos, path, "syntax", `invalid token ${JSON.stringify(this.buf.slice(this.pos, this.pos + 10))}`);
    }
    this.pos += word.length;
    return value;
  }

  // ------------------------------------------------------------ values

  /** The type of the next value, for messages: "a string", "an array", … */
  async nextKind(): Promise<string> {
    const c = await this.peek();
    if (c === 34) return "a string";
    if (c === 123) return "an object";
    if (c === 91) return "an array";
    if (c === 116 || c === 102) return "a boolean";
    if (c === 110) return "null";
    if (c === 45 || isDigit(c) || c === 73 || c === 78) return "a number";
    return describeChar(c);
  }

  async readString(path: string, what = "a string"): Promise<string> {
    const c = await this.peek();
    if (c < 0) {
      this.currentPath = path;
      throw this.truncated();
    }
    if (c !== 34) throw this.invalid(this.locationAt(this.pos, path), `expected ${what}, found ${await this.nextKind()}`);
    this.currentPath = path;
    return this.retry(() => this.stringSync(path));
  }

  /** A number; bare NaN/Infinity tokens are accepted, and with `specialStrings` the strings "NaN", "Infinity", "-Infinity". */
  async readNumber(path: string, what = "a number", specialStrings = false): Promise<number> {
    const c = await this.peek();
    if (c === 34 && specialStrings) {
      const at = this.locationAt(this.pos, path);
      const s = await this.readString(path);
      const special = specialNumber(s);
      if (special === undefined) throw this.invalid(at, `expected ${what}, found the string ${JSON.stringify(s)}`);
      return special;
    }
    if (!(c === 45 || isDigit(c) || c === 73 || c === 78)) {
      throw this.invalid(this.locationAt(this.pos, path), `expected ${what}, found ${await this.nextKind()}`);
    }
    this.currentPath = path;
    return this.retry(() => this.numberSync(path));
  }

  async readBoolean(path: string): Promise<boolean> {
    const c = await this.peek();
    if (c === 116) return (await this.retry(() => this.literalSync("true", true, path))) as boolean;
    if (c === 102) return (await this.retry(() => this.literalSync("false", false, path))) as boolean;
    throw this.invalid(this.locationAt(this.pos, path), `expected true or false, found ${await this.nextKind()}`);
  }

  /** Consumes `null` if it is next; true if it was. */
  async readNullIfPresent(path: string): Promise<boolean> {
    if ((await this.peek()) !== 110) return false;
    await this.retry(() => this.literalSync("null", null, path));
    return true;
  }

  /**
   * Iterates an object's keys; `onKey` must consume the value. Forbidden and
   * duplicate keys are refused before `onKey` sees them.
   */
  async readObject(path: string, onKey: (key: string, valuePath: string, keyAt: FileLocation) => Promise<void>, what = "an object"): Promise<void> {
    const c = await this.peek();
    if (c !== 123) {
      if (c < 0) {
        this.currentPath = path;
        throw this.truncated();
      }
      throw this.invalid(this.locationAt(this.pos, path), `expected ${what}, found ${await this.nextKind()}`);
    }
    this.pos++;
    const seen = new Set<string>();
    if ((await this.peek()) === 125) {
      this.pos++;
      return;
    }
    for (;;) {
      const keyStart = await this.peek();
      if (keyStart !== 34) {
        if (keyStart < 0) {
          this.currentPath = path;
          throw this.truncated();
        }
        throw this.fail(this.pos, path, "syntax", `expected a key in double quotes, found ${describeChar(keyStart)}`);
      }
      const keyAt = this.locationAt(this.pos, path);
      this.currentPath = path;
      const key = await this.retry(() => this.stringSync(path));
      const valuePath = keyPath(path, key);
      if (FORBIDDEN_KEYS.has(key)) throw new FileFailure(forbiddenKey(this.file, { ...keyAt, path: valuePath }, key));
      if (seen.has(key)) {
        throw new FileFailure(malformedFile(this.file, { ...keyAt, path: valuePath }, "duplicate-key", `the key ${JSON.stringify(key)} appears twice in this object`));
      }
      seen.add(key);
      await this.expect(":", valuePath, '":" after the key');
      this.currentPath = valuePath;
      await onKey(key, valuePath, keyAt);
      const next = await this.peek();
      if (next === 44) {
        this.pos++;
        continue;
      }
      if (next === 125) {
        this.pos++;
        return;
      }
      if (next < 0) {
        this.currentPath = path;
        throw this.truncated();
      }
      throw this.fail(this.pos, path, "syntax", `expected "," or "}" after a value, found ${describeChar(next)}`);
    }
  }

  /** Iterates an array's elements; `onItem` must consume each. */
  async readArray(path: string, onItem: (index: number, itemPath: string) => Promise<void>, what = "an array"): Promise<number> {
    const c = await this.peek();
    if (c !== 91) {
      if (c < 0) {
        this.currentPath = path;
        throw this.truncated();
      }
      throw this.invalid(this.locationAt(this.pos, path), `expected ${what}, found ${await this.nextKind()}`);
    }
    this.pos++;
    if ((await this.peek()) === 93) {
      this.pos++;
      return 0;
    }
    for (let index = 0; ; index++) {
      const itemPath = `${path}[${index}]`;
      this.currentPath = itemPath;
      await onItem(index, itemPath);
      const next = await this.peek();
      if (next === 44) {
        this.pos++;
        continue;
      }
      if (next === 93) {
        this.pos++;
        return index + 1;
      }
      if (next < 0) {
        this.currentPath = path;
        throw this.truncated();
      }
      throw this.fail(this.pos, path, "syntax", `expected "," or "]" after an element, found ${describeChar(next)}`);
    }
  }

  /** Any JSON value (objects as Maps). */
  async readValue(path: string, depth = 0): Promise<JsonValue> {
    if (depth > MAX_DEPTH) throw this.fail(this.pos, path, "syntax", `values are nested more than ${MAX_DEPTH} deep`);
    const c = await this.peek();
    if (c === 123) {
      const object: JsonObject = new Map();
      await this.readObject(path, async (key, valuePath) => {
        object.set(key, await this.readValue(valuePath, depth + 1));
      });
      return object;
    }
    if (c === 91) {
      const array: JsonValue[] = [];
      await this.readArray(path, async (_, itemPath) => {
        array.push(await this.readValue(itemPath, depth + 1));
      });
      return array;
    }
    if (c === 34) return this.readString(path);
    if (c === 116 || c === 102) return this.readBoolean(path);
    if (c === 110) {
      await this.readNullIfPresent(path);
      return null;
    }
    if (c === 45 || isDigit(c) || c === 73 || c === 78) return this.readNumber(path);
    if (c < 0) {
      this.currentPath = path;
      throw this.truncated();
    }
    throw this.fail(this.pos, path, "syntax", `expected a value, found ${describeChar(c)}`);
  }

  /** Skips a value without keeping it (still checked: keys, syntax). */
  async skipValue(path: string): Promise<void> {
    await this.readValue(path);
  }

  /**
   * A flat array of numbers into a Float64Array, without an intermediate JS
   * array. Elements may be numbers, the bare tokens NaN/Infinity/-Infinity, or
   * the strings "NaN", "Infinity", "-Infinity".
   */
  async readNumberArray(path: string, what = "an array of numbers", options: ReadNumbersOptions = {}): Promise<Float64Array> {
    const c = await this.peek();
    if (c !== 91) {
      if (c < 0) {
        this.currentPath = path;
        throw this.truncated();
      }
      throw this.invalid(this.locationAt(this.pos, path), `expected ${what}, found ${await this.nextKind()}`);
    }
    this.pos++;
    let out = new Float64Array(1024);
    let n = 0;
    // 0: expecting a value or "]" (just after "["), 1: expecting a value, 2: expecting "," or "]"
    let state = 0;
    this.currentPath = path;
    for (;;) {
      // the synchronous inner loop consumes every element fully inside the buffer
      const buf = this.buf;
      const limit = this.eof ? buf.length : buf.length - 64;
      let p = this.pos;
      while (p < limit) {
        const ch = buf.charCodeAt(p);
        if (isWs(ch)) {
          p++;
          continue;
        }
        if (state === 2) {
          if (ch === 44) {
            state = 1;
            p++;
            continue;
          }
          if (ch === 93) {
            this.pos = p + 1;
            return n === out.length ? out : out.slice(0, n);
          }
          throw this.fail(p, path, "syntax", `expected "," or "]" after an element, found ${describeChar(ch)}`);
        }
        if (ch === 93 && state === 0) {
          this.pos = p + 1;
          return new Float64Array(0);
        }
        if (n === out.length) {
          const grown = new Float64Array(out.length * 2);
          grown.set(out);
          out = grown;
        }
        this.pos = p;
        const elementPath = `${path}[${n}]`;
        if (ch === 34) {
          const s = this.stringSync(elementPath);
          if (s === NEED_MORE) break;
          const special = specialNumber(s);
          if (special === undefined) {
            throw this.invalid(this.locationAt(p, elementPath), `expected a number (or "NaN", "Infinity", "-Infinity"), found the string ${JSON.stringify(s)}`);
          }
          out[n++] = special;
        } else if (ch === 110 && options.nullAsNaN) {
          const v = this.literalSync("null", null, elementPath);
          if (v === NEED_MORE) break;
          out[n++] = Number.NaN;
        } else if (ch === 45 || isDigit(ch) || ch === 73 || ch === 78) {
          const v = this.numberSync(elementPath);
          if (v === NEED_MORE) break;
          out[n++] = v;
        } else {
          const found =
            ch === 110 ? "null (JSON.stringify writes NaN and Infinity as null: write them as the strings \"NaN\", \"Infinity\", \"-Infinity\")"
            : ch === 123 ? "an object"
            : ch === 91 ? "an array"
            : ch === 116 || ch === 102 ? "a boolean"
            : describeChar(ch);
          if (ch === 110 || ch === 123 || ch === 91 || ch === 116 || ch === 102) {
            throw this.invalid(this.locationAt(p, elementPath), `expected a number, found ${found}`);
          }
          throw this.fail(p, elementPath, "syntax", `expected a number, found ${found}`);
        }
        p = this.pos;
        state = 2;
      }
      if (p >= buf.length && this.eof) throw this.truncated();
      // p is at the first element not consumed (NEED_MORE leaves pos there too)
      this.pos = p;
      await this.fill();
    }
  }

  /** Requires nothing but whitespace after the top-level value. */
  async end(): Promise<void> {
    const c = await this.peek();
    if (c >= 0) throw this.fail(this.pos, "$", "syntax", `unexpected ${describeChar(c)} after the end of the document`);
  }
}

/** "NaN", "Infinity", "-Infinity" as numbers (Python's "nan"/"inf" spellings too). */
export const specialNumber = (s: string): number | undefined => {
  switch (s) {
    case "NaN":
    case "nan":
      return Number.NaN;
    case "Infinity":
    case "inf":
      return Number.POSITIVE_INFINITY;
    case "-Infinity":
    case "-inf":
      return Number.NEGATIVE_INFINITY;
    default:
      return undefined;
  }
};
