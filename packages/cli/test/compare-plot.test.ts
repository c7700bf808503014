// dimexp compare and dimexp plot against a real local store: the same rod
// logged in J (run-si) and erg (run-cgs), one run in eV, one whose "loss" is
// a time (incompatible), one without the metric.

import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DimExperiment, q } from "@dimexp/core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { expectUserError, run } from "./helpers.js";

const EXPERIMENT = "heat-equation-pinn";
/** the same rod in SI, CGS and natural units, two energies each; temperatures in °C, K and °F; two runs of one name */
const MIXED = "units-mix";
const EV = 1.602176634e-19;
const GEV = 1.602176634e-10;
let tmp = "";
let db = "";

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), "dimexp-cli-compare-"));
  db = join(tmp, "dimexp.db");
  const exp = await DimExperiment.open(EXPERIMENT, { backend: db, onWarning: () => undefined });
  const log = (name: string, length: ReturnType<typeof q>, unit: string, toUnit: number) =>
    exp.withRun(name, (r) => {
      r.logParam("domain_length", length);
      r.logParam("learning_rate", q(1.162e-4, "1/s"));
      for (let step = 0; step < 20; step++) r.logMetric("loss", q((2e-3 / (step + 1)) * toUnit, unit), { step });
    });
  await log("run-si", q(1, "m"), "J", 1);
  await log("run-cgs", q(100, "cm"), "erg", 1e7);
  await log("run-ev", q(1, "m"), "eV", 1 / EV);
  await exp.withRun("run-time", (r) => r.logMetric("loss", q(3, "s")));
  await exp.withRun("run-empty", (r) => r.logParam("domain_length", q(1, "m")));
  await exp.close();

  const mixed = await DimExperiment.open(MIXED, { backend: db, onWarning: () => undefined });
  const energies = (name: string, unit: string, perJoule: number) =>
    mixed.withRun(name, (r) => {
      for (let step = 0; step < 3; step++) {
        r.logMetric("loss", q((0.5 / (step + 1)) * perJoule, unit), { step });
        r.logMetric("thermal_energy", q((240 + step) * perJoule, unit), { step });
      }
    });
  await energies("run-si", "J", 1);
  await energies("run-cgs", "erg", 1e7);
  await energies("run-hep", "GeV", 1 / GEV);
  // 23.35 °C against 26.76 °C: +14.6 % in °C, +8.31 % in °F, +1.15 % in K if taken naively
  await mixed.withRun("cool", (r) => r.logMetric("T", q(23.35, "degC")));
  await mixed.withRun("warm", (r) => r.logMetric("T", q(26.76 + 273.15, "K")));
  await mixed.withRun("warm-f", (r) => r.logMetric("T", q((26.76 * 9) / 5 + 32, "degF")));
  await mixed.withRun("twin", (r) => r.logMetric("loss", q(1, "J")));
  await mixed.withRun("twin", (r) => r.logMetric("loss", q(2, "J")));
  await mixed.close();
});

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

const cli = (...argv: string[]) => run(...argv, "--tracking-uri", db);

