// The backend's contract, and a unit-aware round trip with a worker killed in
// the middle, against a lab deployment: MLflow with 4 workers on PostgreSQL,
// artifacts served from a local folder and, as a second variant, from an S3
// bucket on a local S3 server (moto). tooling/scale starts and stops them;
// `pnpm bench:scale` runs the long version of this under load.
import { DimExperiment, q } from "@dimexp/core";
import { runBackendContract } from "@dimexp/core/testing";
import { DimArray, formatUnit } from "@dimexp/units";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LabDeployment, deploymentMissing, startDeployment } from "../../../../tooling/scale/deployment.js";
import { createMlflowBackend } from "../../src/index.js";
import { isCi } from "../support/mlflow-server.js";

const missing = deploymentMissing();
if (missing && isCi()) throw new Error(`CI=true and the lab deployment cannot start: ${missing}`);
const describeLab = missing ? describe.skip : describe;

const open = (url: string) => {
  const opened = createMlflowBackend({ trackingUri: url });
  if (opened._tag === "Left") throw new Error(opened.left.message);
  return opened.right;
};

for (const artifacts of ["local", "s3"] as const) {
  describeLab(`MLflow on PostgreSQL, 4 workers, artifacts on ${artifacts === "s3" ? "S3 (moto)" : "a local folder"}${missing ? ` (skipped: ${missing})` : ""}`, () => {
    let lab: LabDeployment;
    const savedEnv: Record<string, string | undefined> = {};
    beforeAll(async () => {
      lab = await startDeployment({ artifacts, workers: 4 });
      // MLflow's server talks to S3 itself (proxied artifacts): the client needs no S3 settings.
      for (const [k, v] of Object.entries(lab.env)) {
        savedEnv[k] = process.env[k];
        process.env[k] = v;
      }
    }, 400_000);
    afterAll(async () => {
      for (const [k, v] of Object.entries(savedEnv)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
      await lab?.stop();
    }, 60_000);

    if (artifacts === "local") {
      // the short variant: a 20,000-point large batch (the long run is `pnpm bench:scale`)
      runBackendContract("mlflow on postgresql", () => open(lab.url), { describe, it, expect, timeout: 300_000, largeBatchPoints: 20_000 });
    }

    it("keeps SI, CGS and natural-unit values and an array exactly once while a worker is killed", async () => {
      const exp = await DimExperiment.open(`lab-${artifacts}-${Date.now().toString(36)}`, { backend: open(lab.url) });
      const forms = [
        { name: "si", unit: "J", scale: 1 },
        { name: "cgs", unit: "erg", scale: 1e7 },
        { name: "natural", unit: "GeV", scale: 1 / 1.602176634e-10 },
      ];
      const steps = 3000;
      for (const [index, form] of forms.entries()) {
        const run = await exp.startRun(`run-${form.name}`);
        run.logParam("domain_length", form.name === "cgs" ? q(100, "cm") : q(1, "m"));
        for (let step = 0; step < steps; step++) {
          if (index === 1 && step === steps / 2) lab.killOneWorker();
          run.logMetric("loss", q((1 / (step + 1)) * form.scale, form.unit), { step });
        }
        const field = DimArray.of([1, 2, 3].map((x) => x * form.scale), form.unit);
        if (field._tag === "Left") throw new Error(field.left.message);
        run.logArray("field", field.right);
        await run.end("FINISHED");
      }
      const runs = await exp.listRuns({ filter: "metrics.loss < 0.001 J" });
      expect(runs.map((r) => r.name).sort()).toEqual(["run-cgs", "run-natural", "run-si"]);
      for (const form of forms) {
        const history = await exp.metricHistory(`run-${form.name}`, "loss");
        expect(history.values.length).toBe(steps);
        expect(history.unit && formatUnit(history.unit)).toBe(form.unit);
        expect(history.values[steps - 1]).toBe((1 / steps) * form.scale);
      }
      const duplicates = lab.sql(
        `select count(*) from (select m.run_uuid, m.key, m.step from metrics m join runs r on r.run_uuid = m.run_uuid where r.experiment_id = ${exp.id} group by 1, 2, 3 having count(*) > 1) d`,
      );
      expect(duplicates).toBe("0");
      await exp.close();
    }, 400_000);
  });
}
