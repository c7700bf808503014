// The demo on the embedded store (the default backend), run twice into one
// store from another directory: its story, the store it names, the charts, the
// JSON/HDF5 round trip, the runs read back through the CLI, and the printed
// h5py and `dimexp import` commands run as printed.

import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { fromTrackingUri } from "@dimexp/backend-local";
import { DimExperiment, Quantity, registerBackend } from "@dimexp/core";
import { ensureDimtensorVenv } from "@dimexp/tooling-vitest/dimtensor-venv";
import { formatUnit } from "@dimexp/units";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { CLI, cleanEnv, expectRunsReadBack, expectTheStory, invocationOf, requireBuilt, runDemo as runBuiltDemo, runProgram } from "./support/demo.js";

const execFileAsync = promisify(execFile);

let tmp = "";
let store = "";
let stdout = "";
let secondStdout = "";

/** Runs the built demo with DIMEXP_TRACKING_URI pointing at the temp store, from another directory. */
const runDemo = (): Promise<string> => runBuiltDemo(cleanEnv({ DIMEXP_TRACKING_URI: store }), tmp);

beforeAll(async () => {
  requireBuilt();
  tmp = mkdtempSync(join(tmpdir(), "dimexp-demo-"));
  store = join(tmp, "runs", "dimexp.db");
  stdout = await runDemo();
  // A second invocation adds runs under the same names and must still work.
  secondStdout = await runDemo();
}, 120_000);

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** The one line of `text` containing `needle`. */
const lineIn = (text: string, needle: string): string => {
  const found = text.split("\n").filter((line) => line.includes(needle));
  expect(found, `lines containing ${JSON.stringify(needle)}`).toHaveLength(1);
  return found[0] as string;
};

/** The one output line containing `text`. */
const lineWith = (text: string): string => lineIn(stdout, text);

/** The numbers in `line` before each of the given units, e.g. "0.03876 eV". */
const numbersBefore = (line: string, unit: string): number[] =>
  [...line.matchAll(new RegExp(`(-?\\d[\\d.]*(?:e[-+]?\\d+)?) ${unit}(?![\\w/])`, "g"))].map((match) => Number(match[1]));

/** The run names on the filter line, with the domain length each was logged in. */
const filterLine = (text: string): string[] => {
  const line = lineIn(text, "params.domain_length >= 50 cm: ");
  return line
    .slice(line.indexOf(": ") + 2)
    .split(", ")
    .sort();
};

describe("the heat-equation experiment (node dist/main.js)", () => {
  test("it names the store DIMEXP_TRACKING_URI points at, and the experiment", () => {
    expect(lineWith("Store: ")).toBe(`Store: ${store} (tracking URI ${store}: from DIMEXP_TRACKING_URI)`);
    expect(lineWith("Experiment: ")).toMatch(/^Experiment: heat-equation-pinn \(id \S+\)/);
    expect(existsSync(store)).toBe(true);
  });

  test("it lists what it logged: five runs, SI and CGS", () => {
    expect(lineWith("Logged 5 runs")).toContain("loss, thermal_energy, time for 100 steps");
    expect(lineWith("  run-si  ")).toMatch(/run-si +SI +1 m +1\.162e-4 1\/s +\S+ → \S+ J /);
    expect(lineWith("  run-cgs  ")).toMatch(/run-cgs +CGS +100 cm +1\.162e-4 1\/s +\S+ → \S+ erg /);
    for (const sweep of ["sweep-L40cm", "sweep-L80cm", "sweep-L1.5m"]) expect(lineWith(`  ${sweep}  `)).toMatch(/ (SI|CGS) /);
  });

  test("run-si and run-cgs: the same final loss once converted, to 1e-9", () => {
    const [si] = numbersBefore(lineWith("run-si final loss: "), "J") as [number];
    const cgsLine = lineWith("run-cgs final loss: ");
    const [erg] = numbersBefore(cgsLine, "erg") as [number];
    const [inJoules] = numbersBefore(cgsLine, "J") as [number];
    expect(si).toBeGreaterThan(0);
    expect(Math.abs(inJoules - si) / si).toBeLessThan(1e-9);
    expect(Math.abs(erg * 1e-7 - si) / si).toBeLessThan(1e-9);
  });

  test("the unit-aware filter lists exactly run-si, run-cgs and the 80 cm and 1.5 m sweep runs", () => {
    const expected = ["run-cgs (100 cm)", "run-si (1 m)", "sweep-L1.5m (1.5 m)", "sweep-L80cm (80 cm)"];
    expect(filterLine(stdout)).toEqual(expected);
    expect(lineWith("matching runs in the whole store")).toContain("; 4 matching runs in the whole store");
    // run again: the same four (this invocation's), and eight in the store
    expect(filterLine(secondStdout)).toEqual(expected);
    expect(lineIn(secondStdout, "matching runs in the whole store")).toContain("; 8 matching runs in the whole store");
  });

  test("the store holds 100 steps of loss in J (run-si) and erg (run-cgs), erg = 10⁷ × J at every step, and the field in K", async () => {
    registerBackend("local", fromTrackingUri);
    const exp = await DimExperiment.open("heat-equation-pinn", { backend: store });
    try {
      const si = await exp.metricHistory("run-si", "loss");
      const cgs = await exp.metricHistory("run-cgs", "loss");
      expect(si.unit && formatUnit(si.unit)).toBe("J");
      expect(cgs.unit && formatUnit(cgs.unit)).toBe("erg");
      expect([...si.steps]).toEqual(Array.from({ length: 100 }, (_, i) => i));
      expect([...cgs.steps]).toEqual([...si.steps]);
      si.values.forEach((value, i) => {
        expect(Math.abs((cgs.values[i] as number) * 1e-7 - value) / value).toBeLessThan(1e-9);
      });
      const run = await exp.getRun("run-cgs");
      expect(run.toJSON().params.domain_length).toEqual({ value: 100, unit: "cm" });
      expect(run.toJSON().params.learning_rate?.unit).toBe("1/s");
      expect(run.toJSON().params.conductivity).toEqual({ value: 40100000, unit: "erg/(s*cm*K)" });
      const temperature = run.metric("temperature_max");
      expect(temperature instanceof Quantity && formatUnit(temperature.unit)).toBe("K");
      const arrays = await exp.backend.getArrays(run.id, "temperature")();
      if (arrays._tag === "Left") throw new Error(arrays.left.message);
      expect(arrays.right[0]?.unit).toBe("K");
      expect(arrays.right[0]?.shape).toEqual([21]);
    } finally {
      await exp.close();
    }
  });

  test("it ends with the CLI commands to look at the runs", () => {
    expect(stdout).toContain("pnpm --silent dimexp runs ls --experiment heat-equation-pinn --filter 'params.domain_length >= 50 cm'");
  });

  test("the CLI reads both invocations' runs back from the store, with their units", async () => {
    const env = cleanEnv({ DIMEXP_TRACKING_URI: store });
    await expectRunsReadBack(env, tmp, invocationOf(stdout));
    await expectRunsReadBack(env, tmp, invocationOf(secondStdout));
  });
});

