// QuantityResult: an fp-ts Either that also chains Quantity's operations.
import * as E from "fp-ts/lib/Either.js";
import { pipe } from "fp-ts/lib/function.js";
import { describe, expect, expectTypeOf, it } from "vitest";
import { type Either, type QuantityResult, type UnitsError, Quantity, formatUnit, q, quantity } from "../src/index.js";
import { close, err, ok } from "./helpers.js";

describe("QuantityResult", () => {
  it("chains without unwrapping: (1 m + 50 cm) * 2 N in J", () => {
    const work = ok(q(1, "m").add(q(50, "cm")).mul(q(2, "N")).to("J"));
    expect(work.value).toBe(3);
    expect(formatUnit(work.unit)).toBe("J");
  });

  it("accepts an earlier result as an operand", () => {
    const half = q(1, "m").div(2);
    const sum = ok(q(1, "m").add(half).sub(q(10, "cm").mul(q(3, "m/m"))));
    close(sum.value, 1.2);
  });

  it("propagates the first Left through later steps", () => {
    const e = err(q(1, "m").add(q(1, "s")).mul(q(2, "N")).to("J").sqrt());
    expect(e._tag).toBe("DimensionMismatch");
    expect(e.message).toContain("time");
  });

  it("a Left operand makes the whole result that Left", () => {
    const bad = q(1, "m").to("furlongs-per-fortnight-nope");
    const e = err(q(1, "m").add(bad));
    expect(e._tag).toBe(err(bad)._tag);
    expect(err(q(1, "m").mul(bad))).toBe(err(bad));
    expect(err(q(1, "m").lt(bad))).toBe(err(bad));
  });

  it("is an fp-ts Either: E.isRight, pipe, E.map, .right", () => {
    const r = q(100, "cm").to("m");
    expect(E.isRight(r)).toBe(true);
    expect(pipe(r, E.map((x) => x.value))).toEqual(E.right(1));
    if (E.isRight(r)) expect(r.right).toBeInstanceOf(Quantity);
    // a plain object comparison still holds (the operations are not own properties)
    expect(q(1, "m").mul(2)).toEqual(E.right(new Quantity(2, ok(q(1, "m").mul(2)).unit)));
    expect(Object.keys(q(1, "m").mul(2)).sort()).toEqual(["_tag", "right"]);
  });

  it("comparisons and valueIn end a chain with a plain Either", () => {
    expect(q(1, "m").add(q(1, "cm")).gt(q(100, "cm"))).toEqual(E.right(true));
    expect(q(1, "km").mul(2).valueIn("m")).toEqual(E.right(2000));
    expect(err(q(1, "m").add(q(1, "s")).valueIn("m"))._tag).toBe("DimensionMismatch");
  });

  it("getOrThrow returns the quantity, or throws the tagged error itself", () => {
    expect(q(1, "m").add(q(1, "m")).getOrThrow().value).toBe(2);
    const failing = q(1, "m").add(q(1, "s"));
    expect(() => failing.getOrThrow()).toThrow(expect.objectContaining({ _tag: "DimensionMismatch" }));
    try {
      failing.getOrThrow();
    } catch (thrown) {
      expect(thrown).toBe(err(failing));
    }
  });

  it("types: assignable to Either<UnitsError, Quantity>, chain methods on both branches", () => {
    const r = q(1, "m").add(q(1, "m"));
    expectTypeOf(r).toEqualTypeOf<QuantityResult>();
    expectTypeOf(r).toMatchTypeOf<Either<UnitsError, Quantity>>();
    expectTypeOf(r.mul(q(1, "N")).to).returns.toEqualTypeOf<QuantityResult>();
    expectTypeOf(r.lt).returns.toEqualTypeOf<Either<UnitsError, boolean>>();
    expectTypeOf(quantity).returns.toEqualTypeOf<Either<UnitsError, Quantity>>();
    if (E.isLeft(r)) expectTypeOf(r.left).toEqualTypeOf<UnitsError>();
    else expectTypeOf(r.right).toEqualTypeOf<Quantity>();
  });
});
