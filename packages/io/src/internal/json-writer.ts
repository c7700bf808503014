// A streaming JSON writer: text is collected up to ~1 MiB and then written to
// the file handle, so a file of any size is produced in bounded memory.
// Numbers are written exactly and deterministically: the shortest text that
// reads back to the same double (ECMAScript's Number#toString), -0 as `-0.0`
// (a JSON number that reads back as -0 in JavaScript and Python alike), and
// NaN, Infinity, -Infinity as the strings "NaN", "Infinity", "-Infinity"
// (JSON has no such numbers; strings keep the file strictly valid JSON).

import type { FileHandle } from "node:fs/promises";

/** The JSON text of one double, exactly (see above). */
export const jsonNumber = (x: number): string => {
  if (Number.isNaN(x)) return '"NaN"';
  if (x === Number.POSITIVE_INFINITY) return '"Infinity"';
  if (x === Number.NEGATIVE_INFINITY) return '"-Infinity"';
  if (x === 0 && 1 / x < 0) return "-0.0";
  return String(x);
};

export const jsonString = (s: string): string => JSON.stringify(s);

const FLUSH_AT = 1 << 20;
const NUMBERS_PER_PIECE = 16_384;

export class JsonFileWriter {
  private pending = "";
  private written = 0;

  constructor(private readonly handle: FileHandle) {}

  /** bytes handed to the file so far (pending text excluded) */
  get bytesWritten(): number {
    return this.written;
  }

  push(text: string): void {
    this.pending += text;
  }

  /** Writes the pending text once enough has been collected. */
  async drain(): Promise<void> {
    if (this.pending.length >= FLUSH_AT) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const text = this.pending;
    this.pending = "";
    const bytes = Buffer.from(text, "utf8");
    let offset = 0;
    while (offset < bytes.length) {
      const { bytesWritten } = await this.handle.write(bytes, offset, bytes.length - offset, null);
      offset += bytesWritten;
    }
    this.written += bytes.length;
  }

  /**
   * `[n0,n1,…]` from a Float64Array, formatted in pieces of 16,384 numbers
   * and flushed as it goes; `onNumbers` is told how many were written after
   * each piece.
   *
   * Why a scratch array and JSON.stringify: V8's String(x) interns every
   * result in its number-string cache, which makes it about 4× slower than
   * JSON.stringify on doubles with 17 significant digits; both produce the
   * same text (ECMAScript's Number::toString). One fixed-size scratch array
   * is reused for every piece — never more than 16,384 numbers at a time —
   * and a piece holding NaN, ±Infinity or -0 (which JSON.stringify would
   * write as null or 0) is formatted number by number instead.
   */
  async numbers(values: Float64Array, onNumbers?: (count: number) => void): Promise<void> {
    const n = values.length;
    this.push("[");
    for (let start = 0; start < n; start += NUMBERS_PER_PIECE) {
      const end = Math.min(n, start + NUMBERS_PER_PIECE);
      const scratch = end - start === NUMBERS_PER_PIECE ? this.scratch : new Array<number>(end - start).fill(0.5);
      let plain = true;
      for (let i = start, j = 0; i < end; i++, j++) {
        const x = values[i] as number;
        // x - x is NaN for NaN and ±Infinity; 1 / -0 is -Infinity
        if (x - x !== 0 || (x === 0 && 1 / x < 0)) plain = false;
        scratch[j] = x;
      }
      let piece: string;
      if (plain) {
        const text = JSON.stringify(scratch);
        piece = text.slice(1, -1);
      } else {
        piece = jsonNumber(values[start] as number);
        for (let i = start + 1; i < end; i++) piece += `,${jsonNumber(values[i] as number)}`;
      }
      this.push(start === 0 ? piece : `,${piece}`);
      if (onNumbers) onNumbers(end - start);
      await this.drain();
    }
    this.push("]");
  }

  /** reused for every full piece; doubles from the start so V8 keeps it unboxed */
  private readonly scratch: number[] = new Array<number>(NUMBERS_PER_PIECE).fill(0.5);
}
