// Hostile input (issue 12, items 4, 8, 18): inputs past any sensible size fail at
// once with a typed error, nesting past a depth limit is an error and not a stack
// overflow, and scales beyond a double are errors, not Infinity. No timing is
// asserted (the machines are shared): the inputs are large enough that the old
// quadratic paths took minutes, so a regression shows as a test timeout.

import { describe, expect, it } from "vitest";
import {
  DimArray,
  type Either,
  type UnitsError,
  convertValue,
  defineUnit,
  getContext,
  getSystem,
  parseQuantity,
  parseUnit,
  q,
  resolveUnitName,
} from "../../src/index.js";
import { MAX_INPUT_LENGTH } from "../../src/errors.js";
import { parseUnitExpression } from "../../src/internal/unit-expression.js";
import { nameResolver } from "../../src/registry.js";
import { err, ok } from "../helpers.js";

const LIMIT = 256;
it("the limit is the one errors.ts enforces", () => expect(MAX_INPUT_LENGTH).toBe(LIMIT));

/** The longest run of `input` that `message` quotes. */
const longestEcho = (message: string, input: string): number => {
  let best = 0;
  for (let start = 0; start < input.length; start += 97) {
    let length = 0;
    while (start + length < input.length && message.includes(input.slice(start, start + length + 1))) length++;
    best = Math.max(best, length);
  }
  return best;
};

describe("input length is bounded at every entry point", () => {
  it.each([80_000, 160_000, 300_000])("a %i-character unit is a ParseError naming the limit, echoing at most ~200 characters", (size) => {
    for (const text of ["x".repeat(size), "kg*m/s^2 ".repeat(size / 9), `${"Meter".repeat(size / 5)}`, "é".repeat(size)]) {
      const e = err(parseUnit(text));
      if (e._tag !== "ParseError") expect.fail(`expected ParseError, got ${e._tag}: ${e.message}`);
      expect(e.position).toBe(LIMIT);
      expect(e.problem).toContain(`${text.length} characters`);
      expect(e.problem).toContain(`at most ${LIMIT}`);
      expect(e.message.length).toBeLessThan(400);
      expect(longestEcho(e.message, text)).toBeLessThanOrEqual(200);
    }
  });

  it("every function that takes a unit or quantity text refuses it the same way", () => {
    const long = `${"m*".repeat(150_000)}m`;
    const refused: ReadonlyArray<Either<UnitsError, unknown>> = [
      parseQuantity(`1 ${long}`),
      convertValue(1, long, "m"),
      convertValue(1, "m", long),
      q(1, "m").to(long),
      q(1, "m").valueIn(long),
      DimArray.of([1, 2], long),
      defineUnit("zz_long_unit", long),
      defineUnit(`zz_${"a".repeat(300_000)}`, "m"),
    ];
    for (const result of refused) {
      const e = err(result);
      expect(e._tag).toBe("ParseError");
      expect(e.message).toContain(`at most ${LIMIT}`);
      expect(e.message.length).toBeLessThan(400);
    }
    expect(resolveUnitName("m".repeat(300_000))).toBeUndefined();
  });

  it("a unit of exactly the limit is still read, one character more is not", () => {
    const text = `${"m*".repeat(127)}km`;
    expect(text.length).toBe(LIMIT);
    expect(ok(parseUnit(text)).dimension.exponent("length").n).toBe(128);
    expect(err(parseUnit(`${text} `))._tag).toBe("ParseError");
  });

  it("unknown long names get no runaway suggestions, and the message stays short", () => {
    for (const name of ["x".repeat(LIMIT), "Meter".repeat(51), "kG".repeat(128)]) {
      const e = err(parseUnit(name));
      if (e._tag !== "UnknownUnit") expect.fail(`expected UnknownUnit, got ${e._tag}`);
      expect(e.suggestions).toEqual([]);
      expect(longestEcho(e.message, name)).toBeLessThanOrEqual(200);
    }
  });

  it("names of contexts and systems are echoed clipped", () => {
    const name = "q".repeat(300_000);
    for (const e of [err(getContext(name)), err(getSystem(name))]) expect(e.message.length).toBeLessThan(400);
    expect(err(q(1, "statC").to("C", { context: name })).message.length).toBeLessThan(400);
  });
});

