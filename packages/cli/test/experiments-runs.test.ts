// experiments ls, runs ls and runs show against a real local store (SQLite
// file in a temp dir), written through DimExperiment like a user's script.

import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { DimExperiment, q } from "@dimexp/core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type CliResult, expectUserError, run, runWithEnv } from "./helpers.js";

const execFileAsync = promisify(execFile);
const bin = fileURLToPath(new URL("../dist/bin.js", import.meta.url));

const EXPERIMENT = "heat-equation-pinn";
let tmp = "";
let db = "";
const ids: Record<string, string> = {};

/** 100 steps of a loss that ends at `final`, in `unit`. */
const lossCurve = (final: number) => Array.from({ length: 100 }, (_, step) => (final * 100) / (step + 1));

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), "dimexp-cli-"));
  db = join(tmp, "dimexp.db");
  const exp = await DimExperiment.open(EXPERIMENT, { backend: db, onWarning: () => undefined });
  const log = async (name: string, length: ReturnType<typeof q>, finalLoss: number, lossUnit: string) =>
    exp.withRun(name, (r) => {
      ids[name] = r.id;
      r.logParam("learning_rate", q(0.001, "1/s"));
      r.logParam("domain_length", length);
      r.logParam("solver", "crank-nicolson");
      r.logParam("grid_cells", 100);
      for (const value of lossCurve(finalLoss)) r.logMetric("loss", q(value, lossUnit));
      for (let step = 0; step < 100; step++) r.logMetric("converged", step === 99 ? 1 : 0);
    });
  // The SI and CGS runs are the same rod; the loss ordering is by value in one unit:
  // run-short 0.05 J > run-si 0.0123 J > run-cgs 0.012 J (numerically 5e5 > 0.0123 < 1.2e5).
  await log("run-si", q(1, "m"), 0.0123, "J");
  await log("run-cgs", q(100, "cm"), 1.2e5, "erg");
  await log("run-short", q(40, "cm"), 5e5, "erg");
  await exp.close();
  const other = await DimExperiment.open("unit-sandbox", { backend: db });
  await other.withRun("only-run", (r) => {
    ids["only-run"] = r.id;
    r.logParam("mass", q(2, "kg"));
  });
  await other.close();
});

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

const cli = (...argv: string[]) => run(...argv, "--tracking-uri", db);

const json = (result: CliResult): unknown => {
  expect(result.stderr).toBe("");
  expect(result.code).toBe(0);
  expect(result.stdout.endsWith("\n") && result.stdout.split("\n").length === 2, result.stdout).toBe(true);
  return JSON.parse(result.stdout);
};

const names = (runs: unknown): string[] => (runs as Array<{ name: string }>).map((r) => r.name).sort();

const runSiJson = () => ({
  id: ids["run-si"],
  name: "run-si",
  status: "FINISHED",
  params: {
    learning_rate: { value: 0.001, unit: "1/s" },
    domain_length: { value: 1, unit: "m" },
    solver: { value: "crank-nicolson" },
    grid_cells: { value: 100 },
  },
  metrics: {
    loss: { value: 0.0123, unit: "J", step: 99 },
    converged: { value: 1, step: 99 },
  },
});

describe("dimexp experiments ls", () => {
  test("--json: [{id, name, runs}] for every experiment", async () => {
    const listed = json(await cli("experiments", "ls", "--json")) as Array<{ id: string; name: string; runs: number }>;
    expect(listed.map((e) => Object.keys(e).sort())).toEqual([
      ["id", "name", "runs"],
      ["id", "name", "runs"],
    ]);
    expect([...listed].sort((a, b) => a.name.localeCompare(b.name)).map(({ name, runs }) => ({ name, runs }))).toEqual([
      { name: EXPERIMENT, runs: 3 },
      { name: "unit-sandbox", runs: 1 },
    ]);
    expect(listed.every((e) => typeof e.id === "string" && e.id.length > 0)).toBe(true);
  });

  test("plain: a table naming the store", async () => {
    const { code, stdout } = await cli("experiments", "ls");
    expect(code).toBe(0);
    expect(stdout).toContain(`Experiments in ${db}:`);
    expect(stdout).toMatch(new RegExp(`^ {2}${EXPERIMENT} +3 +\\S+$`, "m"));
    expect(stdout).toMatch(/^ {2}unit-sandbox +1 +\S+$/m);
  });
});

