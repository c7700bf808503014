// dimexp export / dimexp import against real local stores (SQLite files in a
// temp dir): a round trip through JSON and HDF5, the progress bar on a
// terminal only, and the errors a user meets.

import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DimArray, DimExperiment, q } from "@dimexp/core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { runCli } from "../src/index.js";
import { expectUserError, run, runWithEnv } from "./helpers.js";

let tmp = "";
let db = "";

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), "dimexp-cli-io-"));
  db = join(tmp, "source.db");
  const exp = await DimExperiment.open("heat-equation", { backend: db, onWarning: () => undefined });
  await exp.withRun("run-si", { tags: { solver: "fd" } }, (r) => {
    r.logParam("domain_length", q(1, "m"));
    for (let step = 0; step < 2000; step++) r.logMetric("loss", q(1 / (step + 1), "J"), { step });
    r.logMetric("residual", Number.NaN);
    const field = DimArray.of([[1, 2], [3, 4]], "K");
    if (field._tag === "Right") r.logArray("field", field.right);
  });
  await exp.withRun("run-cgs", (r) => {
    r.logParam("domain_length", q(100, "cm"));
    r.logMetric("loss", q(1e7, "erg"));
  });
  await exp.close();
});

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** Runs the CLI in-process, telling it whether standard error is a terminal. */
const runTty = async (stderrIsTTY: boolean, ...argv: string[]) => {
  let stdout = "";
  let stderr = "";
  const code = await runCli(argv, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), env: {}, stderrIsTTY });
  return { code, stdout, stderr };
};

describe("dimexp export and dimexp import", () => {
  for (const ext of ["json", "h5"]) {
    test(`round trip through .${ext}: import into a new store, export again, same file`, async () => {
      const file = join(tmp, `heat.${ext}`);
      const exported = await run("export", "--experiment", "heat-equation", file, "--tracking-uri", db);
      expect(exported.code).toBe(0);
      expect(exported.stderr).toBe("");
      expect(exported.stdout).toMatch(new RegExp(`^Exported 2 runs \\(2,006 metric points\\) of experiment "heat-equation" to ${file.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")} \\(${ext === "h5" ? "HDF5" : "JSON"}, [\\d.]+ kB\\)\\.\\n$`));

      const target = join(tmp, `target-${ext}.db`);
      expect(existsSync(target)).toBe(false);
      const imported = await run("import", file, "--into", target);
      expect(imported.code).toBe(0);
      expect(imported.stdout).toContain(`Imported 2 runs (2,006 metric points) into new experiment "heat-equation" at ${target}`);
      expect(imported.stdout).toContain(ext === "h5" ? "(from dimexp-experiment 1.0 (HDF5))" : "(from dimexp-experiment 1.0)");

      const runs = await run("runs", "ls", "-e", "heat-equation", "--tracking-uri", target, "--filter", "params.domain_length >= 50 cm", "--json");
      expect((JSON.parse(runs.stdout) as Array<{ name: string }>).map((r) => r.name).sort()).toEqual(["run-cgs", "run-si"]);

      const again = join(tmp, `again.${ext}`);
      expect((await run("export", "-e", "heat-equation", again, "--tracking-uri", target)).code).toBe(0);
      if (ext === "json") expect(readFileSync(again, "utf8")).toBe(readFileSync(file, "utf8"));
    });
  }

  test("--json prints one line; --runs exports some runs; --format overrides the extension", async () => {
    const file = join(tmp, "some.data");
    const result = await run("export", "-e", "heat-equation", file, "--runs", "run-cgs", "--format", "json", "--json", "--tracking-uri", db);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ format: "json", runs: 1, points: 1 });
    const imported = await run("import", file, "--into", join(tmp, "renamed.db"), "--experiment", "copy", "--json");
    expect(JSON.parse(imported.stdout)).toMatchObject({ experiment: "copy", createdExperiment: true, runs: [{ name: "run-cgs" }], points: 1 });
  });

  test("a progress bar is drawn on standard error only when it is a terminal", async () => {
    const tty = await runTty(true, "export", "-e", "heat-equation", join(tmp, "tty.json"), "--tracking-uri", db);
    expect(tty.code).toBe(0);
    expect(tty.stderr).toContain("export export [########################] 100%  2/2 runs");
    expect(tty.stderr.endsWith("\r\u001b[K")).toBe(true);
    const piped = await runTty(false, "export", "-e", "heat-equation", join(tmp, "piped.json"), "--tracking-uri", db);
    expect(piped.stderr).toBe("");
    const importTty = await runTty(true, "import", join(tmp, "tty.json"), "--into", join(tmp, "tty.db"));
    expect(importTty.code).toBe(0);
    expect(importTty.stderr).toContain("import validate [");
    expect(importTty.stderr).toContain("import import [");
  });

  test("user errors exit 2 with one message", async () => {
    const noExperiment = expectUserError(await run("export", join(tmp, "x.json"), "--tracking-uri", db));
    expect(noExperiment).toContain('"dimexp export" needs --experiment <name>. Experiments in');
    const typo = expectUserError(await run("export", "-e", "heat-equatoin", join(tmp, "x.json"), "--tracking-uri", db));
    expect(typo).toContain('Did you mean "heat-equation"');
    expect(expectUserError(await run("export", "-e", "heat-equation", join(tmp, "x.csv"), "--tracking-uri", db))).toContain("name it *.json or *.h5");
    const bad = join(tmp, "bad.json");
    writeFileSync(bad, '{"format": "dimexp-experiment", "version": "1.0", "experiment": {"name": "x"}, "runs": [{"id": "a", "name": "a", "status": "DONE"');
    const message = expectUserError(await run("import", bad, "--into", join(tmp, "never.db")));
    expect(message).toContain(`${bad}: line 1, column 124 (at $.runs[0].status): unknown run status "DONE"`);
    const future = join(tmp, "future.json");
    writeFileSync(future, '{"format": "dimexp-experiment", "version": "2.0"}');
    expect(expectUserError(await run("import", future, "--into", join(tmp, "never.db")))).toContain("upgrade @dimexp/io");
    expect(expectUserError(await runWithEnv({}, "import", join(tmp, "missing.json"), "--into", join(tmp, "never.db")))).toContain("no such file");
    // a store the failed import would have created is not left behind
    expect(existsSync(join(tmp, "never.db"))).toBe(false);
  });
});

