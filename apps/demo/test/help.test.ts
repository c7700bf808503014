// `pnpm demo --help` documents the backends and the variables that choose
// them; an argument the demo does not take is one line and exit 2.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { DEMO, REPO_ROOT, cleanEnv, requireBuilt, runProgram } from "./support/demo.js";

let tmp = "";
beforeAll(() => {
  requireBuilt();
  tmp = mkdtempSync(join(tmpdir(), "dimexp-demo-help-"));
});
afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

const expectHelp = (text: string): void => {
  expect(text).toMatch(/^Usage: pnpm demo \[--help\]/);
  for (const backend of ["./dimexp.db", "sqlite:<path>", "http://host:port", "wandb://<entity>/<project>"]) expect(text).toContain(backend);
  for (const variable of [
    "DIMEXP_TRACKING_URI",
    "MLFLOW_TRACKING_URI",
    "MLFLOW_TRACKING_USERNAME",
    "MLFLOW_TRACKING_TOKEN",
    "WANDB_API_KEY",
    "WANDB_BASE_URL",
    "WANDB_PROJECT",
    "WANDB_MODE",
    "WANDB_DIR",
    "DIMEXP_DEMO_OUT",
  ]) {
    expect(text).toMatch(new RegExp(`^ {2}(\\w+, )*${variable}\\b`, "m"));
  }
  expect(text).toContain("WANDB_MODE=offline DIMEXP_TRACKING_URI=wandb://my-team/heat-pinn pnpm demo");
  expect(text).toContain("wandb sync");
};

test("--help prints the backends and the variables, exits 0, and logs nothing", async () => {
  const result = await runProgram("node", [DEMO, "--help"], { env: cleanEnv(), cwd: tmp });
  expect(result.code).toBe(0);
  expect(result.stderr).toBe("");
  expectHelp(result.stdout);
  expect(result.stdout).not.toContain("Logged 5 runs");
});

test("`pnpm demo --help` from the repository root reaches the demo", async () => {
  const result = await runProgram("pnpm", ["--silent", "demo", "--help"], { env: cleanEnv(), cwd: REPO_ROOT, killAfterMs: 60_000 });
  expect(result.code, result.stderr).toBe(0);
  expectHelp(result.stdout);
}, 60_000);

test("an argument it does not take: one line naming it, exit 2", async () => {
  const result = await runProgram("node", [DEMO, "--tracking-uri=http://x"], { env: cleanEnv(), cwd: tmp });
  expect(result.code).toBe(2);
  expect(result.stdout).toBe("");
  expect(result.stderr.trimEnd().split("\n")).toEqual([
    'demo failed: the demo takes no argument "--tracking-uri=http://x": it is configured by environment variables (DIMEXP_TRACKING_URI, WANDB_MODE, DIMEXP_DEMO_OUT, …); see pnpm demo --help',
  ]);
});