describe("dimexp runs ls", () => {
  test("--json prints exactly Run#toJSON(): params with units, latest metrics with step, no unit when unitless", async () => {
    const runs = json(await cli("runs", "ls", "--experiment", EXPERIMENT, "--json")) as Array<Record<string, unknown>>;
    expect(names(runs)).toEqual(["run-cgs", "run-short", "run-si"]);
    for (const r of runs) expect(Object.keys(r).sort()).toEqual(["id", "metrics", "name", "params", "status"]);
    expect(runs.find((r) => r.name === "run-si")).toEqual(runSiJson());
    expect(runs.find((r) => r.name === "run-cgs")).toEqual({
      ...runSiJson(),
      id: ids["run-cgs"],
      name: "run-cgs",
      params: { ...runSiJson().params, domain_length: { value: 100, unit: "cm" } },
      metrics: { loss: { value: 1.2e5, unit: "erg", step: 99 }, converged: { value: 1, step: 99 } },
    });
  });

  test("a unit-aware filter: params.domain_length >= 50 cm keeps the 1 m and 100 cm runs, not 40 cm", async () => {
    const runs = json(await cli("runs", "ls", "-e", EXPERIMENT, "--filter", "params.domain_length >= 50 cm", "--json"));
    expect(names(runs)).toEqual(["run-cgs", "run-si"]);
    const energy = json(await cli("runs", "ls", "-e", EXPERIMENT, "--filter", "metrics.loss < 0.02 J and dimension(metrics.loss) = energy", "--json"));
    expect(names(energy)).toEqual(["run-cgs", "run-si"]);
  });

  test("--order-by compares in one unit across J and erg; --limit keeps the first n", async () => {
    const ordered = json(await cli("runs", "ls", "-e", EXPERIMENT, "--order-by", "metrics.loss desc", "--json")) as Array<{ name: string }>;
    expect(ordered.map((r) => r.name)).toEqual(["run-short", "run-si", "run-cgs"]);
    const limited = json(await cli("runs", "ls", "-e", EXPERIMENT, "--order-by", "metrics.loss", "--limit", "2", "--json")) as Array<{ name: string }>;
    expect(limited.map((r) => r.name)).toEqual(["run-cgs", "run-si"]);
    expect(expectUserError(await cli("runs", "ls", "-e", EXPERIMENT, "--limit", "two"))).toContain("--limit takes a whole number");
    expect(expectUserError(await cli("runs", "ls", "-e", EXPERIMENT, "--order-by", "metrics.loss sideways"))).toContain("orderBy");
  });

  test("plain: a table with each value in its own unit", async () => {
    const { code, stdout, stderr } = await cli("runs", "ls", "-e", EXPERIMENT, "--filter", "params.domain_length >= 50 cm");
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    const lines = stdout.trimEnd().split("\n");
    expect(lines[0]).toBe(`2 runs of experiment "${EXPERIMENT}" matching params.domain_length >= 50 cm:`);
    expect(lines[1]).toMatch(/^ {2}name +status +learning_rate +domain_length +solver +grid_cells +loss +converged +id$/);
    expect(lines.find((l) => l.includes("run-si"))).toMatch(/run-si +FINISHED +0\.001 1\/s +1 m +crank-nicolson +100 +0\.0123 J +1 /);
    expect(lines.find((l) => l.includes("run-cgs"))).toMatch(/run-cgs +FINISHED +0\.001 1\/s +100 cm +crank-nicolson +100 +120000 erg +1 /);
    const narrow = await cli("runs", "ls", "-e", EXPERIMENT, "--columns", "domain_length,metrics.loss", "--order-by", "name");
    expect(narrow.stdout.split("\n").slice(1, 5)).toEqual([
      expect.stringMatching(/^ {2}name +status +domain_length +metrics\.loss +id$/),
      expect.stringMatching(/^ {2}run-cgs +FINISHED +100 cm +120000 erg +\S+$/),
      expect.stringMatching(/^ {2}run-short +FINISHED +40 cm +500000 erg +\S+$/),
      expect.stringMatching(/^ {2}run-si +FINISHED +1 m +0\.0123 J +\S+$/),
    ]);
    expect(expectUserError(await cli("runs", "ls", "-e", EXPERIMENT, "--columns", "los"))).toContain('Did you mean "loss"?');
    expect(expectUserError(await cli("runs", "ls", "-e", EXPERIMENT, "--columns", "metrics.los"))).toContain('Did you mean "metrics.loss"?');
    expect((await cli("runs", "ls", "-e", EXPERIMENT, "--filter", "params.domain_length > 10 m")).stdout).toBe(
      `No runs of experiment "${EXPERIMENT}" matching params.domain_length > 10 m.\n`,
    );
  });

  test("a filter that does not parse exits 2 with the position and a caret under it", async () => {
    const message = expectUserError(await cli("runs", "ls", "-e", EXPERIMENT, "--filter", "params.domain_length >= 50 furlongz"));
    expect(message).toContain("Cannot parse filter at position 27");
    expect(message).toContain('unknown unit "furlongz" (did you mean "furlong"?)');
    expect(message).toContain(`\n  params.domain_length >= 50 furlongz\n  ${" ".repeat(27)}^\n`);
    const dangling = expectUserError(await cli("runs", "ls", "-e", EXPERIMENT, "--filter", "params.domain_length >= 50 cm and"));
    expect(dangling).toContain("position 33");
    // a comparison of a length with an energy: the field's unit group decides, still exit 2 with a position
    expect(expectUserError(await cli("runs", "ls", "-e", EXPERIMENT, "--filter", "params.domain_length >= 5 J"))).toMatch(/position \d+/);
  });

  test("an unknown experiment exits 2 and lists the experiments there; so does a missing --experiment", async () => {
    const message = expectUserError(await cli("runs", "ls", "--experiment", "heat-equation-pin"));
    expect(message).toContain('No experiment "heat-equation-pin"');
    expect(message).toContain(`Did you mean "${EXPERIMENT}"?`);
    expect(message).toContain(`Experiments there: ${EXPERIMENT}, unit-sandbox.`);
    const missing = expectUserError(await cli("runs", "ls"));
    expect(missing).toContain('"dimexp runs ls" needs --experiment <name>');
    expect(missing).toContain(EXPERIMENT);
  });
});