describe("the JSON and HDF5 round trip (@dimexp/io)", () => {
  const output = () => join(tmp, "dimexp-demo-output");

  test("the same story as on every backend, the round trip included", () => {
    expectTheStory(stdout, output());
    expectTheStory(secondStdout, output());
  });

  test("the files hold this invocation's five runs only, with units", () => {
    const file = JSON.parse(readFileSync(join(output(), "heat-equation-pinn.json"), "utf8"));
    expect(file.format).toBe("dimexp-experiment");
    expect(file.runs.map((r: { name: string }) => r.name).sort()).toEqual(["run-cgs", "run-si", "sweep-L1.5m", "sweep-L40cm", "sweep-L80cm"]);
    const invocation = invocationOf(secondStdout);
    for (const run of file.runs) expect(run.tags.invocation).toBe(invocation);
    const cgs = file.runs.find((r: { name: string }) => r.name === "run-cgs");
    expect(cgs.metrics.loss.unit).toBe("erg");
    expect(cgs.metrics.loss.count).toBe(100);
    expect(cgs.params.domain_length).toMatchObject({ type: "quantity", unit: "cm" });
    expect(cgs.arrays[0]).toMatchObject({ key: "temperature", unit: "K", shape: [21] });
  });

  test("the printed `dimexp import` commands load each file into a new store the CLI reads, units and all", async () => {
    for (const file of ["heat-equation-pinn.json", "heat-equation-pinn.h5"]) {
      const printed = stdout.split("\n").find((line) => line.includes(`dimexp import ${join(output(), file)} `)) as string;
      expect(printed).toMatch(/--into sqlite:\.\/heat-equation-pinn-copy\.db$/);
      const args = printed.trim().replace(/^pnpm --silent dimexp /, "").split(" ");
      const into = mkdtempSync(join(tmpdir(), "dimexp-demo-import-"));
      try {
        const imported = await runProgram("node", [CLI, ...args], { env: cleanEnv(), cwd: into });
        expect(imported.stderr).toBe("");
        expect(imported.code).toBe(0);
        const env = cleanEnv({ DIMEXP_TRACKING_URI: join(into, "heat-equation-pinn-copy.db") });
        // the second invocation wrote the files last
        await expectRunsReadBack(env, into, invocationOf(secondStdout));
      } finally {
        rmSync(into, { recursive: true, force: true });
      }
    }
  });

  test("after a second demo into the same store, the printed compare, plot and runs show commands still work", async () => {
    const printed = secondStdout
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => /^pnpm --silent dimexp (compare|plot|runs show) /.test(line));
    expect(printed).toHaveLength(3);
    const outDir = mkdtempSync(join(tmpdir(), "dimexp-demo-hints-"));
    try {
      for (const line of printed) {
        const args = line.replace(/^pnpm --silent dimexp /, "").split(" ");
        const result = await runProgram("node", [CLI, ...args], { env: cleanEnv({ DIMEXP_TRACKING_URI: store }), cwd: outDir });
        // unit-conversion warnings are expected on stderr; an ambiguous name is not
        expect(result.stderr, line).not.toMatch(/ambiguous|error/i);
        expect(result.code, `${line}\n${result.stderr}`).toBe(0);
      }
      expect(existsSync(join(outDir, "loss.png"))).toBe(true);
    } finally {
      rmSync(outDir, { recursive: true, force: true });
    }
  });

  test("the printed h5py command reads the HDF5 file: each run's loss unit and final value", async () => {
    const printed = stdout.split("\n").find((line) => line.includes("python3 -c 'import h5py;")) as string;
    const code = /python3 -c '(.*)'$/.exec(printed.trim())?.[1] as string;
    // h5py lives in the dimtensor virtualenv (built on first use, shared by every package's tests)
    const python = ensureDimtensorVenv();
    const { stdout: read } = await execFileAsync(python, ["-c", code], { cwd: tmp });
    const lines = read.trim().split("\n").sort();
    expect(lines).toHaveLength(5);
    const siLine = lines.find((l) => l.startsWith("run-si ")) as string;
    const cgsLine = lines.find((l) => l.startsWith("run-cgs ")) as string;
    expect(siLine).toMatch(/^run-si J \S+$/);
    expect(cgsLine).toMatch(/^run-cgs erg \S+$/);
    const si = Number(siLine.split(" ")[2]);
    const cgs = Number(cgsLine.split(" ")[2]);
    expect(Math.abs(cgs * 1e-7 - si) / si).toBeLessThan(1e-9);
  }, 600_000);
});

