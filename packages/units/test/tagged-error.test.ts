// Every tagged error is an Error and a DimexpError: a real stack headed by
// its tag, the original cause kept as the object it was, and JSON with the
// plain-object shape the errors had before they were classes.
import { describe, expect, it } from "vitest";
import { DimexpError, TaggedError, type UnitsError, UnitsException, parseUnit, q, unit } from "../src/index.js";

const left = (result: { _tag: "Left"; left: UnitsError } | { _tag: "Right" }): UnitsError => {
  if (result._tag !== "Left") throw new Error("expected a Left");
  return result.left;
};

class DriverBroke extends TaggedError("DriverBroke")<{ readonly driver: string }> {}

describe("DimexpError", () => {
  it("a units error from an Either is an Error and a DimexpError with its tag, name and stack", () => {
    const error = left(parseUnit("m/"));
    expect(error).toBeInstanceOf(Error);
    expect(error).toBeInstanceOf(DimexpError);
    expect(error._tag).toBe("ParseError");
    expect(error.name).toBe("ParseError");
    expect(error.stack).toMatch(/^ParseError: Cannot parse unit "m\/"/);
    expect(error.stack).toContain("tagged-error.test.ts");
  });

  it("a public `name` field (the unknown unit) keeps its value, and the stack is still headed by the tag", () => {
    const error = left(parseUnit("secnd"));
    expect(error).toMatchObject({ _tag: "UnknownUnit", name: "secnd", input: "secnd" });
    expect(error.stack?.split("\n")[0]).toBe(`UnknownUnit: ${error.message}`);
  });

  it("keeps the cause as the original object, not a string of it", () => {
    const original = Object.assign(new Error("SQLITE_BUSY: database is locked"), { code: "SQLITE_BUSY" });
    const error = new DriverBroke("the driver failed", { driver: "sqlite", cause: original });
    expect(error.cause).toBe(original);
    expect(error.driver).toBe("sqlite");
    // the cause is the Error's own (non-enumerable, like the built-in), not a copied field
    expect(Object.keys(error)).toEqual(["_tag", "driver"]);
  });

  it("toJSON gives the plain shape: _tag, the fields and message, never the stack or a raw cause", () => {
    const error = new DriverBroke("the driver failed", { driver: "sqlite", cause: new Error("secret detail") });
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      _tag: "DriverBroke",
      driver: "sqlite",
      message: "the driver failed",
    });
    const unknown = left(parseUnit("secnd"));
    expect(JSON.parse(JSON.stringify(unknown))).toEqual({
      _tag: "UnknownUnit",
      input: "secnd",
      name: "secnd",
      position: 0,
      suggestions: expect.any(Array),
      message: unknown.message,
    });
  });

  it("a tagged cause (one that was a public field) stays in the JSON", () => {
    const inner = left(parseUnit("m/"));
    const outer = new DriverBroke("wrapped", { driver: "x", cause: inner });
    expect(JSON.parse(JSON.stringify(outer)).cause).toMatchObject({ _tag: "ParseError", input: "m/" });
  });

  it("the throwing helpers throw the tagged error itself; the deprecated names still work", () => {
    let caught: unknown;
    try {
      unit("furlongz");
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(DimexpError);
    expect(caught).toBeInstanceOf(UnitsException);
    expect((caught as UnitsException).error).toBe(caught);
    expect((caught as UnitsException).error._tag).toBe("UnknownUnit");
    expect(() => q(1, "m/")).toThrow(expect.objectContaining({ _tag: "ParseError", name: "ParseError" }));
  });
});