describe("dimexp runs show", () => {
  test("--json: the runs ls item plus experiment, tags, startTime, endTime", async () => {
    const shown = json(await cli("runs", "show", "run-si", "--experiment", EXPERIMENT, "--json")) as Record<string, unknown>;
    expect(Object.keys(shown).sort()).toEqual(["endTime", "experiment", "id", "metrics", "name", "params", "startTime", "status", "tags"]);
    const { experiment, tags, startTime, endTime, ...runJson } = shown;
    expect(runJson).toEqual(runSiJson());
    expect({ experiment, tags }).toEqual({ experiment: EXPERIMENT, tags: {} });
    expect(typeof startTime).toBe("number");
    expect(typeof endTime).toBe("number");
    expect(endTime as number).toBeGreaterThanOrEqual(startTime as number);
  });

  test("a run id alone is found in whichever experiment holds it; a unique name too", async () => {
    const byId = json(await cli("runs", "show", ids["only-run"] as string, "--json")) as { name: string; experiment: string };
    expect({ name: byId.name, experiment: byId.experiment }).toEqual({ name: "only-run", experiment: "unit-sandbox" });
    const byName = json(await cli("runs", "show", "run-cgs", "--json")) as { id: string };
    expect(byName.id).toBe(ids["run-cgs"]);
    expect(expectUserError(await cli("runs", "show", "no-such-run"))).toContain('No run with the id or name "no-such-run"');
    expect(expectUserError(await cli("runs", "show", "only-run", "-e", EXPERIMENT))).toContain(
      `Experiment "${EXPERIMENT}" has no run with the id or name "only-run"`,
    );
  });

  test("plain: params and latest metrics with units and steps", async () => {
    const { code, stdout } = await cli("runs", "show", "run-si", "-e", EXPERIMENT);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^run +run-si$/m);
    expect(stdout).toMatch(new RegExp(`^experiment +${EXPERIMENT}$`, "m"));
    expect(stdout).toMatch(/^status +FINISHED$/m);
    expect(stdout).toMatch(/^ {2}domain_length +1 m$/m);
    expect(stdout).toMatch(/^ {2}learning_rate +0\.001 1\/s$/m);
    expect(stdout).toMatch(/^ {2}loss +0\.0123 J \(step 99\)$/m);
    expect(stdout).toMatch(/^ {2}converged +1 \(step 99\)$/m);
  });
});

