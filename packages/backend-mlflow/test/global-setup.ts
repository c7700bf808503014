// Once per test run: build dist/ if it is stale (the package-exports test packs
// it), start one MLflow server the test files share (they use unique names),
// and prepare the dimtensor venv. What cannot be had is passed on as a reason:
// locally the tests that need it skip with that reason; under CI=true the
// setup fails instead.

import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { TestProject } from "vitest/node";
import { type MlflowServer, isCi, mlflowMissing, startMlflowServer } from "./support/mlflow-server.js";
import { ensureDimtensorVenv } from "./support/python.js";

declare module "vitest" {
  export interface ProvidedContext {
    mlflowUrl: string;
    mlflowMissing: string;
    dimtensorPython: string;
    dimtensorMissing: string;
  }
}

const packageDir = fileURLToPath(new URL("..", import.meta.url));

const newestSource = (dir: string): number => {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(full) : statSync(full).mtimeMs);
  }
  return newest;
};

const buildIfStale = (): void => {
  const built = path.join(packageDir, "dist", "index.js");
  const inputs = Math.max(newestSource(path.join(packageDir, "src")), statSync(path.join(packageDir, "package.json")).mtimeMs);
  if (existsSync(built) && statSync(built).mtimeMs >= inputs) return;
  execFileSync(process.execPath, [path.join(packageDir, "node_modules", "tsup", "dist", "cli-default.js")], { cwd: packageDir, stdio: "inherit" });
};

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  buildIfStale();
  let server: MlflowServer | undefined;
  const missing = mlflowMissing();
  if (missing) {
    if (isCi()) throw new Error(`CI=true and ${missing}`);
    project.provide("mlflowUrl", "");
    project.provide("mlflowMissing", missing);
  } else {
    server = await startMlflowServer();
    project.provide("mlflowUrl", server.url);
    project.provide("mlflowMissing", "");
  }
  try {
    project.provide("dimtensorPython", ensureDimtensorVenv());
    project.provide("dimtensorMissing", "");
  } catch (error) {
    if (isCi()) {
      await server?.stop();
      throw error;
    }
    project.provide("dimtensorPython", "");
    project.provide("dimtensorMissing", (error as Error).message);
  }
  return async () => {
    await server?.stop();
  };
}
