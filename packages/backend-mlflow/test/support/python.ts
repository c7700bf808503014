// Python peers for the interop tests: the repo's main venv (official mlflow
// client) and a dimtensor venv (tooling/python/dimtensor, built here on demand
// and cached by a stamp: dimtensor needs numpy < 2, the main venv has numpy 2).

import { execFile, execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { REPO_ROOT } from "./mlflow-server.js";

export const DIMTENSOR_DIR = path.join(REPO_ROOT, "tooling", "python", "dimtensor");
export const DIMTENSOR_VENV = path.join(DIMTENSOR_DIR, ".venv");
export const DIMTENSOR_PYTHON = path.join(DIMTENSOR_VENV, "bin", "python");
export const SCRIPTS = path.join(REPO_ROOT, "packages", "backend-mlflow", "test", "python");

const systemPython = (): string => process.env.PYTHON ?? "python3";

const wantedStamp = (): string => {
  const version = execFileSync(systemPython(), ["-c", "import platform; print(platform.python_version())"], { encoding: "utf8" }).trim();
  const hash = createHash("sha256").update(readFileSync(path.join(DIMTENSOR_DIR, "requirements.txt"))).digest("hex");
  return `python-${version} ${hash}`;
};

/** Builds (or reuses) the dimtensor venv; returns its python, or throws with pip's output. */
export const ensureDimtensorVenv = (): string => {
  const stamp = path.join(DIMTENSOR_VENV, ".requirements.stamp");
  const wanted = wantedStamp();
  if (existsSync(DIMTENSOR_PYTHON) && existsSync(stamp) && readFileSync(stamp, "utf8").trim() === wanted) return DIMTENSOR_PYTHON;
  execFileSync(systemPython(), ["-m", "venv", "--clear", DIMTENSOR_VENV], { stdio: "pipe" });
  try {
    execFileSync(
      DIMTENSOR_PYTHON,
      ["-m", "pip", "install", "--disable-pip-version-check", "--no-input", "--progress-bar", "off", "--quiet", "--requirement", path.join(DIMTENSOR_DIR, "requirements.txt")],
      { stdio: "pipe", timeout: 600_000 },
    );
  } catch (error) {
    const e = error as { stderr?: Buffer; message: string };
    throw new Error(`pip could not install ${path.relative(REPO_ROOT, path.join(DIMTENSOR_DIR, "requirements.txt"))}: ${e.stderr?.toString() ?? e.message}`);
  }
  writeFileSync(stamp, `${wanted}\n`);
  return DIMTENSOR_PYTHON;
};

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