describe("where the store is", () => {
  test("DIMEXP_TRACKING_URI names it when --tracking-uri is absent; --tracking-uri wins; it may come before the command", async () => {
    const viaEnv = json(await runWithEnv({ DIMEXP_TRACKING_URI: db }, "runs", "ls", "-e", EXPERIMENT, "--filter", "params.domain_length >= 50 cm", "--json"));
    expect(names(viaEnv)).toEqual(["run-cgs", "run-si"]);
    const explicitWins = json(
      await runWithEnv({ DIMEXP_TRACKING_URI: "wandb://team/proj" }, "runs", "ls", "-e", EXPERIMENT, "--tracking-uri", db, "--json"),
    );
    expect(names(explicitWins)).toHaveLength(3);
    const globalFirst = json(await run("--tracking-uri", db, "experiments", "ls", "--json"));
    expect(globalFirst).toHaveLength(2);
    expect(json(await run(`--tracking-uri=${db}`, "runs", "show", "run-si", "-e", EXPERIMENT, "--json"))).toMatchObject({ name: "run-si" });
    expect(json(await run("--tracking-uri", `sqlite:${db}`, "experiments", "ls", "--json"))).toHaveLength(2);
    expect(expectUserError(await run("--tracking-uri", db, "units", "convert", "1 km", "m"))).toContain(
      '"--tracking-uri" does not apply to "dimexp units convert"',
    );
  });

  // The CLI depends on every backend, so "not installed" cannot happen here;
  // tooling/package-checks proves core names the package when it is missing.
  test("a tracking URI no backend handles exits 2 naming the scheme", async () => {
    expect(expectUserError(await run("experiments", "ls", "--tracking-uri", "gopher://x"))).toContain('no backend handles the scheme "gopher:"');
  });

  test("a store file that does not exist is an error, and is not created", async () => {
    const absent = join(tmp, "nowhere", "dimexp.db");
    const message = expectUserError(await run("experiments", "ls", "--tracking-uri", absent));
    expect(message).toContain(`No dimexp store at ${absent}`);
    expect(message).toContain("from --tracking-uri");
    expect(existsSync(absent)).toBe(false);
    expect(expectUserError(await runWithEnv({ DIMEXP_TRACKING_URI: absent }, "experiments", "ls"))).toContain("from DIMEXP_TRACKING_URI");
  });

  test("help lists the experiments and runs commands and the global option", async () => {
    const { stdout } = await run("--help");
    expect(stdout).toContain("experiments ls");
    expect(stdout).toContain("runs ls");
    expect(stdout).toContain("runs show <run>");
    expect(stdout).toContain("--tracking-uri <uri>");
    expect(stdout).toContain("DIMEXP_TRACKING_URI");
    const runsLsHelp = (await run("runs", "ls", "--help")).stdout;
    expect(runsLsHelp).toContain("--filter <query>");
    expect(runsLsHelp).toContain("--order-by <field [asc|desc]>");
    expect((await run("runs", "--help")).stdout).toMatch(/^ {2}show <run> /m);
  });
});

