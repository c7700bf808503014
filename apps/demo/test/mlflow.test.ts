// The demo against a real MLflow tracking server (mlflow server from
// tooling/python/.venv, started by backend-mlflow's test helper), chosen the
// way an MLflow user's shell chooses it: MLFLOW_TRACKING_URI. The same story,
// the round trip, the MLflow UI's run pages, and the runs read back through
// the CLI with their units. Without the venv it skips locally and fails in CI.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type MlflowServer, mlflowMissing, startMlflowServer } from "../../../packages/backend-mlflow/test/support/mlflow-server.js";
import { cleanEnv, expectRunsReadBack, expectTheStory, invocationOf, isCi, lineIn, requireBuilt, runDemo } from "./support/demo.js";

const missing = mlflowMissing();
if (missing && isCi()) throw new Error(`CI=true: the demo's MLflow test needs a real server, and ${missing}`);

describe.skipIf(missing !== undefined)("the demo on an MLflow tracking server", () => {
  let server: MlflowServer | undefined;
  let tmp = "";
  let stdout = "";

  beforeAll(async () => {
    requireBuilt();
    server = await startMlflowServer();
    tmp = mkdtempSync(join(tmpdir(), "dimexp-demo-mlflow-"));
    stdout = await runDemo(cleanEnv({ MLFLOW_TRACKING_URI: server.url }), tmp);
  }, 300_000);

  afterAll(async () => {
    await server?.stop();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  }, 60_000);

  test("it logs to the server MLFLOW_TRACKING_URI names and tells the same story, round trip included", () => {
    const url = (server as MlflowServer).url;
    expect(lineIn(stdout, "Store: ")).toBe(`Store: ${url} (tracking URI ${url}: from MLFLOW_TRACKING_URI)`);
    expectTheStory(stdout, join(tmp, "dimexp-demo-output"));
  });

  test("it prints each run's page in the MLflow UI, and those are the server's runs of the experiment", async () => {
    const url = (server as MlflowServer).url;
    const experimentId = /^Experiment: heat-equation-pinn \(id (\S+)\)/m.exec(stdout)?.[1] as string;
    const pages = [...stdout.matchAll(/^ {2}(\S+): (http:\/\/\S+\/#\/experiments\/(\S+)\/runs\/(\S+))$/gm)];
    expect(pages.map((m) => m[1]).sort()).toEqual(["run-cgs", "run-si", "sweep-L1.5m", "sweep-L40cm", "sweep-L80cm"]);
    for (const [, name, page, experiment, runId] of pages) {
      expect(page?.startsWith(`${url}/#/experiments/`)).toBe(true);
      expect(experiment).toBe(experimentId);
      const response = await fetch(`${url}/api/2.0/mlflow/runs/get?run_id=${runId}`);
      expect(response.status).toBe(200);
      const { run } = (await response.json()) as { run: { info: { experiment_id: string; run_name: string } } };
      expect(run.info).toMatchObject({ experiment_id: experimentId, run_name: name });
    }
    // the UI itself is served at the base URL the pages hang off
    const ui = await fetch(`${url}/`);
    expect(ui.status).toBe(200);
    expect(ui.headers.get("content-type")).toContain("text/html");
  });

  test("the CLI reads the runs back from the server, with their units", async () => {
    await expectRunsReadBack(cleanEnv({ MLFLOW_TRACKING_URI: (server as MlflowServer).url }), tmp, invocationOf(stdout));
  });
});
