// The dimtensor virtualenv (tooling/python/dimtensor): Python dimtensor 5.2
// needs numpy < 2 while the main venv pins numpy 2, so it lives apart. Built
// on first use by any test that needs it and cached by a stamp (Python version
// + hash of its requirements.txt), so every package shares one copy.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const DIMTENSOR_DIR = path.join(REPO_ROOT, "tooling", "python", "dimtensor");
export const DIMTENSOR_VENV = path.join(DIMTENSOR_DIR, ".venv");
export const DIMTENSOR_PYTHON = path.join(DIMTENSOR_VENV, "bin", "python");

const systemPython = () => process.env.PYTHON ?? "python3";

const wantedStamp = () => {
  const version = execFileSync(systemPython(), ["-c", "import platform; print(platform.python_version())"], { encoding: "utf8" }).trim();
  const hash = createHash("sha256").update(readFileSync(path.join(DIMTENSOR_DIR, "requirements.txt"))).digest("hex");
  return `python-${version} ${hash}`;
};

/** Builds (or reuses) the dimtensor venv; returns its python, or throws with pip's output. */
export function ensureDimtensorVenv() {
  const stamp = path.join(DIMTENSOR_VENV, ".requirements.stamp");
  const wanted = wantedStamp();
  if (existsSync(DIMTENSOR_PYTHON) && existsSync(stamp) && readFileSync(stamp, "utf8").trim() === wanted) return DIMTENSOR_PYTHON;
  execFileSync(systemPython(), ["-m", "venv", "--clear", DIMTENSOR_VENV], { stdio: "pipe" });
  const requirements = path.join(DIMTENSOR_DIR, "requirements.txt");
  try {
    execFileSync(
      DIMTENSOR_PYTHON,
      ["-m", "pip", "install", "--disable-pip-version-check", "--no-input", "--progress-bar", "off", "--quiet", "--requirement", requirements],
      { stdio: "pipe", timeout: 600_000 },
    );
  } catch (error) {
    throw new Error(`pip could not install ${path.relative(REPO_ROOT, requirements)}: ${error?.stderr?.toString() ?? error.message}`);
  }
  writeFileSync(stamp, `${wanted}\n`);
  return DIMTENSOR_PYTHON;
}