describe("dimexp compare", () => {
  test("--json: per metric the common unit, the baseline, and every run's value, original and differences", async () => {
    const result = await cli("compare", "--experiment", EXPERIMENT, "run-si", "run-cgs", "--metric", "loss", "--json");
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(Object.keys(json)).toEqual(["metrics"]);
    const [loss] = json.metrics;
    expect(loss).toMatchObject({
      metric: "loss",
      unit: "J",
      rule: "first-run",
      baseline: { kind: "mean", value: expect.closeTo(1e-4, 18) },
      differenceUnit: "J",
      relativeUnit: "J",
      excluded: [],
      warnings: [{ type: "MixedUnitsConverted", message: 'loss: run "run-cgs" logged erg; converted to J (original values are kept).' }],
    });
    expect(loss.runs).toEqual([
      expect.objectContaining({ name: "run-si", value: 1e-4, step: 19, original: { value: 1e-4, unit: "J" }, isBaseline: false }),
      expect.objectContaining({ name: "run-cgs", value: expect.closeTo(1e-4, 18), original: { value: 1000, unit: "erg" }, isBaseline: false }),
    ]);
    for (const run of loss.runs) {
      expect(Math.abs(run.absoluteDiff)).toBeLessThan(1e-18);
      expect(Math.abs(run.relativeDiff)).toBeLessThan(1e-12);
    }
    expect(result.stderr).toBe('warning: loss: run "run-cgs" logged erg; converted to J (original values are kept).\n');
  });

  test("--metric more than once: SI, CGS and natural-unit runs by name, in eV, against a baseline run", async () => {
    const result = await cli("compare", "-e", MIXED, "run-si", "run-cgs", "run-hep", "-m", "loss", "-m", "thermal_energy", "--unit", "eV", "--baseline", "run-si", "--json");
    expect(result.code, result.stderr).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json.metrics.map((m: { metric: string; unit: string }) => [m.metric, m.unit])).toEqual([
      ["loss", "eV"],
      ["thermal_energy", "eV"],
    ]);
    for (const m of json.metrics) {
      const ref = m.metric === "loss" ? 0.5 / 3 / EV : 242 / EV;
      expect(m.baseline).toEqual({ kind: "run", name: "run-si", id: expect.any(String), value: expect.closeTo(ref, -6) });
      expect(m.runs.map((r: { original: { unit: string } }) => r.original.unit)).toEqual(["J", "erg", "GeV"]);
      for (const r of m.runs) {
        expect(r.value / ref).toBeCloseTo(1, 12);
        expect(Math.abs(r.relativeDiff)).toBeLessThan(1e-12);
        expect(Math.abs(r.absoluteDiff / ref)).toBeLessThan(1e-12);
      }
      expect(m.runs.map((r: { isBaseline: boolean }) => r.isBaseline)).toEqual([true, false, false]);
    }
    // for people: one table per metric
    const text = await cli("compare", "-e", MIXED, "run-si", "run-cgs", "run-hep", "-m", "loss", "-m", "thermal_energy", "--unit", "eV");
    expect(text.code).toBe(0);
    const lines = text.stdout.trimEnd().split("\n");
    expect(lines[0]).toBe("loss in eV (--unit), baseline: the mean of the runs:");
    expect(lines).toContain("thermal_energy in eV (--unit), baseline: the mean of the runs:");
    expect(lines.filter((l) => /^ {2}run-hep +/.test(l))).toHaveLength(2);
  });

  test("--unit erg and --system cgs put everything in erg", async () => {
    for (const flags of [["--unit", "erg"], ["--system", "cgs"]]) {
      const [json] = JSON.parse((await cli("compare", "-e", EXPERIMENT, "run-si", "run-cgs", "run-ev", "-m", "loss", ...flags, "--json")).stdout).metrics;
      expect(json.unit).toBe("erg");
      expect(json.runs.map((r: { value: number }) => r.value)).toEqual([expect.closeTo(1000, 9), 1000, expect.closeTo(1000, 9)]);
      expect(json.runs[2].original).toEqual({ value: expect.closeTo(1e-4 / EV, 3), unit: "eV" });
    }
  });

  test("a table for people: the common unit and why, differences against the baseline", async () => {
    const result = await cli("compare", "-e", EXPERIMENT, "run-si", "run-cgs", "-m", "loss", "--baseline", "run-si", "--align", "min");
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split("\n");
    expect(lines[0]).toBe("loss in J (the first run's unit (a tie)), baseline run-si:");
    expect(lines[1]).toMatch(/^ {2}run +loss \[J\] +as logged +step +Δ \[J\] +Δ relative$/);
    expect(lines[2]).toMatch(/^ {2}run-si \* +1e-4 +1e-4 J +19 +0 +\+0%$/);
    expect(lines[3]).toMatch(/^ {2}run-cgs +1e-4 +1000 erg +19 /);
  });

  test("every run by default; the incompatible and the missing ones are left out with the reason", async () => {
    const result = await cli("compare", "-e", EXPERIMENT, "-m", "loss");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("  run-time: left out (IncompatibleDimensions)");
    expect(result.stdout).toContain("  run-empty: left out (MissingMetric)");
    expect(result.stderr).toContain('warning: loss: run "run-time" logged s [time (T)], which is not convertible to the common unit J');
    expect(result.stderr).toContain('warning: loss: run "run-empty" has no loss; excluded.');
  });

  test("user errors: unknown unit, both --unit and --system, an unknown run, a metric nobody logged", async () => {
    expect(expectUserError(await cli("compare", "-e", EXPERIMENT, "-m", "loss", "--unit", "jouls"))).toContain('Unknown unit "jouls"');
    expect(expectUserError(await cli("compare", "-e", EXPERIMENT, "-m", "loss", "--unit", "J", "--system", "cgs"))).toContain("not both");
    expect(expectUserError(await cli("compare", "-e", EXPERIMENT, "run-sj", "-m", "loss"))).toContain('Did you mean "run-si"');
    expect(expectUserError(await cli("compare", "-e", EXPERIMENT, "-m", "los"))).toContain('Did you mean "loss"');
    expect(expectUserError(await cli("compare", "-e", EXPERIMENT, "-m", "loss", "--align", "median"))).toContain("--align takes");
    expect(expectUserError(await cli("compare", "-e", EXPERIMENT, "-m", "loss", "--baseline", "nope"))).toContain('The baseline "nope"');
    expect(expectUserError(await cli("compare", "-e", EXPERIMENT))).toContain("needs --metric");
  });
});

