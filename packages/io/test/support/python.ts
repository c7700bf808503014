// The Python peers of the interop tests: Python dimtensor and h5py, in the
// repo's dimtensor virtualenv (tooling/python/dimtensor: dimtensor 5.2.0 needs
// numpy < 2, the main venv pins numpy 2), built on demand and shared with the
// other packages through @dimexp/tooling-vitest/dimtensor-venv.

import { execFile } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { DIMTENSOR_DIR, DIMTENSOR_PYTHON, DIMTENSOR_VENV, ensureDimtensorVenv } from "@dimexp/tooling-vitest/dimtensor-venv";

export { DIMTENSOR_DIR, DIMTENSOR_PYTHON, DIMTENSOR_VENV };

export const REPO_ROOT = fileURLToPath(new URL("../../../../", import.meta.url));
const SCRIPTS = fileURLToPath(new URL("../python/", import.meta.url));

/** CI is on for any value but the usual "off" spellings, as in tooling/scripts/setup.sh. */
export const IN_CI = !["", "0", "false"].includes((process.env.CI ?? "").toLowerCase());

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
