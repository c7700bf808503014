// Running the built demo and the built CLI as a user would, and the checks
// every backend's run of the demo must pass: the same story, the same charts,
// the same round trip, and runs the CLI reads back with their units.

import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";

export const REPO_ROOT = fileURLToPath(new URL("../../../../", import.meta.url));
export const DEMO = join(REPO_ROOT, "apps", "demo", "dist", "main.js");
export const CLI = join(REPO_ROOT, "packages", "cli", "dist", "bin.js");

export const isCi = (): boolean => {
  const ci = process.env.CI;
  return ci !== undefined && !["", "0", "false"].includes(ci.toLowerCase());
};

/** Fails with how to fix it when the demo or the CLI is not built. */
export const requireBuilt = (): void => {
  for (const file of [DEMO, CLI]) {
    if (!existsSync(file)) throw new Error(`${file} is missing: run "pnpm build" first (turbo's test task does)`);
  }
};

export type Env = Record<string, string | undefined>;

/** The test process's environment without any variable that would choose a store, a W&B mode or an output folder. */
export const cleanEnv = (extra: Env = {}): Env => {
  const env: Env = { ...process.env };
  for (const key of Object.keys(env)) {
    if (/^(DIMEXP_|MLFLOW_|WANDB_)/.test(key)) delete env[key];
  }
  return { ...env, ...extra };
};

export interface Finished {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a program to its end (killed after `killAfterMs`), whatever its exit code. */
export const runProgram = (file: string, args: readonly string[], options: { env: Env; cwd: string; killAfterMs?: number }): Promise<Finished> =>
  new Promise((resolve, reject) => {
    const child = execFile(
      file === "node" ? process.execPath : file,
      args,
      { env: options.env, cwd: options.cwd, timeout: options.killAfterMs ?? 120_000, killSignal: "SIGKILL", maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error && typeof (error as { code?: unknown }).code === "string") return reject(error);
        resolve({ code: child.exitCode, signal: child.signalCode, stdout: String(stdout), stderr: String(stderr) });
      },
    );
  });

/** Runs `node dist/main.js` and expects it to finish cleanly: exit 0, nothing on stderr. */
export const runDemo = async (env: Env, cwd: string): Promise<string> => {
  const result = await runProgram("node", [DEMO], { env, cwd });
  expect(result.stderr, "the demo's stderr").toBe("");
  expect(result.code, `the demo's exit code (stderr: ${result.stderr})`).toBe(0);
  return result.stdout;
};

/** Runs `node packages/cli/dist/bin.js …` and parses its --json output. */
export const cliJson = async <T>(args: readonly string[], env: Env, cwd: string): Promise<T> => {
  const result = await runProgram("node", [CLI, ...args], { env, cwd });
  expect(result.stderr, `dimexp ${args.join(" ")}: stderr`).toBe("");
  expect(result.code, `dimexp ${args.join(" ")}: exit code`).toBe(0);
  return JSON.parse(result.stdout) as T;
};

/** The one line of `text` containing `needle`. */
export const lineIn = (text: string, needle: string): string => {
  const found = text.split("\n").filter((line) => line.includes(needle));
  expect(found, `lines containing ${JSON.stringify(needle)}`).toHaveLength(1);
  return found[0] as string;
};

/** The numbers in `line` before each occurrence of the unit, e.g. "0.03876 eV". */
export const numbersBefore = (line: string, unit: string): number[] =>
  [...line.matchAll(new RegExp(`(-?\\d[\\d.]*(?:e[-+]?\\d+)?) ${unit}(?![\\w/])`, "g"))].map((match) => Number(match[1]));

/** The invocation tag the demo printed, e.g. 2026-01-12T10:00:00.000Z-1234. */
export const invocationOf = (stdout: string): string => {
  const match = /this invocation's runs are tagged invocation=(\S+)/.exec(stdout);
  expect(match, "the invocation tag line").not.toBeNull();
  return (match as RegExpExecArray)[1] as string;
};

export const RUN_NAMES = ["run-cgs", "run-si", "sweep-L1.5m", "sweep-L40cm", "sweep-L80cm"];

/**
 * The story every backend tells: five runs in SI and CGS, the unit-aware
 * filter, SI and CGS agreeing once converted, the comparison in J, the charts,
 * and the JSON and HDF5 round trip giving the same comparison.
 */