describe("nesting depth is bounded", () => {
  it("3,000 nested parentheses are an error, never a stack overflow", () => {
    const deep = `${"(".repeat(3000)}m${")".repeat(3000)}`;
    expect(() => parseUnit(deep)).not.toThrow();
    expect(err(parseUnit(deep))._tag).toBe("ParseError");
    // Below the length limit the parser itself must stop: the depth limit is the guard.
    const direct = parseUnitExpression(deep, nameResolver());
    const e = err(direct);
    if (e._tag !== "ParseError") expect.fail(`expected ParseError, got ${e._tag}`);
    expect(e.problem).toContain("parentheses nest deeper than 50 levels");
    expect(e.position).toBe(50);
  });

  it("50 levels are read, 51 are refused", () => {
    expect(ok(parseUnit(`${"(".repeat(50)}m${")".repeat(50)}`)).dimension.name).toBe("length");
    expect(err(parseUnit(`${"(".repeat(51)}m${")".repeat(51)}`)).message).toContain("deeper than 50");
    expect(err(parseUnit(`${"(m*".repeat(60)}s${")".repeat(60)}`))._tag).toBe("ParseError");
  });

  it("long chains of powers are errors, not exceptions", () => {
    for (const text of [`m${"^2".repeat(100)}`, `m${"**9".repeat(80)}`, `m${"²".repeat(200)}`, `m^${"(1/2)^".repeat(40)}2`]) {
      expect(() => parseUnit(text), text).not.toThrow();
      expect(parseUnit(text)._tag, text).toBe("Left");
    }
  });
});

describe("a scale beyond a double is an error, not Infinity", () => {
  it("m^99999999 has scale exactly 1; km^99999999 overflows", () => {
    const m = ok(parseUnit("m^99999999"));
    expect(m.scale.value).toBe(1);
    expect(m.scale.exact).toEqual([1n, 1n]);
    expect(ok(parseUnit("m^-99999999")).scale.exact).toEqual([1n, 1n]);
    for (const text of ["km^99999999", "km^-99999999", "(1000 m)^99999999"]) {
      const e = err(parseUnit(text));
      expect(e._tag, text).toBe("InvalidArgument");
      expect(e.message, text).toContain("beyond a double's range");
    }
  });

  it("1 km^99999999 → m^99999999 is an error, not Infinity", () => {
    expect(err(convertValue(1, "km^99999999", "m^99999999")).message).toContain("beyond a double's range");
    expect(err(parseQuantity("1 km^99999999"))._tag).toBe("InvalidArgument");
  });

  it("a conversion factor beyond a double is an error even when both units fit", () => {
    expect(ok(parseUnit("km^100")).scale.value).toBe(1e300);
    expect(ok(parseUnit("mm^100")).scale.value).toBeCloseTo(1e-300, 310);
    const e = err(convertValue(1, "km^100", "mm^100"));
    expect(e.message).toContain("km^100");
    expect(e.message).toContain("mm^100");
    expect(err(convertValue(1, "mm^100", "km^100")).message).toContain("beyond a double's range");
    expect(err(ok(DimArray.of([1], "km^100")).to("mm^100"))._tag).toBe("InvalidArgument");
  });

  it("numbers past a double are errors too: as unit multipliers and as quantity values", () => {
    for (const text of ["1e400 m", "1e400", "1e-400 m", "(1e300 m)^2", `${"9".repeat(200)}e200 m`, `1e400^(1/2)`]) {
      expect(() => parseUnit(text), text).not.toThrow();
      expect(err(parseUnit(text)).message, text).toContain("beyond a double's range");
    }
    expect(err(parseQuantity("1e400 m")).message).toContain("beyond a double's range");
    expect(ok(parseQuantity("Infinity m")).value).toBe(Number.POSITIVE_INFINITY);
    expect(ok(parseQuantity("1e300 m")).value).toBe(1e300);
  });

  it("huge exponent literals never escape as exceptions", () => {
    for (const text of [`m^${"9".repeat(250)}`, `m^(1/${"9".repeat(250)})`, `m^(0.5/${"9".repeat(200)})`, `m^(0.123456/9007199254740991)`, `m^2^${"9".repeat(100)}`]) {
      expect(() => parseUnit(text), text).not.toThrow();
      expect(parseUnit(text)._tag, text).toBe("Left");
    }
  });
});