describe("the built bin", () => {
  test("node dist/bin.js runs ls … --json prints the filtered runs", async () => {
    if (!existsSync(bin)) throw new Error(`${bin} is missing: run "pnpm build" first (turbo's test task does)`);
    const { stdout, stderr } = await execFileAsync(
      process.execPath,
      [bin, "runs", "ls", "--experiment", EXPERIMENT, "--filter", "params.domain_length >= 50 cm", "--json"],
      { env: { ...process.env, DIMEXP_TRACKING_URI: db, MLFLOW_TRACKING_URI: "" }, cwd: tmpdir() },
    );
    expect(stderr).toBe("");
    const runs = JSON.parse(stdout) as unknown[];
    expect(names(runs)).toEqual(["run-cgs", "run-si"]);
    expect(runs.find((r) => (r as { name: string }).name === "run-si")).toEqual(runSiJson());
  });

  test("the built bin exits 2 with one clear message when a W&B URI has no API key", async () => {
    const failure = await execFileAsync(process.execPath, [bin, "experiments", "ls", "--tracking-uri", "wandb://team/proj"], {
      env: { PATH: process.env.PATH ?? "", HOME: tmp },
    }).catch((error: { code: number; stdout: string; stderr: string }) => error);
    expect(failure).toMatchObject({ code: 2, stdout: "" });
    expect((failure as { stderr: string }).stderr).toMatch(/^dimexp: .*WANDB_API_KEY/);
  });
});

