// pint's spellings of the units we have (issue #18): the real pint lists its
// registry (scripts/pint-names.py); every pint unit that is one of ours — same
// dimension, same factor — must parse here under each of pint's names, symbols
// and aliases, to pint's factor (relative 1e-12).

import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { listUnits, parseUnit } from "../../src/index.js";

interface PintUnit {
  readonly name: string;
  readonly spellings: readonly string[];
  /** exponents of length, mass, time, current, temperature, amount, luminosity */
  readonly dimension: readonly number[];
  readonly factor: number;
}

const packageDir = fileURLToPath(new URL("../..", import.meta.url));
const venvPython = join(packageDir, "..", "..", "tooling", "python", ".venv", "bin", "python");
const script = join(packageDir, "scripts", "pint-names.py");

/**
 * pint spellings that mean something else here, with the reason we keep ours.
 * Each must still parse (to our unit), so a removal of ours shows up here too.
 */
const OURS_WINS: Readonly<Record<string, string>> = {
  Gb: "gigabit (G + b): prefixed bits are common, pint's gilbert symbol is not",
  kt: "kilotonne (k + t): pint's knot alias; we spell knots kn or knot",
};

/**
 * pint units that only coincide with one of ours in dimension and factor, so
 * they are not "a unit we have": pure counts and ratios are not radians, a rad
 * of absorbed dose is not our rem (a dose equivalent), counts/s are not hertz.
 */
const NOT_OURS = new Set(["count", "strain", "absorbance_unit", "refractive_index_unit", "rads", "counts_per_second"]);

const REL = 1e-12;
const close = (a: number, b: number): boolean => Math.abs(a - b) <= REL * Math.max(Math.abs(a), Math.abs(b));
const dimKey = (exponents: readonly number[]): string => exponents.map((e) => Number(e.toFixed(6))).join(",");

const readPint = (): readonly PintUnit[] =>
  (JSON.parse(execFileSync(venvPython, [script], { encoding: "utf8", maxBuffer: 1 << 26 })) as { units: PintUnit[] }).units;

describe.skipIf(!existsSync(venvPython))("pint's names for our units", () => {
  const pint = readPint();
  const ours = listUnits()
    .filter((a) => !a.offset && !a.logarithmic)
    .map((a) => ({ key: dimKey(a.dimension.exponents.map((e) => e.n / e.d)), scale: a.scale.value }));
  const shared = pint.filter(
    (u) => !NOT_OURS.has(u.name) && ours.some((a) => a.key === dimKey(u.dimension) && close(a.scale, u.factor)),
  );

  it("pint lists its registry, and many of its units are ours", () => {
    expect(pint.length).toBeGreaterThan(300);
    // a broken match (a dimension order slip, a factor in the wrong base) would shrink this
    expect(shared.length).toBeGreaterThan(150);
    for (const name of NOT_OURS) expect(pint.some((u) => u.name === name), name).toBe(true);
  });

  it.each(shared.map((u) => [u.name, u] as const))("%s", (_name, u) => {
    for (const spelling of u.spellings) {
      const parsed = parseUnit(spelling);
      if (parsed._tag === "Left") expect.fail(`pint's "${spelling}" (${u.name}) is not read: ${parsed.left.message}`);
      if (spelling in OURS_WINS) continue;
      const unit = parsed.right;
      expect(dimKey(unit.dimension.exponents.map((e) => e.n / e.d)), spelling).toBe(dimKey(u.dimension));
      expect(close(unit.scale.value, u.factor), `${spelling}: ours ${unit.scale.value}, pint ${u.factor}`).toBe(true);
    }
  });

  it("mu_0 and epsilon_0 are the vacuum constants", () => {
    for (const [pints, ours] of [["mu_0", "µ_0"], ["epsilon_0", "ε_0"]] as const) {
      const a = parseUnit(pints);
      const b = parseUnit(ours);
      if (a._tag === "Left" || b._tag === "Left") expect.fail(`${pints} or ${ours} is not read`);
      else expect(a.right).toBe(b.right);
    }
  });
});
