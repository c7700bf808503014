// The real `wandb` Python package (pinned in tooling/python/requirements.txt),
// run from the repo's venv as the judge of the protocol fake. Without the venv
// the interop tests are skipped locally and fail in CI.

import { execFile, execFileSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseJson } from "../../src/internal/json.js";
import type { WandbFake } from "../../src/testing/index.js";

const repoRoot = fileURLToPath(new URL("../../../../", import.meta.url));
export const venvBin = path.join(repoRoot, "tooling", "python", ".venv", "bin");
export const venvPython = path.join(venvBin, "python");
export const scripts = fileURLToPath(new URL("../python/", import.meta.url));

// CI is on for any value but the usual "off" spellings, as in tooling/scripts/setup.sh.
export const inCI = !["", "0", "false"].includes((process.env.CI ?? "").toLowerCase());

const probe = (): string | undefined => {
  if (!existsSync(venvPython)) return `no Python venv at ${venvPython}; run \`npm run setup\``;
  try {
    const version = execFileSync(venvPython, ["-c", "import wandb; print(wandb.__version__)"], { encoding: "utf8", timeout: 60_000 }).trim();
    return version === "" ? "wandb is not installed in the venv" : undefined;
  } catch {
    return "wandb is not installed in the venv; run `npm run setup` (tooling/python/requirements.txt pins it)";
  }
};

/** Why the real wandb package cannot run here (undefined: it can). */
export const wandbMissing = probe();

/** W&B's environment pointing the SDK at the fake, with every local folder inside `home`. */
export const wandbEnv = (fake: WandbFake, home: string): NodeJS.ProcessEnv => {
  for (const sub of ["dir", "config", "cache", "data", "artifacts"]) mkdirSync(path.join(home, sub), { recursive: true });
  return {
    PATH: `${venvBin}:${process.env.PATH ?? ""}`,
    HOME: home,
    WANDB_BASE_URL: fake.url,
    WANDB_API_KEY: fake.apiKey,
    WANDB_ENTITY: fake.entity,
    WANDB_SILENT: "true",
    WANDB_DIR: path.join(home, "dir"),
    WANDB_CONFIG_DIR: path.join(home, "config"),
    WANDB_CACHE_DIR: path.join(home, "cache"),
    WANDB_DATA_DIR: path.join(home, "data"),
    WANDB_ARTIFACT_DIR: path.join(home, "artifacts"),
    WANDB_DISABLE_GIT: "true",
    WANDB_DISABLE_CODE: "true",
  };
};

export interface PythonResult {
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command from the venv (python or wandb), resolving with its output; rejects with stderr on failure. */
export const runVenv = (command: "python" | "wandb", args: readonly string[], env: NodeJS.ProcessEnv, cwd?: string, timeoutMs = 120_000): Promise<PythonResult> =>
  new Promise((resolve, reject) => {
    execFile(
      path.join(venvBin, command),
      args,
      { env, cwd, timeout: timeoutMs, maxBuffer: 512 * 1024 * 1024, encoding: "utf8" },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`${command} ${args.join(" ")} failed: ${error.message}\n${stderr}`));
        else resolve({ stdout, stderr });
      },
    );
  });

/** Runs one of test/python/*.py and parses its JSON output (NaN and Infinity tokens allowed). */
export const runScript = async <T>(script: string, args: readonly string[], env: NodeJS.ProcessEnv, timeoutMs?: number): Promise<T> => {
  const { stdout } = await runVenv("python", [path.join(scripts, script), ...args], env, undefined, timeoutMs);
  return parseJson(stdout) as T;
};
