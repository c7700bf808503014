// The streaming reader against JSON.parse and exact doubles, with inputs cut
// into chunks of every small size so tokens straddle chunk boundaries.

import { describe, expect, it } from "vitest";
import { FileFailure, JsonReader, type JsonValue, type TextSource } from "../src/internal/json-reader.js";
import { jsonNumber } from "../src/internal/json-writer.js";
import { sameBits } from "./helpers.js";

const chunked = (text: string, size: number): TextSource => {
  let at = 0;
  return {
    get bytesRead() {
      return at;
    },
    async next() {
      if (at >= text.length) return undefined;
      const piece = text.slice(at, at + size);
      at += size;
      return piece;
    },
  };
};

const plain = (value: JsonValue): unknown => {
  if (value instanceof Map) return Object.fromEntries([...value].map(([k, v]) => [k, plain(v)]));
  if (Array.isArray(value)) return value.map(plain);
  return value;
};

/** A random double from random bits: every exponent, subnormals, NaN payloads, infinities. */
const randomDouble = (view: DataView): number => {
  view.setUint32(0, (Math.random() * 2 ** 32) >>> 0);
  view.setUint32(4, (Math.random() * 2 ** 32) >>> 0);
  return view.getFloat64(0);
};

describe("JsonReader", () => {
  it("reads what JSON.parse reads, whatever the chunk size", async () => {
    const text = JSON.stringify({
      a: [1, -2.5e-7, 0, true, false, null, "x\"y\\z\u0001\u2028", { b: [] }, {}],
      "ünïcødé ✓ 🎉": "emoji 🎉 and \ud83d\ude00 surrogates",
      nested: [[[[1]]], [[2, 3]]],
      big: 1.7976931348623157e308,
      tiny: 5e-324,
    });
    for (const size of [1, 2, 3, 5, 7, 64, 1 << 20]) {
      const reader = new JsonReader(chunked(text, size), "mem.json");
      const value = await reader.readValue("$");
      await reader.end();
      expect(plain(value), `chunk size ${size}`).toEqual(JSON.parse(text));
    }
  });

  it("reads numeric arrays into Float64Arrays bit for bit, our special spellings and Python's bare tokens included", async () => {
    const view = new DataView(new ArrayBuffer(8));
    const values = Float64Array.from({ length: 20_000 }, (_, i) =>
      i % 7 === 0 ? randomDouble(view) : i % 7 === 1 ? Math.random() * 10 ** Math.floor(Math.random() * 40 - 20) : i % 7 === 2 ? Math.round(Math.random() * 1e6) : (i % 1000) * 0.001,
    );
    values.set([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, 0, 5e-324, -5e-324, 1e21, 1e-7, 123456789012345680000], 0);
    const ours = `[${Array.from(values, jsonNumber).join(",")}]`;
    const python = `[${Array.from(values, (x) => (Number.isNaN(x) ? "NaN" : x === Infinity ? "Infinity" : x === -Infinity ? "-Infinity" : Object.is(x, -0) ? "-0.0" : String(x))).join(", ")}]`;
    for (const text of [ours, python]) {
      for (const size of [1, 3, 17, 4096]) {
        const reader = new JsonReader(chunked(text, size), "mem.json");
        const read = await reader.readNumberArray("$");
        expect(sameBits(read, values), `chunk size ${size}`).toBe(true);
      }
    }
  });

  it("decimal text reads back as the correctly rounded double (fast and slow paths)", async () => {
    const texts = ["0.1", "0.3", "1e22", "1e23", "9007199254740993", "123456789012345.6", "1.2345678901234567", "4.9e-324", "2.2250738585072014e-308", "-0.0", "0e5", "1E+2", "999999999999999.9"];
    const reader = new JsonReader(chunked(`[${texts.join(",")}]`, 5), "mem.json");
    const read = await reader.readNumberArray("$");
    expect(sameBits(read, texts.map(Number))).toBe(true);
  });

  it("reports errors with line, column and path", async () => {
    const text = '{\n  "a": [1, 2,\n    3, x]\n}';
    const reader = new JsonReader(chunked(text, 4), "f.json");
    const failure = await reader
      .readObject("$", async (_, path) => {
        await reader.readNumberArray(path);
      })
      .catch((e: FileFailure) => e);
    expect(failure).toBeInstanceOf(FileFailure);
    expect((failure as FileFailure).error).toMatchObject({ _tag: "MalformedFile", location: { line: 3, column: 8, path: "$.a[3]" } });
  });
});
