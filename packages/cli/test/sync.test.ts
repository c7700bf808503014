// dimexp sync between two local stores (the MLflow side is tested with a real
// server in @dimexp/backend-mlflow): a copy, a second sync that copies nothing,
// progress on a terminal and plain lines otherwise, and argument errors.

import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DimExperiment, q } from "@dimexp/core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { runCli } from "../src/index.js";
import { expectUserError, run } from "./helpers.js";

let tmp = "";
let source = "";

const runIo = async (tty: boolean, ...argv: string[]) => {
  let stdout = "";
  let stderr = "";
  const code = await runCli(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: {}, stderrIsTTY: tty });
  return { code, stdout, stderr };
};

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), "dimexp-cli-sync-"));
  source = join(tmp, "laptop.db");
  for (const name of ["heat", "wave"]) {
    const exp = await DimExperiment.open(name, { backend: source, onWarning: () => undefined });
    await exp.withRun(`${name}-si`, async (r) => {
      r.logParam("domain_length", q(1, "m"));
      for (let step = 0; step < 3000; step++) r.logMetric("loss", q(1 / (step + 1), "J"), { step });
    });
    await exp.withRun(`${name}-cgs`, async (r) => {
      r.logParam("domain_length", q(100, "cm"));
      r.logMetric("loss", q(2e6, "erg"));
    });
    await exp.close();
  }
});

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("dimexp sync", () => {
  test("copies every experiment, then nothing the second time", async () => {
    const target = join(tmp, "lab.db");
    const first = await runIo(false, "sync", "--from", source, "--to", target);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain("Synced 2 experiments");
    expect(first.stdout).toContain("4 runs: 4 new, 0 updated, 0 already up to date; 6,002 metric points copied.");
    // plain lines on a pipe, one per run
    expect(first.stderr.trim().split("\n").length).toBe(4);
    expect(first.stderr).toContain("sync: heat/heat-si");
    expect(first.stderr).not.toContain("\r");
    const copy = await DimExperiment.open("heat", { backend: target });
    const long = await copy.listRuns({ filter: "params.domain_length >= 50 cm" });
    expect(long.map((r) => r.name).sort()).toEqual(["heat-cgs", "heat-si"]);
    expect((await copy.metricHistory("heat-si", "loss")).values.length).toBe(3000);
    await copy.close();

    const again = await runIo(true, "sync", "--from", source, "--to", target, "--json");
    expect(again.code).toBe(0);
    const report = JSON.parse(again.stdout) as { pointsCopied: number; runs: Array<{ created: boolean }> };
    expect(report.pointsCopied).toBe(0);
    expect(report.runs.every((r) => !r.created)).toBe(true);
    // a terminal gets the progress bar, erased at the end
    expect(again.stderr).toContain("\r");
    expect(again.stderr).toContain("runs");
  });

  test("copies only the experiments named", async () => {
    const target = join(tmp, "only-wave.db");
    const r = await runIo(false, "sync", "--from", source, "--to", target, "--experiment", "wave");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Synced 1 experiment ");
    const unknown = await run("sync", "--from", source, "--to", target, "-e", "nope");
    expect(expectUserError(unknown)).toContain("heat");
  });

  test("says what is wrong with its arguments", async () => {
    expect(expectUserError(await run("sync", "--to", join(tmp, "x.db")))).toContain("--from");
    expect(expectUserError(await run("sync", "--from", source, "--to", source))).toContain("same store");
    const missing = join(tmp, "missing.db");
    expect(expectUserError(await run("sync", "--from", missing, "--to", join(tmp, "y.db")))).toContain("No dimexp store");
    expect(existsSync(missing)).toBe(false);
  });
});
