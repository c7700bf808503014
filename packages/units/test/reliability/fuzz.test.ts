// No exception may escape a function that returns an Either. 120,000 inputs:
// random strings over the parser's alphabet plus mutations of valid spellings,
// then long and deeply nested ones (issue 12: items 4, 8, 18).

import { describe, expect, it } from "vitest";
import { DimArray, convertValue, listUnits, parseQuantity, parseUnit, q } from "../../src/index.js";

/** Small deterministic PRNG (mulberry32) so a failure reproduces. */
const prng = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

const ALPHABET = [
  ..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
  ..." */^()-+.·⋅×÷²³⁻¹⁰µμΩÅ°℃_%‰eE",
  "**",
  "^(",
  "1/2",
  "\u0000",
  "\uD800",
  "🙂",
  "__proto__",
  "constructor",
  "9".repeat(40),
  "^(1/99999999999)",
];

// Exponents far beyond what exact rationals hold must come back as errors.
const HUGE = ["9".repeat(200), `(m^${"9".repeat(200)})^${"9".repeat(200)}`, `m^(1/${"7".repeat(30)})^${"7".repeat(30)}`];

const VALID = [
  "kg*m/s^2",
  "J/(mol*K)",
  "m^(1/2)",
  "9.81 m/s^2",
  "1e3 m",
  "GeV⁻¹",
  "statC",
  "degC",
  "dBm",
  "kg·m/s²",
  "µm",
  ...listUnits()
    .slice(0, 60)
    .map((a) => a.symbol),
];

const TARGETS = ["m", "J", "erg", "K", "degF", "statC", "C", "dB", "1", "eV", "s^-1"];
const CONTEXTS = [undefined, "gaussian", "natural", "spectral", "mass-energy", "temperature-energy", "nope"];

const mutate = (text: string, rand: () => number): string => {
  const chars = [...text];
  const edits = 1 + Math.floor(rand() * 3);
  for (let k = 0; k < edits; k++) {
    const pos = Math.floor(rand() * (chars.length + 1));
    const piece = ALPHABET[Math.floor(rand() * ALPHABET.length)] as string;
    const op = rand();
    if (op < 0.4) chars.splice(pos, 0, piece);
    else if (op < 0.7) chars.splice(pos, 1);
    else chars.splice(pos, 1, piece);
  }
  return chars.join("");
};

const isEither = (value: unknown): boolean =>
  typeof value === "object" && value !== null && ((value as { _tag: string })._tag === "Left" || (value as { _tag: string })._tag === "Right");

describe("fuzz: no exception escapes", () => {
  it("turns overflowing exponents into errors", () => {
    for (const text of [`m^${HUGE[0]}`, HUGE[1] as string, HUGE[2] as string]) {
      expect(() => parseUnit(text)).not.toThrow();
      expect(() => convertValue(1, text, "m")).not.toThrow();
    }
    const big = q(2, "m").pow(1e15);
    expect(big._tag === "Right" ? big.right.pow(1e15)._tag : big._tag).toBe("Left");
  });

  it("survives 120,000 random and mutated inputs", () => {
    const rand = prng(20261127);
    let lefts = 0;
    let rights = 0;
    for (let i = 0; i < 120_000; i++) {
      let text: string;
      if (i % 2 === 0) {
        const length = Math.floor(rand() * 14);
        text = Array.from({ length }, () => ALPHABET[Math.floor(rand() * ALPHABET.length)]).join("");
      } else {
        text = mutate(VALID[Math.floor(rand() * VALID.length)] as string, rand);
      }
      const target = TARGETS[i % TARGETS.length] as string;
      const context = CONTEXTS[i % CONTEXTS.length];
      let results: unknown[];
      try {
        results = [parseUnit(text), parseQuantity(text), convertValue(1.5, text, target, { context }), convertValue(-2, target, text, { context })];
        const parsed = parseQuantity(text);
        if (parsed._tag === "Right") {
          const other = q(2, target);
          results.push(parsed.right.add(other), parsed.right.mul(other), parsed.right.pow(0.5), parsed.right.toSystem("cgs"), parsed.right.toSystem("natural"));
          results.push(parsed.right.compare(other));
          const array = DimArray.of([1, -0, Number.NaN], parsed.right.unit);
          if (array._tag === "Right") results.push(array.right.to(target, { context }), array.right.sub(other));
        }
      } catch (error) {
        expect.fail(`input ${JSON.stringify(text)} threw: ${(error as Error).stack}`);
      }
      for (const r of results) {
        expect(isEither(r)).toBe(true);
        if ((r as { _tag: string })._tag === "Left") {
          lefts++;
          expect(typeof (r as { left: { message: string } }).left.message).toBe("string");
        } else rights++;
      }
    }
    // Both outcomes must be exercised, or the fuzzer is not testing anything.
    expect(lefts).toBeGreaterThan(10_000);
    expect(rights).toBeGreaterThan(10_000);
    // a generous limit: this test checks outcomes, and the machines are shared
  }, 600_000);

  it("survives 3,000 long, deeply nested and power-chained inputs", () => {
    const rand = prng(20261212);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T;
    const PIECES = [...ALPHABET, "(", ")", "((", "))", "^", "^-", "**", "²", "⁻", "1e400", "1e-400", "9".repeat(30), "km", "delta_degC", "degC", "\u212A", "\u2126", "ｍ"];
    let lefts = 0;
    for (let i = 0; i < 3000; i++) {
      const kind = i % 4;
      const depth = Math.floor(rand() * 120);
      const text =
        kind === 0
          ? Array.from({ length: 40 + Math.floor(rand() * 300) }, () => pick(PIECES)).join("")
          : kind === 1
            ? `${"(".repeat(depth)}${pick(VALID)}${")".repeat(Math.floor(rand() * (depth + 2)))}`
            : kind === 2
              ? `${pick(VALID)}${Array.from({ length: 1 + Math.floor(rand() * 60) }, () => `${pick(["^", "**", "^-"])}${pick(["2", "3", "0.5", "(1/2)", "99", "²"])}`).join("")}`
              : `${pick(["1", "-2.5", "1e308", "1e-308", ""])} ${Array.from({ length: 1 + Math.floor(rand() * 90) }, () => pick(VALID)).join(pick(["*", "/", " ", "·"]))}`;
      let results: unknown[] = [];
      try {
        results = [parseUnit(text), parseQuantity(text), convertValue(1, text, "m"), convertValue(1, "K", text), q(1, "m").to(text)];
      } catch (error) {
        expect.fail(`input ${JSON.stringify(text.slice(0, 300))} threw: ${(error as Error).stack}`);
      }
      for (const r of results) {
        expect(isEither(r)).toBe(true);
        if ((r as { _tag: string })._tag === "Left") {
          lefts++;
          // errors echo at most ~200 characters of the input
          expect((r as { left: { message: string } }).left.message.length).toBeLessThan(900);
        }
      }
    }
    expect(lefts).toBeGreaterThan(5000);
  }, 600_000);
});

