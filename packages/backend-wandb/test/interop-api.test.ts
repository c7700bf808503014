// The real wandb.Api() (Python, pinned) pointed at the protocol fake reads
// back runs dimexp wrote: config, summary, tags, state, group and the full
// history — run.history() and run.scan_history() — with the values logged.
import { DimArray, DimExperiment, q } from "@dimexp/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type WandbFake, startWandbFake } from "../src/testing/index.js";
import { onlineBackend, tempDir } from "./support/helpers.js";
import { inCI, runScript, wandbEnv, wandbMissing } from "./support/python.js";

type Json = Record<string, unknown>;
interface ApiRun {
  id: string;
  name: string;
  state: string;
  tags: string[];
  group: string | null;
  config: Json;
  summary: Json;
  history: Json[];
  scan: Json[];
}

const EDGE = [1.5, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, 1e-300, 1.7976931348623157e308];
const STEPS = 300;

const suite = wandbMissing && !inCI ? describe.skip : describe;

suite(`wandb.Api() reads what dimexp wrote${wandbMissing ? ` (skipped: ${wandbMissing})` : ""}`, () => {
  let fake: WandbFake;
  let runs: ApiRun[];
  const home = tempDir("api");
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    if (wandbMissing) throw new Error(`CI: ${wandbMissing}`);
    fake = await startWandbFake();
    const backend = onlineBackend(fake, { project: "heat-pinn" });
    const exp = await DimExperiment.open("heat-equation", { backend, onWarning: () => undefined });
    await exp.withRun("run-si", { tags: { solver: "fd", mesh: "uniform" } }, async (run) => {
      ids["run-si"] = run.id;
      run.logParam("domain_length", q(1, "m"));
      run.logParam("learning_rate", q(0.001, "1/s"));
      run.logParam("epochs", 100);
      run.logParam("solver_name", "crank-nicolson");
      run.logParam("use_gpu", true);
      for (let step = 0; step < STEPS; step++) run.logMetrics({ loss: q(1 / (step + 1), "J"), residual: 2 ** -step }, { step });
      EDGE.forEach((value, i) => {
        run.logMetric("edge", value, { step: STEPS + i });
      });
      const field = DimArray.of([1, 2, 3], "K");
      if (field._tag === "Right") run.logArray("temperature", field.right, { step: STEPS });
    });
    await exp
      .withRun("run-fails", async (run) => {
        ids["run-fails"] = run.id;
        run.logMetric("loss", q(3, "J"));
        throw new Error("diverged");
      })
      .catch(() => undefined);
    const killed = await exp.startRun("run-killed");
    ids["run-killed"] = killed.id;
    killed.logMetric("loss", q(5, "erg"));
    await killed.end("KILLED");
    await exp.close();
    const read = await runScript<{ runs: ApiRun[] }>("wandb_read.py", [fake.entity, "heat-pinn"], wandbEnv(fake, home));
    runs = read.runs;
  }, 180_000);

  afterAll(async () => {
    await fake?.close();
  });

  const byName = (name: string): ApiRun => {
    const run = runs.find((r) => r.name === name);
    if (!run) throw new Error(`wandb.Api() found no run named ${name}: ${runs.map((r) => r.name).join(", ")}`);
    return run;
  };

  it("lists every run, with its id, display name, group, tags and state", () => {
    expect(runs.map((r) => r.name).sort()).toEqual(["run-fails", "run-killed", "run-si"]);
    const si = byName("run-si");
    expect(si.id).toBe(ids["run-si"]);
    expect(si.group).toBe("heat-equation");
    expect(si.state).toBe("finished");
    expect(si.tags.sort()).toEqual(["mesh:uniform", "solver:fd"]);
    expect(byName("run-fails").state).toBe("failed");
    expect(byName("run-killed").state).toBe("killed");
  });

  it("reads the params as config values, with dimtensor's <name>_unit keys and the dimexp entry", () => {
    const { config } = byName("run-si");
    expect(config.domain_length).toBe(1);
    expect(config.domain_length_unit).toBe("m");
    expect(config.learning_rate).toBe(0.001);
    expect(config.learning_rate_unit).toBe("1/s");
    expect(config.epochs).toBe(100);
    expect(config.epochs_unit).toBe("dimensionless");
    expect(config.solver_name).toBe("crank-nicolson");
    expect(config.use_gpu).toBe(true);
    const meta = config.dimexp as { tags: Json; param: Record<string, string>; unit: Json; schema: number };
    expect(meta.schema).toBe(1);
    expect(meta.tags.solver).toBe("fd");
    expect(JSON.parse(meta.param.domain_length as string)).toMatchObject({ type: "quantity", unit: "m" });
    expect(meta.unit.loss).toBe("J");
  });

  it("reads the summary: latest values, <name>_unit, array stats and shape", () => {
    const { summary } = byName("run-si");
    expect(summary.loss).toBe(1 / STEPS);
    expect(summary.loss_unit).toBe("J");
    expect(summary.residual).toBe(2 ** -(STEPS - 1));
    expect(summary.edge).toBe(1.7976931348623157e308);
    expect(summary.temperature_mean).toBe(2);
    expect(summary.temperature_unit).toBe("K");
    expect(summary.temperature_shape).toEqual([3]);
    expect((summary._dimexp as Json).status).toBe("FINISHED");
    expect(summary._step).toBe(STEPS + EDGE.length - 1);
    expect(byName("run-killed").summary.loss_unit).toBe("erg");
  });

  it("reads the full history, every value exact (NaN, ±Infinity and -0 included), with history() and scan_history()", () => {
    const { history, scan } = byName("run-si");
    for (const rows of [history, scan]) {
      const loss = rows.filter((r) => "loss" in r);
      expect(loss.length).toBe(STEPS);
      loss.forEach((row, i) => {
        expect(row._step).toBe(i);
        expect(row.loss).toBe(1 / (i + 1));
        expect(row.residual).toBe(2 ** -i);
        expect(typeof row._timestamp).toBe("number");
        expect(typeof row._runtime).toBe("number");
      });
      const edge = rows.filter((r) => "edge" in r);
      expect(edge.map((r) => r._step)).toEqual(EDGE.map((_, i) => STEPS + i));
      edge.forEach((row, i) => {
        // scan_history goes through wandb-core (Go), whose JSON turns -0.0 into 0: W&B's reader, not the data
        const expected = rows === scan && Object.is(EDGE[i], -0) ? 0 : EDGE[i];
        expect(Object.is(row.edge, expected), `${rows === scan ? "scan_history" : "history"}: edge[${i}] = ${String(row.edge)}`).toBe(true);
      });
    }
    expect(scan.length).toBe(history.length);
  });

  it("filters with W&B's Mongo-style filters as the Api sends them", async () => {
    const env = wandbEnv(fake, home);
    const long = await runScript<{ runs: ApiRun[] }>("wandb_read.py", [fake.entity, "heat-pinn", JSON.stringify({ "config.domain_length": { $gte: 0.5 } })], env);
    expect(long.runs.map((r) => r.name)).toEqual(["run-si"]);
    const failed = await runScript<{ runs: ApiRun[] }>("wandb_read.py", [fake.entity, "heat-pinn", JSON.stringify({ $or: [{ state: "failed" }, { state: "killed" }] })], env);
    expect(failed.runs.map((r) => r.name).sort()).toEqual(["run-fails", "run-killed"]);
  }, 120_000);

  it("served every field and route the SDK asked for", () => {
    expect(fake.unserved).toEqual([]);
  });
});