describe("the comparison and the charts (@dimexp/compare, @dimexp/viz)", () => {
  const output = () => join(tmp, "dimexp-demo-output");

  test("run-si (J) and run-cgs (erg) compared in J, originals kept, relative difference at float rounding", () => {
    expect(lineWith("compareRuns([run-si, run-cgs]")).toContain("common unit J (rule: first-run), baseline run-si");
    const si = lineWith("  run-si: final loss ");
    const cgs = lineWith("  run-cgs: final loss ");
    expect(si).toMatch(/logged \S+ J at step 99\); relative difference 0\.00e\+0$/);
    expect(cgs).toMatch(/ J \(logged \S+ erg at step 99\)/);
    const [inJ] = numbersBefore(cgs, "J") as [number];
    const [erg] = numbersBefore(cgs, "erg") as [number];
    expect(Math.abs(erg * 1e-7 - inJ) / inJ).toBeLessThan(1e-3);
    const relative = Number(/relative difference (\S+)$/.exec(cgs)?.[1]);
    expect(Math.abs(relative)).toBeLessThan(1e-9);
    expect(lineWith("warning MixedUnitsConverted")).toContain('run "run-cgs" logged erg; converted to J');
  });

  test("it names the output folder at the end, and the charts are there: SVG with units on the axis, PNG, Vega-Lite", () => {
    const lines = stdout.trimEnd().split("\n");
    expect(lines.at(-1)).toBe(`Charts (SVG, PNG, Vega-Lite), the comparison (CSV, Arrow) and the exports (JSON, HDF5) are in ${output()}`);
    for (const name of ["loss-history", "loss-comparison", "loss-sweep", "loss-importance"]) {
      for (const extension of ["svg", "png", "vl.json"]) expect(existsSync(join(output(), `${name}.${extension}`)), `${name}.${extension}`).toBe(true);
    }
    const svg = readFileSync(join(output(), "loss-history.svg"), "utf8");
    expect(svg).toContain(">loss [J]</text>");
    expect(svg).toContain("run-cgs: logged in erg, shown in J");
    const png = readFileSync(join(output(), "loss-history.png"));
    expect(png.subarray(1, 4).toString()).toBe("PNG");
    expect(png.readUInt32BE(16)).toBeGreaterThan(800);
    const spec = JSON.parse(readFileSync(join(output(), "loss-history.vl.json"), "utf8"));
    expect(spec.encoding.y.title).toBe("loss [J]");
    const csv = readFileSync(join(output(), "loss-comparison.csv"), "utf8").split("\r\n");
    expect(csv[0]).toMatch(/^metric,run,runId,step,value,unit,originalValue,originalUnit,/);
    expect(csv[2]).toMatch(/^loss,run-cgs,\w+,99,[\d.e-]+,J,[\d.e+]+,erg,run-si,/);
    expect(readFileSync(join(output(), "loss-comparison.arrow")).subarray(0, 6).toString()).toBe("ARROW1");
  });

  test("DIMEXP_DEMO_OUT chooses the folder", async () => {
    const elsewhere = join(tmp, "charts-here");
    const result = await runBuiltDemo(cleanEnv({ DIMEXP_TRACKING_URI: store, DIMEXP_DEMO_OUT: elsewhere }), tmp);
    expect(result.trimEnd().split("\n").at(-1)).toBe(
      `Charts (SVG, PNG, Vega-Lite), the comparison (CSV, Arrow) and the exports (JSON, HDF5) are in ${elsewhere}`,
    );
    expect(existsSync(join(elsewhere, "loss-history.png"))).toBe(true);
    expect(existsSync(join(elsewhere, "heat-equation-pinn.h5"))).toBe(true);
  }, 60_000);
});

describe("part 2, the units walk-through", () => {
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
