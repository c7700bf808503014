// syncExperiments (the engine of `dimexp sync`) between a local store and the
// real MLflow server: local-first work pushed to MLflow, pulled back, synced
// twice (nothing duplicated), and an interrupted push resumed.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createLocalBackend } from "@dimexp/backend-local";
import { DimArray, DimExperiment, type ExperimentBackend, q, syncExperiments } from "@dimexp/core";
import { afterAll, expect, it } from "vitest";
import { describeWithServer, must, open, unique } from "./helpers.js";
import { startFaultProxy } from "./support/fault-proxy.js";

const dir = mkdtempSync(path.join(tmpdir(), "dimexp-mlflow-sync-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const local = (name: string) => {
  const opened = createLocalBackend({ path: path.join(dir, `${name}.db`) });
  if (opened._tag === "Left") throw new Error(opened.left.message);
  return opened.right;
};

const seed = async (backend: ExperimentBackend, name: string) => {
  const exp = await DimExperiment.open(name, { backend, onWarning: () => undefined });
  await exp.withRun("run-si", { tags: { solver: "fd" } }, async (run) => {
    run.logParam("domain_length", q(1, "m"));
    run.logParam("solver_name", "crank-nicolson");
    for (let step = 0; step < 4000; step++) run.logMetric("loss", q(1 / (step + 1), "J"), { step, timestamp: 1_700_000_000_000 + step });
    run.logMetric("diverged", Number.POSITIVE_INFINITY, { step: 0, timestamp: 1_700_000_000_000 });
    run.logMetric("late", 1, { step: 5, timestamp: 1_700_000_000_005 });
    run.logMetric("late", 2, { step: 6, timestamp: 1_700_000_000_001 }); // earlier in time: order kept all the same
    const field = DimArray.of([[1, 2], [3, -0]], "K");
    if (field._tag === "Right") run.logArray("temperature", field.right, { step: 0 });
  });
  await exp.withRun("run-cgs", async (run) => {
    run.logParam("domain_length", q(40, "cm"));
    run.logMetric("loss", q(2e7, "erg"));
  });
};

const sameRuns = async (a: ExperimentBackend, b: ExperimentBackend, name: string) => {
  const ea = await DimExperiment.open(name, { backend: a });
  const eb = await DimExperiment.open(name, { backend: b });
  const ra = await ea.listRuns();
  const rb = await eb.listRuns();
  expect(rb.map((r) => r.name).sort()).toEqual(ra.map((r) => r.name).sort());
  for (const run of ra) {
    const other = rb.find((r) => r.name === run.name);
    expect(other?.status).toBe(run.status);
    expect(other?.record.params).toEqual(run.record.params);
    expect(other?.tags).toEqual(run.tags);
    for (const key of Object.keys(run.record.metrics)) {
      const ha = await must(a.getMetricHistory(run.id, key));
      const hb = await must(b.getMetricHistory(other?.id ?? "", key));
      expect(hb.values.length, key).toBe(ha.values.length);
      expect([...hb.steps]).toEqual([...ha.steps]);
      expect([...hb.timestamps]).toEqual([...ha.timestamps]);
      ha.values.forEach((v, i) => {
        expect(Object.is(hb.values[i], v)).toBe(true);
      });
    }
  }
  const long = await eb.listRuns({ filter: "params.domain_length >= 50 cm and metrics.loss < 1 J" });
  expect(long.map((r) => r.name)).toEqual(["run-si"]);
};

describeWithServer("sync with MLflow", () => {
  it("pushes local runs to MLflow and pulls them back, duplicating nothing when repeated", async () => {
    const name = unique("sync");
    const laptop = local(`laptop-${name}`);
    await seed(laptop, name);
    const mlflow = open();
    const pushed = await must(syncExperiments(laptop, mlflow, { experiments: [name] }));
    expect(pushed.failures).toEqual([]);
    expect(pushed.pointsCopied).toBe(4000 + 1 + 2 + 4 + 1);
    await sameRuns(laptop, mlflow, name);
    const arrays = await must(mlflow.getArrays(pushed.runs.find((r) => r.name === "run-si")?.targetId ?? "", "temperature"));
    expect(arrays.map((a) => a.shape)).toEqual([[2, 2]]);
    expect(Object.is(arrays[0]?.data[3], -0)).toBe(true);

    const again = await must(syncExperiments(laptop, mlflow, { experiments: [name] }));
    expect(again.pointsCopied).toBe(0);
    expect(again.runs.every((r) => !r.created)).toBe(true);

    const archive = local(`archive-${name}`);
    const pulled = await must(syncExperiments(mlflow, archive, { experiments: [name] }));
    expect(pulled.failures).toEqual([]);
    await sameRuns(mlflow, archive, name);
    // and back to MLflow: the runs map onto their originals
    const back = await must(syncExperiments(archive, mlflow, { experiments: [name] }));
    expect(back.runs.every((r) => !r.created && r.points === 0)).toBe(true);
    const exp = await must(mlflow.findExperiment(name));
    expect((await must(mlflow.searchRuns(exp?.id ?? ""))).length).toBe(2);
    for (const b of [laptop, mlflow, archive]) await b.close()();
  });

  it("resumes a push that was cut off, without a duplicate point", async () => {
    const name = unique("sync-cut");
    const laptop = local(`laptop-${name}`);
    await seed(laptop, name);
    const mlflow = open();
    const proxy = await startFaultProxy(mlflow.serverUrl.replace(/\/$/, ""));
    let batches = 0;
    // the network goes away for good after a few log-batch requests
    proxy.setFaults(({ path: p }) => (p.endsWith("/runs/log-batch") && ++batches > 3 ? "drop-response" : "pass"));
    const flaky = open({ retry: { maxAttempts: 2, baseDelayMs: 5 } }, proxy.url);
    const cut = await must(syncExperiments(laptop, flaky, { experiments: [name], batchPoints: 1500 }));
    expect(cut.failures.length).toBeGreaterThan(0);
    await proxy.close();
    const resumed = await must(syncExperiments(laptop, mlflow, { experiments: [name], batchPoints: 1500 }));
    expect(resumed.failures).toEqual([]);
    await sameRuns(laptop, mlflow, name);
    for (const b of [laptop, mlflow, flaky]) await b.close()();
  });
});
