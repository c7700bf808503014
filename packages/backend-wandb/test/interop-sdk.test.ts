// The real W&B SDK (wandb.init / log / finish, WANDB_BASE_URL at the fake)
// logs a run; dimexp reads it back — params with dimtensor's units, tags,
// status, the summary as latest metrics, and the full history. The test also
// records exactly what the SDK asked of the fake at start-up and after.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { DimExperiment } from "@dimexp/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type WandbFake, startWandbFake } from "../src/testing/index.js";
import { must, offlineBackend, onlineBackend, tempDir } from "./support/helpers.js";
import { inCI, runScript, wandbEnv, wandbMissing } from "./support/python.js";

const STEPS = 2_000;
const suite = wandbMissing && !inCI ? describe.skip : describe;

suite(`dimexp reads a run the real W&B SDK logged${wandbMissing ? ` (skipped: ${wandbMissing})` : ""}`, () => {
  let fake: WandbFake;
  let sdkRun: { id: string; name: string };
  const home = tempDir("sdk");

  beforeAll(async () => {
    if (wandbMissing) throw new Error(`CI: ${wandbMissing}`);
    fake = await startWandbFake();
    sdkRun = await runScript<{ id: string; name: string }>("wandb_log.py", ["sdk-project", String(STEPS)], wandbEnv(fake, home), 180_000);
  }, 240_000);

  afterAll(async () => {
    await fake?.close();
  });

  it("served every request the SDK made (start-up included), and says which", () => {
    const graphql = [...new Set(fake.requests.filter((r) => r.operation).map((r) => r.operation))].sort();
    const routes = [...new Set(fake.requests.filter((r) => !r.operation).map((r) => `${r.method} ${r.path.replace(/\/files\/[^/]+\/[^/]+\/[^/]+\//, "/files/<entity>/<project>/<run>/").replace(/\/upload\/.*\//, "/upload/<run>/")}`))].sort();
    const failed = fake.requests.filter((r) => r.status >= 400);
    // For the report: what the SDK asks of a W&B server, as served here.
    writeFileSync(path.join(home, "sdk-requests.json"), JSON.stringify({ graphql, routes, failed }, null, 2));
    console.log(`wandb ${"0.31.0"} SDK requests served by the fake:\n  GraphQL: ${graphql.join(", ")}\n  routes: ${routes.join(", ")}`);
    expect(fake.unserved).toEqual([]);
    expect(failed).toEqual([]);
    expect(graphql).toContain("UpsertBucket");
    expect(fake.requests.some((r) => r.path.endsWith("/file_stream"))).toBe(true);
  });

  it("reads the run: name, status, params with dimtensor units, tags and latest metrics", async () => {
    const backend = onlineBackend(fake, { project: "sdk-project" });
    const experiments = await must(backend.listExperiments());
    expect(experiments.map((e) => e.name)).toEqual(["sdk-project"]);
    const exp = await DimExperiment.open("sdk-project", { backend });
    const runs = await exp.listRuns();
    expect(runs.map((r) => r.id)).toEqual([sdkRun.id]);
    const run = await exp.getRun("sdk-run");
    expect(run.id).toBe(sdkRun.id);
    expect(run.status).toBe("FINISHED");
    expect(String(run.param("lr"))).toBe("0.001 1/s");
    expect(run.param("batch")).toBe(32);
    expect(run.param("optimizer")).toBe("adam");
    expect(Object.keys(run.record.params).sort()).toEqual(["batch", "lr", "optimizer"]);
    expect(run.tags).toMatchObject({ baseline: "", sdk: "" });
    expect(String(run.metric("loss"))).toBe(`${1 / STEPS} J`);
    expect(run.record.metrics.loss?.step).toBe(STEPS - 1);
    expect(run.metric("lr_now")).toBe(0.01 * 0.9 ** (STEPS - 1));
    // the query language works on SDK-written runs, units included
    expect((await exp.listRuns({ filter: "params.lr > 0.0005 1/s and metrics.loss < 1 mJ" })).length).toBe(1);
    expect((await exp.listRuns({ filter: "params.lr > 1 kHz" })).length).toBe(0);
    await exp.close();
  });

  it("reads the full history, NaN and Infinity included", async () => {
    const backend = onlineBackend(fake, { project: "sdk-project" });
    const loss = await must(backend.getMetricHistory(sdkRun.id, "loss"));
    expect(loss.values.length).toBe(STEPS);
    expect([...loss.steps]).toEqual(Array.from({ length: STEPS }, (_, i) => i));
    loss.values.forEach((v, i) => {
      if (v !== 1 / (i + 1)) expect(v, `loss at step ${i}`).toBe(1 / (i + 1));
    });
    expect(loss.timestamps.every((t) => t > 1.6e12)).toBe(true);
    const spiky = await must(backend.getMetricHistory(sdkRun.id, "spiky"));
    expect([...spiky.steps]).toEqual([3, 4]);
    expect(Number.isNaN(spiky.values[0])).toBe(true);
    expect(spiky.values[1]).toBe(Number.POSITIVE_INFINITY);
    await must(backend.close());
  });

  it("serves the SDK's login check, the Api's viewer and projects, create_project, a resumed run and Run.delete()", async () => {
    const session = await runScript<{ logged_in: boolean; viewer: string; projects: string[]; resumed_history: Array<Record<string, unknown>>; after_delete: string[] }>(
      "wandb_session.py",
      [fake.entity, "sdk-session"],
      wandbEnv(fake, home),
      180_000,
    );
    expect(session.logged_in).toBe(true);
    expect(session.viewer).toBe(fake.entity);
    expect(session.projects).toEqual(expect.arrayContaining(["sdk-project", "sdk-session-empty"]));
    // the second wandb.init(resume="allow") continued the history where the first stopped
    expect(session.resumed_history.map((r) => [r._step, r.x])).toEqual([
      [0, 1],
      [1, 2],
    ]);
    expect(session.after_delete).toEqual([]);
    const operations = new Set(fake.requests.map((r) => r.operation));
    for (const op of ["Viewer", "GetViewer", "CreateProject", "GetProjects", "RunResumeStatus", "DeleteRun"]) expect(operations.has(op), op).toBe(true);
    expect(fake.unserved).toEqual([]);
  }, 180_000);

  it("reads a run the SDK wrote offline (its own .wandb file) with the offline backend", async () => {
    const env = { ...wandbEnv(fake, home), WANDB_MODE: "offline", WANDB_DIR: path.join(home, "offline") };
    const offline = await runScript<{ id: string }>("wandb_log.py", ["sdk-offline", "50", "sweep-a"], env, 180_000);
    const backend = offlineBackend(path.join(home, "offline"), { project: "sdk-offline", entity: undefined });
    const exp = await DimExperiment.open("sweep-a", { backend });
    const run = await exp.getRun(offline.id);
    expect(run.name).toBe("sdk-run");
    expect(run.status).toBe("FINISHED");
    expect(String(run.param("lr"))).toBe("0.001 1/s");
    const loss = await exp.metricHistory(offline.id, "loss");
    expect(loss.values.length).toBe(50);
    expect(loss.values[49]).toBe(1 / 50);
    expect(String(run.metric("loss"))).toBe(`${1 / 50} J`);
    await exp.close();
  }, 180_000);
});
