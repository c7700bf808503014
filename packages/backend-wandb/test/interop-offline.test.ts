// Offline runs are W&B's own .wandb transaction logs: the real wandb package
// decodes every record dimexp wrote (its protobuf classes, every chunk's CRC),
// and its own reader — wandb-core, behind `wandb sync` — uploads them to the
// protocol fake like any offline run; what arrives is what was logged.
import { readdirSync } from "node:fs";
import path from "node:path";
import { DimArray, DimExperiment, q } from "@dimexp/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type WandbFake, startWandbFake } from "../src/testing/index.js";
import { must, offlineBackend, onlineBackend, tempDir } from "./support/helpers.js";
import { inCI, runScript, runVenv, wandbEnv, wandbMissing } from "./support/python.js";

type Json = Record<string, unknown>;
interface DecodedLog {
  records: Array<Json & { num: string }>;
  blocks: number;
}
interface ApiRun {
  id: string;
  name: string;
  state: string;
  tags: string[];
  group: string | null;
  config: Json;
  summary: Json;
  history: Json[];
}

const POINTS = 5_000;
const EDGE = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, 5e-324, 1.7976931348623157e308];
// A tag larger than two 32 KiB blocks: its config record spans FIRST, MIDDLE and LAST chunks.
const BIG_TAG = "λ".repeat(40_000);

const suite = wandbMissing && !inCI ? describe.skip : describe;

