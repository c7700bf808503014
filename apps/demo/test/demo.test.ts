import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { beforeAll, describe, expect, test } from "vitest";

const execFileAsync = promisify(execFile);
const built = fileURLToPath(new URL("../dist/main.js", import.meta.url));

let stdout = "";

beforeAll(async () => {
  if (!existsSync(built)) throw new Error(`${built} is missing: run "pnpm build" first (turbo's test task does)`);
  const result = await execFileAsync(process.execPath, [built]);
  expect(result.stderr).toBe("");
  stdout = result.stdout;
});

/** The one output line containing `text`. */
const lineWith = (text: string): string => {
  const found = stdout.split("\n").filter((line) => line.includes(text));
  expect(found, `lines containing ${JSON.stringify(text)}`).toHaveLength(1);
  return found[0] as string;
};

/** The numbers in `line` before each of the given units, e.g. "0.03876 eV". */
const numbersBefore = (line: string, unit: string): number[] =>
  [...line.matchAll(new RegExp(`(-?\\d[\\d.]*(?:e-?\\d+)?) ${unit}`, "g"))].map((match) => Number(match[1]));

describe("the built demo (node dist/main.js)", () => {
  test("temperatures: 0 °C is exactly 32 °F; 30 °C − 20 °C is a difference", () => {
    expect(lineWith("0 °C in Fahrenheit")).toContain(": 32 °F ");
    expect(lineWith("30 °C − 20 °C")).toContain("= 10 Δ°C");
    expect(lineWith("30 °C + 20 °C is refused")).toContain("ambiguous");
  });

  test("heat through a copper rod, in J and in erg", () => {
    expect(lineWith("Q = 240.6 J")).toContain("= 2.406e9 erg");
    expect(lineWith("Q[J] == Q[erg]")).toContain("is true");
    expect(lineWith("\\mathrm{W}\\,\\mathrm{m}^{-1}\\,\\mathrm{K}^{-1}")).toContain("401 W/(m·K)");
    expect(lineWith("an energy is not a power")).toContain("the dimensions differ");
  });

  test("Gaussian charge converts through the context, and not without it", () => {
    expect(lineWith("elementary charge")).toContain("= 1.602176634e-19 C");
    expect(lineWith("without the context")).toContain("--context gaussian");
  });

  test("natural and spectral contexts", () => {
    expect(lineWith("1 GeV⁻¹ =")).toContain("0.197327 fm");
    expect(lineWith("500 nm =")).toContain("2.48 eV");
    expect(lineWith("500 nm =")).toContain("599.6 THz");
  });

  test("a million sampled energies: mean and std match equipartition, in unicode and LaTeX", () => {
    expect(stdout).toContain("1,000,000 kinetic energies");
    const [mean, meanTheory] = numbersBefore(lineWith("(equipartition"), "eV") as [number, number];
    const [std, stdTheory] = numbersBefore(lineWith("std  = "), "eV") as [number, number];
    // 10⁶ samples: the relative standard error of the mean is ~0.08 %.
    expect(Math.abs(mean / meanTheory - 1)).toBeLessThan(0.005);
    expect(Math.abs(std / stdTheory - 1)).toBeLessThan(0.005);
    expect(meanTheory).toBeCloseTo(0.03878, 5);
    expect(lineWith("LaTeX:   ")).toMatch(/\$\\bar E = 0\.03\d+\\,\\mathrm\{eV\}\$/);
    expect(lineWith("unicode:")).toMatch(/mean = 0\.03\d+ eV, std = 0\.03\d+ eV/);
    expect(lineWith("siunitx:")).toContain("{\\electronvolt}");
  });
});
