import { describe, expect, it } from "vitest";
import { jsonNumberText, jsonNumberValue, readJsonNumber, stringifyJson } from "../src/index.js";

// every class of double: both zeros, the non-finite ones, subnormals, the extremes, 17-digit values
const VALUES = [
  0,
  -0,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  1,
  -1,
  0.1,
  -2.5e-7,
  5e-324,
  -5e-324,
  Number.MAX_VALUE,
  -Number.MAX_VALUE,
  Number.MIN_VALUE,
  2 ** 53 + 2,
  1 / 3,
  3.2808398950131235,
  123456789.12345679,
];

const bits = (x: number): string => Buffer.from(new Float64Array([x]).buffer).toString("hex");

/** Python's json module reads the bare tokens; so does this, and nothing else. */
const readPythonToken = (text: string): number =>
  text === "NaN" ? Number.NaN : text === "Infinity" ? Number.POSITIVE_INFINITY : text === "-Infinity" ? Number.NEGATIVE_INFINITY : (JSON.parse(text) as number);

describe("the JSON number codec", () => {
  it.each(VALUES.map((v) => [bits(v), v]))("strict JSON text round-trips %s bit-exact through JSON.parse", (_, value) => {
    const text = jsonNumberText(value, "json");
    const read = readJsonNumber(JSON.parse(text));
    expect(read).not.toBeUndefined();
    expect(Object.is(read, value)).toBe(true);
  });

  it.each(VALUES.map((v) => [bits(v), v]))("Python-dialect text round-trips %s bit-exact", (_, value) => {
    const text = jsonNumberText(value, "python");
    expect(Object.is(readPythonToken(text), value)).toBe(true);
  });

  it.each(VALUES.map((v) => [bits(v), v]))("a value for JSON.stringify round-trips %s bit-exact", (_, value) => {
    const read = readJsonNumber(JSON.parse(JSON.stringify({ v: jsonNumberValue(value) })).v);
    expect(Object.is(read, value)).toBe(true);
  });

  it("spells the doubles JSON lacks the way each format specifies", () => {
    expect(VALUES.slice(0, 5).map((v) => jsonNumberText(v, "json"))).toEqual(["0", "-0.0", '"NaN"', '"Infinity"', '"-Infinity"']);
    expect(VALUES.slice(0, 5).map((v) => jsonNumberText(v, "python"))).toEqual(["0", "-0.0", "NaN", "Infinity", "-Infinity"]);
    expect(VALUES.slice(0, 5).map(jsonNumberValue)).toEqual([0, "-0", "NaN", "Infinity", "-Infinity"]);
  });

  it("reads Python's repr spellings and refuses other strings", () => {
    expect(readJsonNumber("nan")).toBeNaN();
    expect(readJsonNumber("inf")).toBe(Number.POSITIVE_INFINITY);
    expect(readJsonNumber("-inf")).toBe(Number.NEGATIVE_INFINITY);
    expect(Object.is(readJsonNumber("-0.0"), -0)).toBe(true);
    for (const other of ["1.5", "", "null", "infinity", true, null, undefined, {}]) expect(readJsonNumber(other)).toBeUndefined();
  });

  it("stringifies like JSON.stringify except for the numbers it would lose", () => {
    const value = { a: [1, -0, Number.NaN, undefined, "x"], b: undefined, c: { d: Number.NEGATIVE_INFINITY, e: null, f: true }, g: new Date(0) };
    expect(stringifyJson(value)).toBe('{"a":[1,-0.0,"NaN",null,"x"],"c":{"d":"-Infinity","e":null,"f":true},"g":"1970-01-01T00:00:00.000Z"}');
    expect(stringifyJson(value, "python")).toBe('{"a":[1,-0.0,NaN,null,"x"],"c":{"d":-Infinity,"e":null,"f":true},"g":"1970-01-01T00:00:00.000Z"}');
    const plain = { a: [1, 2.5, "s", null, false], b: { c: "\u2028" } };
    expect(stringifyJson(plain)).toBe(JSON.stringify(plain));
  });
});