describe("importing a file again (runs keep their identity)", () => {
  let file = "";
  beforeAll(async () => {
    file = join(tmp, "again.json");
    expect((await run("export", "-e", "heat-equation", file, "--tracking-uri", db)).code).toBe(0);
  });

  test("skips the runs already there, says so, and never doubles them", async () => {
    const target = join(tmp, "twice.db");
    expect((await run("import", file, "--into", target)).code).toBe(0);
    const again = await run("import", file, "--into", target);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`Imported 0 runs (0 metric points) into experiment "heat-equation" at ${target}`);
    expect(again.stdout).toContain("Skipped 2 runs already in the experiment (the same origin run id): ");
    expect(again.stdout).toMatch(/run-si/);
    expect(again.stdout).toContain("--on-conflict replace");
    const runs = JSON.parse((await run("runs", "ls", "-e", "heat-equation", "--tracking-uri", target, "--json")).stdout) as unknown[];
    expect(runs.length).toBe(2);
    const json = JSON.parse((await run("import", file, "--into", target, "--json")).stdout) as { runs: unknown[]; skipped: Array<{ name: string }>; onConflict: string };
    expect(json.runs).toEqual([]);
    expect(json.onConflict).toBe("skip");
    expect(json.skipped.map((r) => r.name).sort()).toEqual(["run-cgs", "run-si"]);
  });

  test("--on-conflict replace replaces them; --on-conflict copy imports copies beside them", async () => {
    const target = join(tmp, "conflicts.db");
    expect((await run("import", file, "--into", target)).code).toBe(0);
    const replaced = await run("import", file, "--into", target, "--on-conflict", "replace");
    expect(replaced.code).toBe(0);
    expect(replaced.stdout).toContain("Imported 2 runs (2,006 metric points) into experiment");
    expect(replaced.stdout).toContain("; 2 replaced the runs of the same origin there.");
    const ls = async () => JSON.parse((await run("runs", "ls", "-e", "heat-equation", "--tracking-uri", target, "--json")).stdout) as unknown[];
    expect((await ls()).length).toBe(2);
    const copied = await run("import", file, "--into", target, "--on-conflict", "copy", "--json");
    expect((JSON.parse(copied.stdout) as { runs: Array<{ outcome: string }> }).runs.map((r) => r.outcome)).toEqual(["copied", "copied"]);
    expect((await ls()).length).toBe(4);
  });

  test("an unknown --on-conflict is a usage error listing the accepted values", async () => {
    const target = join(tmp, "never-conflict.db");
    const message = expectUserError(await run("import", file, "--into", target, "--on-conflict", "overwrite"));
    expect(message).toContain('--on-conflict is skip, replace, copy');
    expect(message).toContain('not "overwrite"');
    expect(existsSync(target)).toBe(false);
  });

  test("--help explains identity, conflicts and interruption", async () => {
    const help = await run("import", "--help");
    expect(help.stdout).toContain("--on-conflict <skip|replace|copy>");
    expect(help.stdout).toContain("one SQLite transaction");
    expect(help.stdout).toContain("exits 130 (SIGINT) or 143 (SIGTERM)");
  });
});