export const expectTheStory = (stdout: string, output: string): void => {
  expect(lineIn(stdout, "Logged 5 runs")).toContain("loss, thermal_energy, time for 100 steps");
  expect(lineIn(stdout, "  run-si  ")).toMatch(/run-si +SI +1 m +1\.162e-4 1\/s +\S+ → \S+ J /);
  expect(lineIn(stdout, "  run-cgs  ")).toMatch(/run-cgs +CGS +100 cm +1\.162e-4 1\/s +\S+ → \S+ erg /);
  const filtered = lineIn(stdout, "params.domain_length >= 50 cm: ");
  expect(filtered.slice(filtered.indexOf(": ") + 2).split(", ")).toEqual([
    "sweep-L80cm (80 cm)",
    "run-cgs (100 cm)",
    "run-si (1 m)",
    "sweep-L1.5m (1.5 m)",
  ]);
  const [si] = numbersBefore(lineIn(stdout, "run-si final loss: "), "J") as [number];
  const [cgsInJ] = numbersBefore(lineIn(stdout, "run-cgs final loss: "), "J") as [number];
  expect(si).toBeGreaterThan(0);
  expect(Math.abs(cgsInJ - si) / si).toBeLessThan(1e-9);
  expect(lineIn(stdout, "compareRuns([run-si, run-cgs]")).toContain("common unit J (rule: first-run), baseline run-si");
  expect(lineIn(stdout, "  run-cgs: final loss ")).toMatch(/ J \(logged \S+ erg at step 99\)/);

  expect(lineIn(stdout, `JSON: ${join(output, "heat-equation-pinn.json")} (5 runs, `)).toMatch(/→ 5 runs, \d+ points imported$/);
  expect(lineIn(stdout, `HDF5: ${join(output, "heat-equation-pinn.h5")} (5 runs, `)).toMatch(/→ 5 runs, \d+ points imported$/);
  expect(lineIn(stdout, "after both round trips")).toContain("is identical to the original: common unit J (first-run)");
  expect(lineIn(stdout, "after both round trips")).toContain("all 100 + 100 history points equal to the last bit");
  expect(lineIn(stdout, "python3 -c 'import h5py;")).toContain(join(output, "heat-equation-pinn.h5"));
  expect(stdout).toContain(`pnpm --silent dimexp import ${join(output, "heat-equation-pinn.json")} --into sqlite:`);

  for (const name of ["loss-history", "loss-comparison", "loss-sweep", "loss-importance"]) {
    for (const extension of ["svg", "png", "vl.json"]) expect(existsSync(join(output, `${name}.${extension}`)), `${name}.${extension}`).toBe(true);
  }
  expect(readFileSync(join(output, "loss-history.svg"), "utf8")).toContain(">loss [J]</text>");
  expect(readFileSync(join(output, "heat-equation-pinn.h5")).subarray(0, 8)).toEqual(Buffer.from([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(JSON.parse(readFileSync(join(output, "heat-equation-pinn.json"), "utf8")).runs).toHaveLength(5);
  expect(lineIn(stdout, "1,000,000 kinetic energies")).toBeTruthy();
  expect(stdout.trimEnd().split("\n").at(-1)).toBe(
    `Charts (SVG, PNG, Vega-Lite), the comparison (CSV, Arrow) and the exports (JSON, HDF5) are in ${output}`,
  );
};

interface RunJson {
  readonly id: string;
  readonly name: string;
  readonly status: string;
  readonly params: Record<string, { value: unknown; unit?: string }>;
  readonly metrics: Record<string, { value: unknown; unit?: string; step: number }>;
}

/**
 * `dimexp runs ls --json` over one invocation's runs in the store `env`
 * names: the five runs, finished, each param and metric in its logged unit.
 */
export const expectRunsReadBack = async (env: Env, cwd: string, invocation: string): Promise<RunJson[]> => {
  const runs = await cliJson<RunJson[]>(
    ["runs", "ls", "--experiment", "heat-equation-pinn", "--filter", `tags.invocation = "${invocation}"`, "--json"],
    env,
    cwd,
  );
  expect(runs.map((r) => r.name).sort()).toEqual(RUN_NAMES);
  const byName = new Map(runs.map((r) => [r.name, r]));
  const si = byName.get("run-si") as RunJson;
  const cgs = byName.get("run-cgs") as RunJson;
  for (const run of runs) {
    expect(run.status).toBe("FINISHED");
    expect(run.params.learning_rate?.unit).toBe("1/s");
    expect(run.metrics.time).toMatchObject({ unit: "s", step: 99 });
    expect(run.metrics.temperature_max?.unit).toBe("K");
  }
  expect(si.params.domain_length).toEqual({ value: 1, unit: "m" });
  expect(cgs.params.domain_length).toEqual({ value: 100, unit: "cm" });
  expect(si.params.conductivity).toEqual({ value: 401, unit: "W/(m*K)" });
  expect(cgs.params.conductivity).toEqual({ value: 40100000, unit: "erg/(s*cm*K)" });
  expect(si.metrics.loss).toMatchObject({ unit: "J", step: 99 });
  expect(cgs.metrics.loss).toMatchObject({ unit: "erg", step: 99 });
  const siLoss = si.metrics.loss?.value as number;
  const cgsLoss = cgs.metrics.loss?.value as number;
  expect(Math.abs(cgsLoss * 1e-7 - siLoss) / siLoss).toBeLessThan(1e-9);
  // the filter the demo shows, run by the CLI in the store
  const long = await cliJson<RunJson[]>(
    ["runs", "ls", "--experiment", "heat-equation-pinn", "--filter", `params.domain_length >= 50 cm and tags.invocation = "${invocation}"`, "--json"],
    env,
    cwd,
  );
  expect(long.map((r) => r.name).sort()).toEqual(["run-cgs", "run-si", "sweep-L1.5m", "sweep-L80cm"]);
  return runs;
};