describe("dimexp compare: a display unit that fits no run, temperatures, run names", () => {
  test("--unit m on an energy: exit 2, one line naming both dimensions", async () => {
    const message = expectUserError(await cli("compare", "-e", EXPERIMENT, "run-si", "run-cgs", "-m", "loss", "--unit", "m"));
    expect(message.trimEnd().split("\n")).toHaveLength(1);
    expect(message).toContain("energy (M L^2 T^-2)");
    expect(message).toContain("in m [length (L)]");
  });

  test("GeV against 1/m: the message names --context natural, and with it the runs compare", async () => {
    const message = expectUserError(await cli("compare", "-e", MIXED, "run-si", "run-hep", "-m", "loss", "--unit", "1/m"));
    expect(message).toContain("--context natural");
    const ok = await cli("compare", "-e", MIXED, "run-si", "run-hep", "-m", "loss", "--unit", "1/m", "--context", "natural", "--json");
    expect(ok.code, ok.stderr).toBe(0);
    const values = JSON.parse(ok.stdout).metrics[0].runs.map((r: { value: number }) => r.value);
    expect(values[1] / values[0]).toBeCloseTo(1, 12);
  });

  test("relative differences of temperatures are the same in °C, °F and K, and say so; Δ is a temperature difference", async () => {
    const relatives: number[][] = [];
    for (const unit of ["degC", "degF", "K"]) {
      const result = await cli("compare", "-e", MIXED, "cool", "warm", "warm-f", "-m", "T", "--unit", unit, "--baseline", "cool", "--json");
      expect(result.code, result.stderr).toBe(0);
      const m = JSON.parse(result.stdout).metrics[0];
      expect(m.relativeUnit).toBe("K");
      expect(m.differenceUnit).toBe(unit === "K" ? "K" : `delta_${unit}`);
      relatives.push(m.runs.map((r: { relativeDiff: number }) => r.relativeDiff));
      expect(result.stderr).toContain("note: T: relative differences are computed on the absolute scale (K)");
    }
    const expected = (26.76 - 23.35) / (23.35 + 273.15);
    for (const r of relatives) expect(r).toEqual([0, expect.closeTo(expected, 12), expect.closeTo(expected, 12)]);
    const table = await cli("compare", "-e", MIXED, "cool", "warm", "-m", "T", "--unit", "degC", "--baseline", "cool");
    const lines = table.stdout.split("\n");
    expect(lines[1]).toMatch(/Δ \[Δ°C\] +Δ relative \(in K\)$/);
    expect(lines[3]).toMatch(/^ {2}warm +26\.76 +299\.91 K +0 +3\.41 +\+1\.15%$/);
  });

  test("a name two runs share is an error listing their ids; each id works", async () => {
    const ls = JSON.parse((await cli("runs", "ls", "-e", MIXED, "--json")).stdout) as Array<{ id: string; name: string }>;
    const twins = ls.filter((r) => r.name === "twin").map((r) => r.id);
    expect(twins).toHaveLength(2);
    const message = expectUserError(await cli("compare", "-e", MIXED, "twin", "-m", "loss"));
    expect(message).toContain('2 runs of experiment "units-mix" are named "twin"');
    for (const id of twins) expect(message).toContain(id);
    const ok = await cli("compare", "-e", MIXED, ...twins, "-m", "loss", "--json");
    expect(JSON.parse(ok.stdout).metrics[0].runs.map((r: { value: number }) => r.value).sort()).toEqual([1, 2]);
  });

  test("a metric given twice, or unknown among several", async () => {
    expect(expectUserError(await cli("compare", "-e", MIXED, "run-si", "-m", "loss", "-m", "loss"))).toContain("given twice");
    expect(expectUserError(await cli("compare", "-e", MIXED, "run-si", "-m", "loss", "-m", "thermal_enrgy"))).toContain('Did you mean "thermal_energy"');
  });
});

