import { describe, expect, it } from "vitest";
import { Quantity, formatUnit, parseQuantity, q, quantity } from "../src/index.js";
import { close, err, ok } from "./helpers.js";

describe("Quantity arithmetic", () => {
  it("adds and subtracts in the left operand's unit", () => {
    const sum = ok(q(1, "m").add(q(50, "cm")));
    expect(sum.value).toBe(1.5);
    expect(formatUnit(sum.unit)).toBe("m");
    const diff = ok(q(1, "J").sub(q(1e7, "erg")));
    expect(diff.value).toBe(0);
  });

  it("refuses to add different dimensions, naming both", () => {
    const e = err(q(1, "m").add(q(1, "s")));
    expect(e._tag).toBe("DimensionMismatch");
    expect(e.message).toContain("length");
    expect(e.message).toContain("time");
  });

  it("multiplies, divides and raises to rational powers", () => {
    const force = ok(q(2, "kg").mul(q(3, "m/s^2")));
    expect(force.value).toBe(6);
    expect(ok(force.to("N")).value).toBe(6);
    const speed = ok(q(100, "km").div(q(2, "h")));
    close(ok(speed.to("m/s")).value, 13.888888888888888);
    const root = ok(q(4, "m^2").sqrt());
    expect(root.value).toBe(2);
    expect(formatUnit(root.unit)).toBe("m");
    const third = ok(q(8, "m^3").pow("1/3"));
    expect(third.value).toBe(2);
    expect(formatUnit(third.unit)).toBe("m");
    expect(err(q(2, "m").pow("x"))._tag).toBe("InvalidArgument");
  });

  it("compares across units exactly and rejects incompatible comparisons", () => {
    expect(ok(q(1, "m").gt(q(50, "cm")))).toBe(true);
    expect(ok(q(1, "m").eq(q(100, "cm")))).toBe(true);
    expect(ok(q(1, "J").le(q(1e7, "erg")))).toBe(true);
    expect(ok(q(0, "degC").gt(q(31, "degF")))).toBe(true);
    expect(err(q(1, "m").lt(q(1, "kg")))._tag).toBe("DimensionMismatch");
    expect(ok(q(Number.NaN, "m").compare(q(1, "m")))).toBeNaN();
  });

  it("follows pint's offset-unit rules", () => {
    const delta = ok(q(30, "degC").sub(q(20, "degC")));
    expect(delta.value).toBe(10);
    expect(formatUnit(delta.unit)).toBe("delta_degC");
    expect(err(q(20, "degC").add(q(10, "degC")))._tag).toBe("OffsetUnitError");
    expect(err(q(5, "degC").mul(2))._tag).toBe("OffsetUnitError");
    expect(err(q(5, "degC").mul(q(1, "m")))._tag).toBe("OffsetUnitError");
    const warmer = ok(q(20, "degC").add(q(10, "delta_degC")));
    expect(warmer.value).toBe(30);
    expect(formatUnit(warmer.unit)).toBe("degC");
    const warmer2 = ok(q(10, "delta_degF").add(q(50, "degF")));
    expect(warmer2.value).toBe(60);
    expect(formatUnit(warmer2.unit)).toBe("degF");
    expect(err(q(10, "delta_degC").sub(q(20, "degC")))._tag).toBe("OffsetUnitError");
    const kelvinStep = ok(q(20, "degC").add(q(5, "K")));
    expect(kelvinStep.value).toBe(25);
    const mixed = ok(q(50, "degF").sub(q(10, "degC")));
    close(mixed.value, 0, 1e-12);
    expect(ok(q(20, "degC").to("K")).value).toBe(293.15);
  });

  it("refuses arithmetic on logarithmic units", () => {
    expect(err(q(3, "dB").add(q(3, "dB")))._tag).toBe("LogarithmicUnitError");
    close(ok(q(30, "dBm").to("W")).value, 1);
    expect(ok(q(1, "W").to("dBm")).value).toBe(30);
  });

  it("converts to each system's canonical unit", () => {
    expect(ok(q(10, "N").toSystem("cgs")).toString()).toBe("1000000 dyn");
    expect(ok(q(1, "J").toSystem("CGS")).toString()).toBe("10000000 erg");
    // a length is cm in CGS, although the Gaussian statF is also a length
    expect(ok(q(1, "m").toSystem("cgs")).toString()).toBe("100 cm");
    const charge = ok(q(1, "C").toSystem("cgs"));
    expect(formatUnit(charge.unit)).toBe("statC");
    close(charge.value, 2997924580.8205757, 1e-9);
    const length = ok(q(1, "fm").toSystem("natural"));
    expect(formatUnit(length.unit)).toBe("1/GeV");
    close(length.value, 1 / 0.1973269804, 1e-9);
    expect(ok(q(1, "kg*m/s").toSystem("si")).toString()).toBe("1 N*s");
    expect(formatUnit(ok(q(1, "J/(mol*K)").toSystem("si")).unit)).toBe("J/(K*mol)");
    expect(formatUnit(ok(q(1, "eV").toSystem("atomic")).unit)).toBe("E_h");
    close(ok(q(1, "E_h").toSystem("si")).value, 4.3597447222060e-18, 1e-11);
    expect(formatUnit(ok(q(1, "m").toSystem("planck")).unit)).toBe("l_P");
    expect(err(q(1, "m").toSystem("imperialist"))._tag).toBe("UnknownSystem");
  });

  it("formats in every style", () => {
    const a = q(9.81, "m/s^2");
    expect(a.format()).toBe("9.81 m/s^2");
    expect(a.format("unicode")).toBe("9.81 m/s²");
    expect(a.format("siunitx")).toBe("\\qty{9.81}{\\metre\\per\\second\\squared}");
    expect(a.format("latex")).toBe("9.81\\,\\mathrm{m}\\,\\mathrm{s}^{-2}");
    expect(a.format("ascii", { precision: 2 })).toBe("9.8 m/s^2");
    expect(JSON.stringify(a)).toBe('{"value":9.81,"unit":"m/s^2"}');
    expect(q(10, "delta_degC").format("siunitx")).toBe("\\qty{10}{delta\\_degC}");
    expect(q(20, "degC").format("unicode")).toBe("20 °C");
    expect(q(5, "delta_degC").format("unicode")).toBe("5 Δ°C");
    expect(q(20, "degC").format()).toBe("20 degC");
  });

  it("returns typed errors from the Either API and throws only from q()", () => {
    expect(err(quantity(1, "furlongz"))._tag).toBe("UnknownUnit");
    expect(err(quantity("1" as unknown as number, "m"))._tag).toBe("InvalidArgument");
    expect(() => q(1, "furlongz")).toThrow(/Unknown unit "furlongz"/);
    expect(ok(parseQuantity("1 fur")).to("m")._tag).toBe("Right");
    expect(new Quantity(1, ok(parseQuantity("1 m")).unit).value).toBe(1);
  });
});
