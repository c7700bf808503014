// dimexp compare and dimexp plot against a real local store: the same rod
// logged in J (run-si) and erg (run-cgs), one run in eV, one whose "loss" is
// a time (incompatible), one without the metric.

import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DimExperiment, q } from "@dimexp/core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { expectUserError, run } from "./helpers.js";

const EXPERIMENT = "heat-equation-pinn";
const EV = 1.602176634e-19;
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
});

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

const cli = (...argv: string[]) => run(...argv, "--tracking-uri", db);

describe("dimexp compare", () => {
  test("--json: the metric, the common unit, and every run's value with its original", async () => {
    const result = await cli("compare", "--experiment", EXPERIMENT, "run-si", "run-cgs", "--metric", "loss", "--json");
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json).toEqual({
      metric: "loss",
      unit: "J",
      runs: [
        { name: "run-si", value: 1e-4, original: { value: 1e-4, unit: "J" } },
        { name: "run-cgs", value: expect.closeTo(1e-4, 18), original: { value: 1000, unit: "erg" } },
      ],
    });
    expect(Object.keys(json)).toEqual(["metric", "unit", "runs"]);
    expect(result.stderr).toBe('warning: loss: run "run-cgs" logged erg; converted to J (original values are kept).\n');
  });

  test("--unit erg and --system cgs put everything in erg", async () => {
    for (const flags of [["--unit", "erg"], ["--system", "cgs"]]) {
      const json = JSON.parse((await cli("compare", "-e", EXPERIMENT, "run-si", "run-cgs", "run-ev", "-m", "loss", ...flags, "--json")).stdout);
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

  test("user errors: no --out, an unknown format, an unknown chart", async () => {
    expect(expectUserError(await cli("plot", "-e", EXPERIMENT, "-m", "loss"))).toContain("needs --out");
    expect(expectUserError(await cli("plot", "-e", EXPERIMENT, "-m", "loss", "--out", "x.gif"))).toContain(".svg, .png or .vl.json");
    expect(expectUserError(await cli("plot", "-e", EXPERIMENT, "-m", "loss", "--out", "x.svg", "--chart", "pie"))).toContain("--chart takes");
    expect(expectUserError(await cli("plot", "-e", EXPERIMENT, "-m", "loss", "--out", "x.svg", "--chart", "scatter"))).toContain("--param");
  });
});