describe("dimexp plot", () => {
  test("writes SVG, PNG and the Vega-Lite spec; the axis carries the unit", async () => {
    const svg = join(tmp, "charts", "loss.svg");
    const png = join(tmp, "charts", "loss.png");
    const vl = join(tmp, "charts", "loss.vl.json");
    for (const out of [svg, png, vl]) {
      const result = await cli("plot", "--experiment", EXPERIMENT, "run-si", "run-cgs", "--metric", "loss", "--unit", "erg", "--out", out);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toMatch(/^Wrote .* history of loss in erg for 2 runs\.\n$/);
    }
    expect(readFileSync(svg, "utf8")).toContain(">loss [erg]</text>");
    const bytes = readFileSync(png);
    expect(bytes.subarray(1, 4).toString()).toBe("PNG");
    expect(bytes.readUInt32BE(16)).toBeGreaterThan(500);
    const spec = JSON.parse(readFileSync(vl, "utf8"));
    expect(spec.encoding.y.title).toBe("loss [erg]");
  });

  test("other charts and axis styles", async () => {
    const out = join(tmp, "charts", "comparison.svg");
    const result = await cli("plot", "-e", EXPERIMENT, "run-si", "run-cgs", "run-ev", "-m", "loss", "--chart", "comparison", "--axis-style", "slash", "--out", out);
    expect(result.code, result.stderr).toBe(0);
    expect(readFileSync(out, "utf8")).toContain(">loss / J</text>");
    const scatter = join(tmp, "charts", "scatter.vl.json");
    expect((await cli("plot", "-e", EXPERIMENT, "run-si", "run-cgs", "-m", "loss", "--chart", "scatter", "--param", "domain_length", "--out", scatter)).code).toBe(0);
    expect(JSON.parse(readFileSync(scatter, "utf8")).encoding.x.title).toBe("domain_length [m]");
  });

  test("--unit m on an energy: exit 2 naming both dimensions, and no chart is written", async () => {
    const out = join(tmp, "charts", "wrong-unit.svg");
    const message = expectUserError(await cli("plot", "-e", EXPERIMENT, "run-si", "run-cgs", "-m", "loss", "--unit", "m", "--out", out));
    expect(message).toContain("energy (M L^2 T^-2)");
    expect(message).toContain("length (L)");
    expect(existsSync(out)).toBe(false);
  });

  test("user errors: no --out, an unknown format, an unknown chart", async () => {
    expect(expectUserError(await cli("plot", "-e", EXPERIMENT, "-m", "loss"))).toContain("needs --out");
    expect(expectUserError(await cli("plot", "-e", EXPERIMENT, "-m", "loss", "--out", "x.gif"))).toContain(".svg, .png or .vl.json");
    expect(expectUserError(await cli("plot", "-e", EXPERIMENT, "-m", "loss", "--out", "x.svg", "--chart", "pie"))).toContain("--chart takes");
    expect(expectUserError(await cli("plot", "-e", EXPERIMENT, "-m", "loss", "--out", "x.svg", "--chart", "scatter"))).toContain("--param");
  });
});
