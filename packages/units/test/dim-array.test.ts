import { describe, expect, it } from "vitest";
import { DimArray, formatUnit, q } from "../src/index.js";
import { close, err, ok } from "./helpers.js";

describe("DimArray", () => {
  it("wraps nested arrays with their shape", () => {
    const a = ok(DimArray.of([[1, 2, 3], [4, 5, 6]], "m"));
    expect(a.shape).toEqual([2, 3]);
    expect(a.size).toBe(6);
    expect(a.toNestedArray()).toEqual([[1, 2, 3], [4, 5, 6]]);
    expect(err(DimArray.of([[1, 2], [3]], "m"))._tag).toBe("InvalidArgument");
    expect(err(DimArray.of([1, "2" as unknown as number], "m")).message).toContain("[1]");
    expect(err(DimArray.of(new Float64Array(6), "m", { shape: [4, 2] }))._tag).toBe("InvalidArgument");
  });

  it("converts with one compiled loop, leaving the source untouched", () => {
    const data = Float64Array.from([1, 2, 3]);
    const a = ok(DimArray.of(data, "J"));
    const erg = ok(a.to("erg"));
    expect([...erg.data]).toEqual([1e7, 2e7, 3e7]);
    expect([...a.data]).toEqual([1, 2, 3]);
    const kelvin = ok(ok(DimArray.of([0, 100], "degC")).to("degF"));
    expect([...kelvin.data]).toEqual([32, 212]);
    expect(err(a.to("m"))._tag).toBe("DimensionMismatch");
    const out = new Float64Array(3);
    const into = ok(a.to("kJ", { out }));
    expect(into.data).toBe(out);
    expect([...out]).toEqual([0.001, 0.002, 0.003]);
    expect(err(a.to("kJ", { out: new Float64Array(2) }))._tag).toBe("InvalidArgument");
  });

  it("converts across dimensions only with a context", () => {
    const wavelengths = ok(DimArray.of([400, 500, 800], "nm"));
    expect(err(wavelengths.to("eV"))._tag).toBe("DimensionMismatch");
    const energies = ok(wavelengths.to("eV", { context: "spectral" }));
    close(energies.data[1] as number, 2.479683968664005, 1e-12);
  });

  it("does elementwise arithmetic with unit rules and shape checks", () => {
    const a = ok(DimArray.of([1, 2, 3], "m"));
    const b = ok(DimArray.of([100, 200, 300], "cm"));
    expect([...ok(a.add(b)).data]).toEqual([2, 4, 6]);
    expect([...ok(a.sub(q(1, "m"))).data]).toEqual([0, 1, 2]);
    const area = ok(a.mul(b));
    expect(formatUnit(area.unit)).toBe("m*cm");
    expect([...ok(area.to("m^2")).data]).toEqual([1, 4, 9]);
    expect([...ok(a.mul(2)).data]).toEqual([2, 4, 6]);
    expect([...ok(a.pow(2)).data]).toEqual([1, 4, 9]);
    expect(err(a.add(ok(DimArray.of([1, 2], "m"))))._tag).toBe("ShapeMismatch");
    expect(err(a.add(q(1, "s")))._tag).toBe("DimensionMismatch");
    const temps = ok(DimArray.of([20, 30], "degC"));
    const deltas = ok(temps.sub(q(10, "degC")));
    expect(formatUnit(deltas.unit)).toBe("delta_degC");
    expect([...deltas.data]).toEqual([10, 20]);
    expect(err(temps.mul(2))._tag).toBe("OffsetUnitError");
  });

  it("reduces to quantities", () => {
    const a = ok(DimArray.of([1, 2, 3, 4], "J"));
    expect(ok(a.sum()).value).toBe(10);
    expect(a.mean().value).toBe(2.5);
    close(a.std().value, Math.sqrt(1.25));
    close(a.std({ ddof: 1 }).value, Math.sqrt(5 / 3));
    expect(a.min().value).toBe(1);
    expect(a.max().value).toBe(4);
    const temps = ok(DimArray.of([10, 20], "degC"));
    expect(formatUnit(temps.std().unit)).toBe("delta_degC");
    expect(err(temps.sum())._tag).toBe("OffsetUnitError");
    const empty = ok(DimArray.of([], "m"));
    expect(empty.mean().value).toBeNaN();
    expect(ok(DimArray.of([1, Number.POSITIVE_INFINITY], "m")).mean().value).toBe(Number.POSITIVE_INFINITY);
  });

  it("compares elementwise across units", () => {
    const a = ok(DimArray.of([50, 150], "cm"));
    expect([...ok(a.gt(q(1, "m")))]).toEqual([0, 1]);
    expect(err(a.gt(q(1, "s")))._tag).toBe("DimensionMismatch");
  });

  it("moves to a system", () => {
    const a = ok(DimArray.of([1, 2], "C"));
    const g = ok(a.toSystem("cgs"));
    expect(formatUnit(g.unit)).toBe("statC");
    const back = ok(g.to("C", { context: "gaussian" }));
    close(back.data[1] as number, 2, 1e-12);
  });

  it("keeps -0, NaN and infinities through conversions", () => {
    const a = ok(DimArray.of([-0, Number.NaN, Number.POSITIVE_INFINITY], "km"));
    const m = ok(a.to("m"));
    expect(Object.is(m.data[0], -0)).toBe(true);
    expect(m.data[1]).toBeNaN();
    expect(m.data[2]).toBe(Number.POSITIVE_INFINITY);
  });
});