suite(`the real wandb package reads dimexp's .wandb files${wandbMissing ? ` (skipped: ${wandbMissing})` : ""}`, () => {
  let fake: WandbFake;
  const dir = tempDir("offline");
  const home = tempDir("offline-home");
  const ids: Record<string, string> = {};
  const files: Record<string, string> = {};

  beforeAll(async () => {
    if (wandbMissing) throw new Error(`CI: ${wandbMissing}`);
    fake = await startWandbFake();
    const backend = offlineBackend(dir, { entity: fake.entity, project: "offline-pinn" });
    const exp = await DimExperiment.open("sweep", { backend, onWarning: () => undefined });
    await exp.withRun("offline-si", { tags: { solver: "fd", notes: BIG_TAG } }, async (run) => {
      ids["offline-si"] = run.id;
      run.logParam("domain_length", q(1, "m"));
      run.logParam("epochs", 100);
      run.logParam("solver_name", "crank-nicolson");
      for (let step = 0; step < POINTS; step++) run.logMetrics({ loss: q(1 / (step + 1), "J"), wave: Math.sin(step) }, { step });
      await run.flush();
      // a tag set mid-run: a later Run record (W&B's way to change tags), after history records
      run.setTag("phase", "2");
      EDGE.forEach((value, i) => {
        run.logMetric("edge", value, { step: POINTS + i });
      });
      const field = DimArray.of([1, 2, 3, 4], "K");
      if (field._tag === "Right") run.logArray("temperature", field.right, { step: POINTS + EDGE.length });
    });
    await exp
      .withRun("offline-fails", async (run) => {
        ids["offline-fails"] = run.id;
        run.logMetric("loss", q(2, "erg"));
        throw new Error("diverged");
      })
      .catch(() => undefined);
    await exp.close();
    for (const folder of readdirSync(path.join(dir, "wandb"))) {
      const id = /-([a-z0-9]+)$/.exec(folder)?.[1] as string;
      files[id] = path.join(dir, "wandb", folder, `run-${id}.wandb`);
    }
  }, 180_000);

  afterAll(async () => {
    await fake?.close();
  });

  it("every record decodes with wandb's own protobuf classes, every chunk's CRC checks", async () => {
    const env = wandbEnv(fake, home);
    const log = await runScript<DecodedLog>("wandb_decode.py", [files[ids["offline-si"] as string] as string], env);
    expect(log.blocks).toBeGreaterThan(10);
    const kinds = log.records.map((r) => Object.keys(r).find((k) => k !== "num" && k !== "uuid"));
    expect(kinds[0]).toBe("header");
    expect(kinds[1]).toBe("run");
    expect(kinds[kinds.length - 1]).toBe("exit");
    expect(log.records.map((r) => Number(r.num))).toEqual(log.records.map((_, i) => i + 1));
    const run = log.records[1]?.run as Json;
    expect(run).toMatchObject({ run_id: ids["offline-si"], entity: fake.entity, project: "offline-pinn", run_group: "sweep", display_name: "offline-si" });
    const config = new Map<string, unknown>();
    for (const r of log.records) {
      const updates = ((r.config as Json | undefined)?.update ?? (r.run as Json | undefined)?.config ?? []) as Array<{ key: string; value_json: string }>;
      for (const u of (Array.isArray(updates) ? updates : ((updates as Json).update as typeof updates)) ?? []) config.set(u.key, JSON.parse(u.value_json));
    }
    expect(config.get("domain_length")).toBe(1);
    expect(config.get("domain_length_unit")).toBe("m");
    expect(config.get("solver_name")).toBe("crank-nicolson");
    expect((config.get("dimexp") as { tags: Json }).tags.notes).toBe(BIG_TAG);
    const history = log.records.filter((r) => r.history).map((r) => r.history as { item: Array<{ key: string; value_json: string }>; step?: { num?: string } });
    expect(history.length).toBe(POINTS + EDGE.length + 1);
    history.slice(0, POINTS).forEach((h, i) => {
      const items = Object.fromEntries(h.item.map((it) => [it.key, it.value_json]));
      if (Number(items.loss) !== 1 / (i + 1) || Number(items.wave) !== Math.sin(i) || Number(items._step) !== i || Number(h.step?.num ?? 0) !== i) {
        expect(items, `history record ${i}`).toEqual({ loss: String(1 / (i + 1)), wave: String(Math.sin(i)), _step: String(i) });
      }
    });
    const edge = history.filter((h) => h.item.some((it) => it.key === "edge")).map((h) => h.item.find((it) => it.key === "edge")?.value_json);
    expect(edge).toEqual(["NaN", "Infinity", "-Infinity", "-0.0", "5e-324", "1.7976931348623157e+308"]);
    const exit = log.records[log.records.length - 1]?.exit as Json;
    expect(exit.exit_code ?? 0).toBe(0);
    const failedLog = await runScript<DecodedLog>("wandb_decode.py", [files[ids["offline-fails"] as string] as string], env);
    const failedExit = failedLog.records[failedLog.records.length - 1]?.exit as Json | undefined;
    expect(failedExit?.exit_code).toBe(1);
  }, 120_000);

  it("`wandb sync` uploads them to the fake, where wandb.Api() and dimexp read what was logged", async () => {
    const env = wandbEnv(fake, home);
    const folders = readdirSync(path.join(dir, "wandb")).map((f) => path.join(dir, "wandb", f));
    const { stdout, stderr } = await runVenv("wandb", ["sync", ...folders], env, dir, 180_000);
    expect(`${stdout}${stderr}`).not.toMatch(/error|failed/i);
    expect(fake.unserved).toEqual([]);

    const { runs } = await runScript<{ runs: ApiRun[] }>("wandb_read.py", [fake.entity, "offline-pinn"], env, 180_000);
    expect(runs.map((r) => r.name).sort()).toEqual(["offline-fails", "offline-si"]);
    const si = runs.find((r) => r.name === "offline-si") as ApiRun;
    expect(si.id).toBe(ids["offline-si"]);
    expect(si.state).toBe("finished");
    expect(si.group).toBe("sweep");
    expect(si.tags.sort()).toEqual(["phase:2", "solver:fd"]);
    expect(si.config).toMatchObject({ domain_length: 1, domain_length_unit: "m", epochs: 100, solver_name: "crank-nicolson" });
    expect(si.summary).toMatchObject({ loss: 1 / POINTS, loss_unit: "J", temperature_mean: 2.5, temperature_unit: "K", temperature_shape: [4] });
    const loss = si.history.filter((r) => "loss" in r);
    expect(loss.length).toBe(POINTS);
    loss.forEach((row, i) => {
      if (row.loss !== 1 / (i + 1) || row.wave !== Math.sin(i) || row._step !== i) expect(row, `row ${i}`).toMatchObject({ loss: 1 / (i + 1), wave: Math.sin(i), _step: i });
    });
    // wandb-core re-encodes history lines on upload: its JSON writes -0.0 as 0
    const edge = si.history.filter((r) => "edge" in r).map((r) => r.edge);
    expect(edge.map((v, i) => Object.is(v, Object.is(EDGE[i], -0) ? 0 : EDGE[i]))).toEqual(EDGE.map(() => true));
    expect(runs.find((r) => r.name === "offline-fails")?.state).toBe("failed");

    // dimexp's online client reads the synced runs like any other
    const exp = await DimExperiment.open("sweep", { backend: onlineBackend(fake, { project: "offline-pinn" }) });
    const run = await exp.getRun("offline-si");
    expect(String(run.param("domain_length"))).toBe("1 m");
    expect(run.tags.notes).toBe(BIG_TAG);
    expect(String(run.metric("loss"))).toBe(`${1 / POINTS} J`);
    const history = await exp.metricHistory("offline-si", "wave");
    expect(history.values.length).toBe(POINTS);
    expect(history.values[POINTS - 1]).toBe(Math.sin(POINTS - 1));
    expect((await exp.getRun("offline-fails")).status).toBe("FAILED");
    await exp.close();
  }, 240_000);

  it("dimexp's own offline reader agrees with what was logged", async () => {
    const backend = offlineBackend(dir, { entity: fake.entity, project: "offline-pinn" });
    const wave = await must(backend.getMetricHistory(ids["offline-si"] as string, "wave"));
    expect(wave.values.length).toBe(POINTS);
    const edge = await must(backend.getMetricHistory(ids["offline-si"] as string, "edge"));
    expect([...edge.values].map((v, i) => Object.is(v, EDGE[i]))).toEqual(EDGE.map(() => true));
    await must(backend.close());
  });
});
