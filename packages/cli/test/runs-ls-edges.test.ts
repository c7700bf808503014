// Corners of `runs ls` and of how the CLI opens a store, found by using it:
// a long filter echoed whole in the heading, `--columns ,,` listing nothing,
// a param named like an inherited property (toString) printed as "undefined"
// for runs that lack it, an empty value for a required option told to "leave
// the option out", and a bad DIMEXP_TRACKING_URI reported without saying
// where the value came from.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DimExperiment, q } from "@dimexp/core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { expectUserError, run, runWithEnv } from "./helpers.js";

const EXPERIMENT = "edges";
let tmp = "";
let db = "";

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), "dimexp-cli-edges-"));
  db = join(tmp, "edges.db");
  const exp = await DimExperiment.open(EXPERIMENT, { backend: db, onWarning: () => undefined });
  await exp.withRun("has-it", (r) => {
    r.logParam("toString", q(1, "m"));
    r.logMetric("valueOf", q(2, "J"));
  });
  await exp.withRun("lacks-it", (r) => r.logParam("other", q(5e15, "1/GeV")));
  await exp.close();
});

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

const ls = (...argv: string[]) => run("runs", "ls", "-e", EXPERIMENT, ...argv, "--tracking-uri", db);

describe("runs ls output", () => {
  test("a run without a param named toString or a metric named valueOf shows -, not undefined", async () => {
    for (const argv of [[], ["--columns", "toString,valueOf"]]) {
      const result = await ls(...argv);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).not.toContain("undefined");
      expect(result.stdout).toMatch(/^ {2}lacks-it +FINISHED .*- +- +[0-9a-f]{32}$/m);
      expect(result.stdout).toMatch(/^ {2}has-it +FINISHED .*1 m +2 J +[0-9a-f]{32}$/m);
    }
  });

  test("the heading quotes at most ~200 characters of a long filter", async () => {
    const filter = Array.from({ length: 300 }, (_, i) => `params.other != ${i} 1/GeV`).join(" and ");
    const result = await ls("--filter", filter);
    expect(result.code, result.stderr).toBe(0);
    const heading = result.stdout.split("\n")[0] ?? "";
    expect(heading.length).toBeLessThan(320);
    expect(heading).toContain(`(${filter.length} characters)`);
    const none = await ls("--filter", `${filter} and params.other < 0 1/GeV`);
    expect(none.stdout.length).toBeLessThan(320);
  });

  test("--columns with only commas is an empty list: a usage error, like --columns ''", async () => {
    for (const value of [",,", " , "]) {
      expect(expectUserError(await ls("--columns", value))).toMatch(/--columns.*(empty|no column)/);
    }
  });
});

describe("options and stores", () => {
  test("an empty value for a required option does not say to leave it out", async () => {
    const message = expectUserError(await run("sync", "--from", "", "--to", join(tmp, "x.db")));
    expect(message).toContain('"--from" was given an empty value');
    expect(message).not.toContain("leave the option out");
    // where leaving it out means the default store, it still says so
    expect(expectUserError(await run("experiments", "ls", "--tracking-uri", ""))).toContain("leave the option out for the default store");
  });

  test("a bad DIMEXP_TRACKING_URI or MLFLOW_TRACKING_URI names the variable it came from", async () => {
    expect(expectUserError(await runWithEnv({ DIMEXP_TRACKING_URI: "mlfow" }, "experiments", "ls"))).toContain("DIMEXP_TRACKING_URI");
    expect(expectUserError(await runWithEnv({ DIMEXP_TRACKING_URI: "mlflow" }, "experiments", "ls"))).toContain("DIMEXP_TRACKING_URI");
    expect(expectUserError(await runWithEnv({ MLFLOW_TRACKING_URI: "file:./mlruns" }, "experiments", "ls"))).toContain("MLFLOW_TRACKING_URI");
  });
});
