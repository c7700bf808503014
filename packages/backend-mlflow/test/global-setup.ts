// Once per test run: build dist/ if it is stale (the package-exports test packs
// it), start one MLflow server the test files share (they use unique names),
// and prepare the dimtensor venv. What cannot be had is passed on as a reason:
// locally the tests that need it skip with that reason; under CI=true the
// setup fails instead.

import { fileURLToPath } from "node:url";
import { buildIfStale } from "@dimexp/tooling-vitest/build-if-stale";
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


export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  buildIfStale(packageDir);
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
