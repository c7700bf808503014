// `dimexp runs show <run> --array <key> [--step N] [--unit U] [--context C] [--json]`
// against a real local store: an array logged in SI, CGS or natural units is
// printed (summary and values) or given as JSON, converted on request; a key,
// step, unit or option that does not fit exits 2 naming what there is.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DimArray, DimExperiment } from "@dimexp/core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { expectUserError, run } from "./helpers.js";

// CODATA 2018, exact: the oracle for eV ↔ J, independent of @dimexp/units.
const EV_IN_J = 1.602176634e-19;
const EXPERIMENT = "profiles";
let tmp = "";
let db = "";
const ids: Record<string, string> = {};

const array = (values: readonly number[] | readonly (readonly number[])[], unit: string): DimArray => {
  const made = DimArray.of(values as number[], unit);
  if (made._tag === "Left") throw new Error(made.left.message);
  return made.right;
};

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), "dimexp-cli-arrays-"));
  db = join(tmp, "dimexp.db");
  const exp = await DimExperiment.open(EXPERIMENT, { backend: db, onWarning: () => undefined });
  await exp.withRun("run-si", (r) => {
    ids["run-si"] = r.id;
    for (let step = 0; step < 3; step++) r.logArray("energy", array([1 + step, 2, 3], "J"), { step });
    r.logArray("temperature", array([[300, 301.5], [Number.NaN, -0]], "K"), { step: 7 });
  });
  await exp.withRun("run-cgs", (r) => {
    for (let step = 0; step < 3; step++) r.logArray("energy", array([1e7 * (1 + step), 2e7, 3e7], "erg"), { step });
  });
  await exp.withRun("run-natural", (r) => {
    r.logArray("energy", array([0.5, 1, 2], "GeV"), { step: 0 });
    r.logMetric("loss", 1);
  });
  await exp.close();
});

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

const cli = (...argv: string[]) => run("runs", "show", ...argv, "--experiment", EXPERIMENT, "--tracking-uri", db);

const json = async (...argv: string[]): Promise<{ key: string; step: number; unit: string; shape: number[]; values: unknown }> => {
  const result = await cli(...argv, "--json");
  expect(result.stderr).toBe("");
  expect(result.code).toBe(0);
  const lines = result.stdout.split("\n");
  expect(lines).toHaveLength(2);
  return JSON.parse(lines[0] as string);
};

describe("runs show --array", () => {
  test("prints the latest step's summary and values with the unit", async () => {
    const result = await cli("run-si", "--array", "energy");
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    const out = result.stdout;
    expect(out).toMatch(/^array\s+energy$/m);
    expect(out).toMatch(new RegExp(`^run\\s+run-si \\(${ids["run-si"]}\\)$`, "m"));
    expect(out).toMatch(/^step\s+2 \(steps: 0, 1, 2\)$/m);
    expect(out).toMatch(/^unit\s+J$/m);
    expect(out).toMatch(/^shape\s+\[3\] \(3 values\)$/m);
    expect(out).toMatch(/^mean\s+2.66667 J$/m);
    expect(out).toMatch(/^values \[J\]$/m);
    expect(out).toMatch(/^ {2}\[0\]\s+3$/m);
    expect(out).toMatch(/^ {2}\[2\]\s+3$/m);
  });

  test("--json prints { key, step, unit, shape, values }, every digit, NaN and -0 as strings", async () => {
    expect(await json("run-si", "--array", "energy", "--step", "1")).toEqual({ key: "energy", step: 1, unit: "J", shape: [3], values: [2, 2, 3] });
    expect(await json("run-si", "--array", "temperature")).toEqual({
      key: "temperature",
      step: 7,
      unit: "K",
      shape: [2, 2],
      values: [
        [300, 301.5],
        ["NaN", "-0"],
      ],
    });
  });

  test("a 2-D array prints one row per line", async () => {
    const result = await cli("run-si", "--array", "temperature");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^ {2}\[0\]\s+300\s+301\.5$/m);
    expect(result.stdout).toMatch(/^ {2}\[1\]\s+NaN\s+0$/m);
    expect(result.stdout).toMatch(/^not finite\s+1 /m);
  });

  test("--unit converts: CGS (erg) and natural-unit (GeV) arrays read in J", async () => {
    const cgs = await json("run-cgs", "--array", "energy", "--step", "0", "--unit", "J");
    expect(cgs).toMatchObject({ key: "energy", step: 0, unit: "J", shape: [3] });
    (cgs.values as number[]).forEach((v, i) => {
      expect(v).toBeCloseTo([1, 2, 3][i] as number, 12);
    });
    const natural = await json("run-natural", "--array", "energy", "--unit", "J");
    expect(natural.unit).toBe("J");
    (natural.values as number[]).forEach((v, i) => {
      expect(v / (([0.5, 1, 2][i] as number) * 1e9 * EV_IN_J)).toBeCloseTo(1, 12);
    });
    const text = await cli("run-natural", "--array", "energy", "--unit", "J");
    expect(text.stdout).toMatch(/^unit\s+J \(logged in GeV\)$/m);
  });

  test("a unit of another dimension needs its context: an error naming it, then --context works", async () => {
    const message = expectUserError(await cli("run-natural", "--array", "energy", "--unit", "kg"));
    expect(message).toContain("mass-energy");
    const mass = await json("run-natural", "--array", "energy", "--unit", "kg", "--context", "mass-energy");
    expect(mass.unit).toBe("kg");
    expect((mass.values as number[])[1] as number).toBeCloseTo((1e9 * EV_IN_J) / 299_792_458 ** 2, 40);
    expect(expectUserError(await cli("run-natural", "--array", "energy", "--unit", "kg", "--context", "nonsense"))).toMatch(/nonsense/);
  });

  test("an unknown key names the run's arrays; an unknown step names its steps", async () => {
    const unknown = expectUserError(await cli("run-si", "--array", "enrgy"));
    expect(unknown).toContain('"enrgy"');
    expect(unknown).toContain("energy, temperature");
    const metric = expectUserError(await cli("run-natural", "--array", "loss"));
    expect(metric).toMatch(/"loss" is a metric/);
    const step = expectUserError(await cli("run-si", "--array", "energy", "--step", "9"));
    expect(step).toContain("step 9");
    expect(step).toContain("0, 1, 2");
  });

  test("bad option values and options without --array exit 2 with the fix", async () => {
    expect(expectUserError(await cli("run-si", "--array", "energy", "--step", "last"))).toMatch(/--step takes a step number.*"last"/);
    expect(expectUserError(await cli("run-si", "--array", ""))).toMatch(/"--array" was given an empty value/);
    expect(expectUserError(await cli("run-si", "--array", "energy", "--unit", "furlongx"))).toMatch(/furlongx/);
    expect(expectUserError(await cli("run-si", "--step", "1"))).toMatch(/--step applies to an array: add --array <key>/);
    expect(expectUserError(await cli("run-si", "--unit", "J", "--context", "natural"))).toMatch(/--unit, --context apply to an array/);
  });

  test("the plain runs show lists the run's arrays", async () => {
    const result = await cli("run-si");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^arrays \(runs show <run> --array <key>\)$/m);
    expect(result.stdout).toMatch(/^ {2}energy\s+J, shape \[3\], latest step 2$/m);
    expect(result.stdout).toMatch(/^ {2}temperature\s+K, shape \[2, 2\], latest step 7$/m);
  });
});
