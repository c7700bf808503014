// The Python peers of the interop tests: Python dimtensor and h5py, in the
// repo's dimtensor virtualenv (tooling/python/dimtensor: dimtensor 5.2.0 needs
// numpy < 2, the main venv pins numpy 2). Built here on demand and cached by
// the same stamp as packages/backend-mlflow's helper, so the two share it.

import { execFile, execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = fileURLToPath(new URL("../../../../", import.meta.url));
export const DIMTENSOR_DIR = path.join(REPO_ROOT, "tooling", "python", "dimtensor");
export const DIMTENSOR_VENV = path.join(DIMTENSOR_DIR, ".venv");
export const DIMTENSOR_PYTHON = path.join(DIMTENSOR_VENV, "bin", "python");
const SCRIPTS = fileURLToPath(new URL("../python/", import.meta.url));

/** CI is on for any value but the usual "off" spellings, as in tooling/scripts/setup.sh. */
export const IN_CI = !["", "0", "false"].includes((process.env.CI ?? "").toLowerCase());

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

/** The venv's python, or why there is none (outside CI the interop tests are then skipped). */
export const dimtensorPython = (): { python: string } | { unavailable: string } => {
  try {
    return { python: ensureDimtensorVenv() };
  } catch (error) {
    return { unavailable: error instanceof Error ? error.message : String(error) };
  }
};

/** Runs test/python/<script> and parses the last line of its stdout as JSON. */
export const runPython = <T>(python: string, script: string, args: readonly string[]): Promise<T> =>
  new Promise((resolve, reject) => {
    execFile(
      python,
      [path.join(SCRIPTS, script), ...args],
      { env: { ...process.env, PYTHONUNBUFFERED: "1" }, maxBuffer: 256 * 1024 * 1024, timeout: 300_000 },
      (error, stdout, stderr) => {
        if (error) {
          reject(new Error(`${script} failed (${String((error as { code?: unknown }).code)}):\n${stderr}\n${stdout.slice(-2000)}`));
          return;
        }
        const lines = stdout.trim().split("\n");
        resolve(JSON.parse(lines[lines.length - 1] as string) as T);
      },
    );
  });
