// Python peers for the interop tests: the repo's main venv (official mlflow
// client) and a dimtensor venv (tooling/python/dimtensor, built here on demand
// and cached by a stamp: dimtensor needs numpy < 2, the main venv has numpy 2).

import { execFile } from "node:child_process";
import path from "node:path";
import { DIMTENSOR_DIR, DIMTENSOR_PYTHON, DIMTENSOR_VENV, ensureDimtensorVenv } from "@dimexp/tooling-vitest/dimtensor-venv";
import { REPO_ROOT } from "./mlflow-server.js";

export { DIMTENSOR_DIR, DIMTENSOR_PYTHON, DIMTENSOR_VENV, ensureDimtensorVenv };
export const SCRIPTS = path.join(REPO_ROOT, "packages", "backend-mlflow", "test", "python");


export interface PythonResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a script from test/python with a given interpreter; rejects when it fails. */
export const runPython = (python: string, script: string, args: readonly string[], env: Readonly<Record<string, string>> = {}): Promise<PythonResult> =>
  new Promise((resolve, reject) => {
    execFile(
      python,
      [path.join(SCRIPTS, script), ...args],
      { env: { ...process.env, ...env, PYTHONUNBUFFERED: "1", MLFLOW_ENABLE_ASYNC_LOGGING: "false" }, maxBuffer: 256 * 1024 * 1024, timeout: 300_000 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`${script} failed (${(error as { code?: unknown }).code}):\n${stderr}\n${stdout.slice(-2000)}`));
        else resolve({ code: 0, stdout, stderr });
      },
    );
  });

/** The last line of a script's stdout as JSON (scripts print their result last). */
export const lastJson = <T>(result: PythonResult): T => {
  const lines = result.stdout.trim().split("\n");
  return JSON.parse(lines[lines.length - 1] as string) as T;
};
