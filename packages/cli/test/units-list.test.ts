import { describe, expect, test } from "vitest";
import { expectUserError, run, runJson } from "./helpers.js";

interface ListedUnit {
  symbol: string;
  name: string;
  aliases: string[];
  dimension: { exponents: Record<string, number>; name: string | null; text: string };
  group: string;
  prefixes: string;
}

const list = async (...args: string[]) => (await runJson("units", "list", ...args, "--json")) as ListedUnit[];

describe("dimexp units list", () => {
  test("--json lists every atom with symbol, name, aliases, dimension and group", async () => {
    const units = await list();
    expect(units.length).toBeGreaterThan(200);
    expect(units.find((u) => u.symbol === "m")).toEqual({
      symbol: "m",
      name: "meter",
      aliases: ["metre"],
      dimension: {
        exponents: { length: 1, mass: 0, time: 0, current: 0, temperature: 0, amount: 0, luminosity: 0 },
        name: "length",
        text: "L",
      },
      group: "SI base",
      prefixes: "si",
    });
    expect(units.find((u) => u.symbol === "°C")?.aliases).toEqual(["degC", "℃", "celsius"]);
  });

  test("--system keeps the system's groups", async () => {
    const cgs = await list("--system", "cgs");
    const symbols = cgs.map((u) => u.symbol);
    expect(symbols).toEqual(expect.arrayContaining(["erg", "dyn", "statC", "G"]));
    expect(symbols).not.toContain("m");
    expect(new Set(cgs.map((u) => u.group))).toEqual(new Set(["CGS", "Gaussian electromagnetic"]));
    for (const system of ["si", "natural", "atomic", "planck", "SI", "gaussian"]) {
      expect((await list("--system", system)).length, system).toBeGreaterThan(0);
    }
  });

  test("--group and --dimension filter, and combine", async () => {
    const astronomy = await list("--group", "astronomy");
    expect(astronomy.map((u) => u.symbol)).toEqual(expect.arrayContaining(["ly", "pc", "M_sun"]));
    expect(astronomy.every((u) => u.group === "astronomy")).toBe(true);
    const cgsEnergy = await list("--system", "cgs", "--dimension", "energy");
    expect(cgsEnergy.map((u) => u.symbol)).toEqual(["erg"]);
    expect((await list("--group", "imperial and us", "--dimension", "length")).map((u) => u.symbol)).toContain("ft");
  });

  test("plain output: a table under group headings", async () => {
    const { code, stdout } = await run("units", "list", "--group", "CGS");
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^ {2}symbol {2,}name {2,}dimension {2,}aliases$/);
    expect(lines[2]).toBe("CGS");
    expect(lines.find((line) => line.trimStart().startsWith("erg "))).toMatch(/erg\s+erg\s+energy \(M L\^2 T\^-2\)/);
  });

  test("no match is not an error", async () => {
    expect(await run("units", "list", "--group", "astronomy", "--dimension", "charge")).toEqual({
      code: 0,
      stdout: "No units match these filters.\n",
      stderr: "",
    });
    expect(await list("--group", "astronomy", "--dimension", "charge")).toEqual([]);
  });

  test("unknown system, group or dimension: exit 2 with the choices", async () => {
    const system = expectUserError(await run("units", "list", "--system", "imperial"));
    expect(system).toContain('Unknown unit system "imperial"');
    expect(system).toContain("si, cgs, natural, atomic, planck");
    expect(expectUserError(await run("units", "list", "--group", "astronomi"))).toContain('Did you mean "astronomy"?');
    expect(expectUserError(await run("units", "list", "--dimension", "energi"))).toContain('Did you mean "energy"?');
    expect(expectUserError(await run("units", "list", "extra"))).toContain('did not expect "extra"');
  });
});
