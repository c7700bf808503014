import { describe, expect, test } from "vitest";
import { expectUserError, run, runJson } from "./helpers.js";

const zeroExponents = { length: 0, mass: 0, time: 0, current: 0, temperature: 0, amount: 0, luminosity: 0 };

describe("dimexp units parse", () => {
  test("--json: dimension, scale to SI, kind and every spelling", async () => {
    expect(await runJson("units", "parse", "kJ/mol", "--json")).toEqual({
      input: "kJ/mol",
      unit: "kJ/mol",
      dimension: { exponents: { ...zeroExponents, length: 2, mass: 1, time: -2, amount: -1 }, name: null, text: "M L^2 T^-2 N^-1" },
      scale: 1000,
      exactScale: "1000",
      siUnit: "J/mol",
      offset: null,
      kind: "linear",
      logarithmic: null,
      formats: {
        ascii: "kJ/mol",
        unicode: "kJ/mol",
        latex: "\\mathrm{kJ}\\,\\mathrm{mol}^{-1}",
        siunitx: "\\si{\\kilo\\joule\\per\\mole}",
        dimtensor: "kJ/mol",
      },
    });
  });

  test("named dimensions and exact rational exponents", async () => {
    const newton = (await runJson("units", "parse", "kg m s^-2", "--json")) as Record<string, unknown>;
    expect(newton).toMatchObject({ unit: "kg*m/s^2", dimension: { name: "force" }, scale: 1, siUnit: "N" });
    expect((newton.formats as Record<string, string>).unicode).toBe("kg·m/s²");
    const statC = (await runJson("units", "parse", "statC", "--json")) as Record<string, unknown>;
    expect(statC).toMatchObject({
      dimension: { exponents: { ...zeroExponents, length: 1.5, mass: 0.5, time: -1 }, name: "gaussian_charge", text: "M^(1/2) L^(3/2) T^-1" },
      exactScale: null,
      kind: "linear",
    });
    expect(statC.scale as number).toBeCloseTo(Math.sqrt(1e-3) * 1e-2 ** 1.5, 20);
  });

  test("affine units report their offset in SI", async () => {
    expect(await runJson("units", "parse", "degF", "--json")).toMatchObject({
      kind: "affine",
      dimension: { name: "temperature" },
      exactScale: "5/9",
      offset: 255.37222222222223,
      siUnit: "K",
    });
  });

  test("logarithmic units report base, factor and reference", async () => {
    expect(await runJson("units", "parse", "dBm", "--json")).toMatchObject({
      kind: "logarithmic",
      logarithmic: { base: 10, factor: 10, reference: 0.001 },
      siUnit: "W",
    });
  });

  test("without --json: a readable table", async () => {
    const { code, stdout, stderr } = await run("units", "parse", "degC");
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    const rows = Object.fromEntries(stdout.trimEnd().split("\n").map((line) => [line.split(/\s{2,}/)[0], line.split(/\s{2,}/).slice(1).join("  ")]));
    expect(rows).toMatchObject({
      unit: "degC",
      kind: "affine",
      dimension: "temperature (Θ)",
      exponents: "temperature 1",
      "scale to SI": "1 degC = 1 K",
      offset: "0 degC = 273.15 K",
      siunitx: "\\si{\\degreeCelsius}",
    });
    expect((await run("units", "parse", "mm")).stdout).toContain("1 mm = 0.001 m (exactly 1/1000)");
  });

  test("errors: unknown unit, bad syntax, missing argument", async () => {
    expect(expectUserError(await run("units", "parse", "furlongz"))).toContain('Did you mean "furlong"');
    expect(expectUserError(await run("units", "parse", "m^", "--json"))).toContain("Cannot parse unit");
    expect(expectUserError(await run("units", "parse"))).toContain("Missing argument <unit>");
  });

  test("^ and ** associate right, as in pint: m^2^3 is m^8, m^-2^2 is m^-4", async () => {
    expect(await runJson("units", "parse", "m^2^3", "--json")).toMatchObject({ unit: "m^8", dimension: { exponents: { length: 8 } } });
    expect(await runJson("units", "parse", "m**2**3", "--json")).toMatchObject({ unit: "m^8" });
    expect(await runJson("units", "parse", "m^-2^2", "--json")).toMatchObject({ unit: "1/m^4" });
    expect(await runJson("units", "parse", "(m^2)^3", "--json")).toMatchObject({ unit: "m^6" });
  });

  test("a huge power of a unit of scale 1 is exact; one whose scale overflows a double is an error", async () => {
    expect(await runJson("units", "parse", "m^99999999", "--json")).toMatchObject({ scale: 1, exactScale: "1" });
    const { stdout } = await run("units", "parse", "m^99999999");
    expect(stdout).toContain("1 m^99999999 = 1 m^99999999");
    expect(stdout).not.toContain("rounded");
    expect(expectUserError(await run("units", "parse", "km^99999999"))).toContain("beyond a double's range");
  });

  test("the Kelvin, Ohm and Ångström signs read as K, Ω and Å", async () => {
    expect(await runJson("units", "parse", "J/(mol*\u212A)", "--json")).toMatchObject({ unit: "J/(mol*K)", dimension: { name: "molar_heat_capacity" } });
    expect(await runJson("units", "parse", "k\u2126", "--json")).toMatchObject({ scale: 1000, dimension: { name: "resistance" } });
    expect(await runJson("units", "parse", "\u212B", "--json")).toMatchObject({ scale: 1e-10 });
  });

  test("a 300,000-character unit fails at once, echoing at most ~200 characters of it", async () => {
    const message = expectUserError(await run("units", "parse", "kg*m/s^2 ".repeat(33_334)));
    expect(message).toContain("at most 256");
    expect(message.length).toBeLessThan(400);
    expect(expectUserError(await run("units", "parse", `${"(".repeat(3000)}m${")".repeat(3000)}`))).toContain("at most 256");
    expect(expectUserError(await run("units", "parse", `${"(".repeat(60)}m${")".repeat(60)}`))).toContain("parentheses nest deeper than 50");
  });
});