describe("dimexp runs ls across unit systems: --context, --dimension, guards, missing columns", () => {
  const MIXED = "mixed-units";
  let mixedDb = "";
  const mixed = (...argv: string[]) => run("runs", "ls", "-e", MIXED, ...argv, "--tracking-uri", mixedDb);
  const ordered = (result: CliResult): string[] => (json(result) as Array<{ name: string }>).map((r) => r.name);

  beforeAll(async () => {
    mixedDb = join(tmp, "mixed.db");
    const exp = await DimExperiment.open(MIXED, { backend: mixedDb, onWarning: () => undefined });
    // SI, CGS and natural units; peak is an energy in two runs and a length in one
    await exp.withRun("run-si", (r) => {
      r.logParam("domain_length", q(1, "m"));
      r.logMetric("loss", q(0.0123, "J"));
      r.logMetric("peak", q(3, "J"));
    });
    await exp.withRun("run-cgs", (r) => {
      r.logParam("domain_length", q(120, "cm"));
      r.logMetric("loss", q(1.2e5, "erg"));
      r.logMetric("peak", q(2e7, "erg"));
    });
    await exp.withRun("run-natural", (r) => {
      r.logParam("domain_length", q(3e15, "1/GeV")); // about 59 cm
      r.logMetric("loss", q(1e8, "GeV")); // about 0.016 J
      r.logMetric("peak", q(0.5, "m"));
    });
    await exp.withRun("run-short", (r) => {
      r.logParam("domain_length", q(40, "cm"));
      r.logMetric("loss", q(5e5, "erg"));
    });
    await exp.close();
  });

  test("a natural-unit run: --filter and --order-by need --context natural, say so, and work with it", async () => {
    const filterError = expectUserError(await mixed("--filter", "params.domain_length >= 50 cm"));
    expect(filterError).toContain("--context natural");
    const orderError = expectUserError(await mixed("--order-by", "params.domain_length"));
    expect(orderError).toContain("--context natural");
    expect(ordered(await mixed("--filter", "params.domain_length >= 50 cm", "--order-by", "params.domain_length", "--context", "natural", "--json"))).toEqual([
      "run-natural",
      "run-si",
      "run-cgs",
    ]);
    expect(ordered(await mixed("--order-by", "params.domain_length desc", "--context", "natural,spectral", "--json"))).toEqual([
      "run-cgs",
      "run-si",
      "run-natural",
      "run-short",
    ]);
    // loss: J, erg and GeV are one dimension, no context needed
    // 0.012 J (1.2e5 erg) < 0.0123 J < 0.016 J (1e8 GeV) < 0.05 J (5e5 erg)
    expect(ordered(await mixed("--order-by", "metrics.loss", "--json"))).toEqual(["run-cgs", "run-si", "run-natural", "run-short"]);
    const plain = await mixed("--filter", "params.domain_length >= 50 cm", "--context", "natural");
    expect(plain.code).toBe(0);
    expect(plain.stdout.split("\n")[0]).toBe(`3 runs of experiment "${MIXED}" matching params.domain_length >= 50 cm, in the context natural:`);
    expect(plain.stdout).toMatch(/run-natural +FINISHED +3e15 1\/GeV +1e8 GeV +0\.5 m /);
    const unknown = expectUserError(await mixed("--filter", "params.domain_length >= 50 cm", "--context", "natrual"));
    expect(unknown).toContain("natrual");
    expect(unknown).toContain("natural");
    expect(expectUserError(await mixed("--context", "natural,"))).toContain("Contexts: gaussian, natural");
    expect((await run("runs", "ls", "--help")).stdout).toContain("--context <name>");
  });

  test("--dimension field=dimension keeps the runs whose field has it; repeated, any of them; a bad name lists the accepted ones", async () => {
    expect(names(json(await mixed("--dimension", "peak=energy", "--json")))).toEqual(["run-cgs", "run-si"]);
    expect(names(json(await mixed("--dimension", "metrics.peak=m", "--json")))).toEqual(["run-natural"]);
    expect(names(json(await mixed("--dimension", "peak=energy", "--dimension", "peak=length", "--json")))).toEqual(["run-cgs", "run-natural", "run-si"]);
    expect(names(json(await mixed("--dimension", "domain_length=1/GeV", "--json")))).toEqual(["run-natural"]);
    expect(names(json(await mixed("--dimension", "length", "--json")))).toEqual(["run-cgs", "run-natural", "run-short", "run-si"]);
    expect(json(await mixed("--dimension", "force", "--json"))).toEqual([]);
    // it guards the filter: peak compares only in the runs that logged an energy
    expect(names(json(await mixed("--dimension", "peak=energy", "--filter", "metrics.peak > 2.5 J", "--json")))).toEqual(["run-si"]);
    const bad = expectUserError(await mixed("--dimension", "peak=energi"));
    expect(bad).toContain('unknown dimension "energi" for peak');
    expect(bad).toContain("energy, work, heat");
    expect(bad).toContain("--dimension");
    expect(expectUserError(await mixed("--dimension", "peak"))).toContain("--dimension takes <field>=<dimension>");
    expect(expectUserError(await mixed("--dimension", "peak="))).toContain("peak");
  });

  test("a metric in J in some runs and in m in others: a dimension guard restricts the comparison, without one the advice is the guard", async () => {
    expect(names(json(await mixed("--filter", "dimension(metrics.peak) = energy and metrics.peak > 2.5 J", "--json")))).toEqual(["run-si"]);
    expect(names(json(await mixed("--filter", "metrics.peak < 1 m and dimension(metrics.peak) = length", "--json")))).toEqual(["run-natural"]);
    const unguarded = expectUserError(await mixed("--filter", "metrics.peak > 2.5 J"));
    expect(unguarded).toContain("dimension(metrics.peak) = energy and metrics.peak > 2.5 J");
  });

  test("--columns naming a field no listed run has shows -, like any missing cell; a field no run has is a typo", async () => {
    const result = await mixed("--filter", "params.domain_length < 50 cm", "--context", "natural", "--columns", "domain_length,peak");
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: "" });
    const lines = result.stdout.trimEnd().split("\n");
    expect(lines[1]).toMatch(/^ {2}name +status +domain_length +peak +id$/);
    expect(lines[2]).toMatch(/^ {2}run-short +FINISHED +40 cm +- +\S+$/);
    expect((await mixed("--filter", "metrics.loss > 0.04 J", "--columns", "metrics.peak")).stdout).toMatch(/^ {2}run-short +FINISHED +- +\S+$/m);
    expect(expectUserError(await mixed("--columns", "domain_length,peek"))).toContain('Did you mean "peak"?');
  });
});
