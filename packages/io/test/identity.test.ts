// Runs keep their identity across export and import: importing a file again
// skips the runs already there (or replaces them, or imports copies, as
// onConflict says) — it never silently doubles them. And `into` takes a store
// path or URI as well as a backend.

import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createLocalBackend } from "@dimexp/backend-local";
import { DimExperiment, type ExperimentBackend, createMemoryBackend, q } from "@dimexp/core";
import { beforeAll, describe, expect, it } from "vitest";
import { COPY_OF_TAG, type DimexpIoError, ORIGIN_RUN_ID_TAG, exportExperiment, importExperiment } from "../src/index.js";
import { richExperiment, scratch } from "./helpers.js";

const dir = scratch();
let file = "";
let sourceIds: string[] = [];

beforeAll(async () => {
  file = join(dir, "heat.json");
  await exportExperiment(await richExperiment(), file);
  sourceIds = (JSON.parse(readFileSync(file, "utf8")) as { runs: Array<{ id: string }> }).runs.map((r) => r.id).sort();
});

let stores = 0;
const sqlite = (): ExperimentBackend => {
  const opened = createLocalBackend({ path: join(dir, `store-${stores++}.db`) });
  if (opened._tag === "Left") throw new Error(opened.left.message);
  return opened.right;
};

const runsOf = async (backend: ExperimentBackend, name = "heat-equation") => {
  const exp = await backend.findExperiment(name)();
  if (exp._tag === "Left" || exp.right === undefined) throw new Error(`no experiment ${name}`);
  const runs = await backend.searchRuns(exp.right.id)();
  if (runs._tag === "Left") throw new Error(runs.left.message);
  return runs.right;
};

const rejection = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error("expected the import to fail");
    },
    (e: DimexpIoError) => e,
  );

describe.each([
  ["memory", createMemoryBackend],
  ["SQLite", sqlite],
] as const)("%s target", (_, make) => {
  it("importing the same file twice skips every run the second time, and says so", async () => {
    const target = make();
    const first = await importExperiment(file, { into: target });
    expect(first.runs.map((r) => r.outcome)).toEqual(Array(5).fill("created"));
    expect(first.skipped).toEqual([]);
    const second = await importExperiment(file, { into: target });
    expect(second.runs).toEqual([]);
    expect(second.points).toBe(0);
    expect(second.onConflict).toBe("skip");
    expect(second.skipped.map((r) => r.sourceId).sort()).toEqual(sourceIds);
    const byName = new Map(first.runs.map((r) => [r.name, r.id]));
    for (const s of second.skipped) expect(s.existingId).toBe(byName.get(s.name));
    const runs = await runsOf(target);
    expect(runs.length).toBe(5);
    expect(runs.map((r) => r.tags[ORIGIN_RUN_ID_TAG]).sort()).toEqual(sourceIds);
    await target.close()();
  });

  it("a run exported from a store and imported back into it is already there (its own id is its identity)", async () => {
    const target = make();
    await richExperiment(target);
    const back = join(dir, `back-${stores}.json`);
    await exportExperiment({ backend: target, experiment: "heat-equation" }, back);
    const again = await importExperiment(back, { into: target });
    expect(again.runs).toEqual([]);
    expect(again.skipped.length).toBe(5);
    expect((await runsOf(target)).length).toBe(5);
    await target.close()();
  });

  it('onConflict "replace" replaces the runs there by the file\'s, keeping one run per identity', async () => {
    const target = make();
    const first = await importExperiment(file, { into: target });
    // the file changed meanwhile: one run has more points now
    const edited = join(dir, `edited-${stores}.json`);
    const doc = JSON.parse(readFileSync(file, "utf8")) as { runs: Array<{ name: string; metrics: Record<string, { count: number; steps: number[]; values: unknown[]; timestamps: number[] }> }> };
    const running = doc.runs.find((r) => r.name === "run-still-running");
    const loss = running?.metrics.loss;
    if (!loss) throw new Error("fixture changed");
    loss.steps.push(1);
    loss.values.push(2);
    loss.timestamps.push(1_700_000_000_700);
    loss.count = 2;
    writeFileSync(edited, JSON.stringify(doc));
    const replaced = await importExperiment(edited, { into: target, onConflict: "replace" });
    expect(replaced.runs.map((r) => r.outcome)).toEqual(Array(5).fill("replaced"));
    const oldIds = new Set(first.runs.map((r) => r.id));
    for (const r of replaced.runs) {
      expect(oldIds.has(r.id)).toBe(false);
      expect(r.replacedIds).toEqual([first.runs.find((f) => f.sourceId === r.sourceId)?.id]);
    }
    const runs = await runsOf(target);
    expect(runs.length).toBe(5);
    expect(runs.every((r) => !oldIds.has(r.info.id))).toBe(true);
    const newRunning = runs.find((r) => r.info.name === "run-still-running");
    const history = await target.getMetricHistory(newRunning?.info.id ?? "", "loss")();
    expect(history._tag === "Right" && [...history.right.values]).toEqual([3, 2]);
    await target.close()();
  });

  it('onConflict "copy" imports copies beside them: runs of their own, exported with their own ids', async () => {
    const target = make();
    await importExperiment(file, { into: target });
    const copies = await importExperiment(file, { into: target, onConflict: "copy" });
    expect(copies.runs.map((r) => r.outcome)).toEqual(Array(5).fill("copied"));
    const runs = await runsOf(target);
    expect(runs.length).toBe(10);
    const copied = runs.filter((r) => r.tags[COPY_OF_TAG] !== undefined);
    expect(copied.map((r) => r.tags[COPY_OF_TAG]).sort()).toEqual(sourceIds);
    expect(copied.every((r) => r.tags[ORIGIN_RUN_ID_TAG] === undefined)).toBe(true);
    // exported, the ten runs have ten distinct ids; imported elsewhere, all ten arrive
    const both = join(dir, `both-${stores}.json`);
    await exportExperiment({ backend: target, experiment: "heat-equation" }, both);
    const ids = (JSON.parse(readFileSync(both, "utf8")) as { runs: Array<{ id: string }> }).runs.map((r) => r.id);
    expect(new Set(ids).size).toBe(10);
    const elsewhere = createMemoryBackend();
    expect((await importExperiment(both, { into: elsewhere })).runs.length).toBe(10);
    await target.close()();
  });
});

describe("identity edge cases", () => {
  it("runs of the file that are new are imported next to the ones already there", async () => {
    const target = createMemoryBackend();
    const some = join(dir, "some.json");
    await exportExperiment(await richExperiment(), some);
    const doc = JSON.parse(readFileSync(some, "utf8")) as { runs: unknown[] };
    const firstTwo = join(dir, "first-two.json");
    writeFileSync(firstTwo, JSON.stringify({ ...doc, runs: doc.runs.slice(0, 2) }));
    expect((await importExperiment(firstTwo, { into: target })).runs.length).toBe(2);
    const rest = await importExperiment(some, { into: target });
    expect(rest.runs.length).toBe(3);
    expect(rest.skipped.length).toBe(2);
    expect((await runsOf(target)).length).toBe(5);
  });

  it("a file that repeats a run id (an export of runs doubled by an older import) imports it once", async () => {
    const doc = JSON.parse(readFileSync(file, "utf8")) as { runs: unknown[] };
    const doubled = join(dir, "doubled.json");
    writeFileSync(doubled, JSON.stringify({ ...doc, runs: [...doc.runs, ...doc.runs] }));
    const target = createMemoryBackend();
    const result = await importExperiment(doubled, { into: target });
    expect(result.runs.length).toBe(5);
    expect(result.skipped.length).toBe(5);
    const replaced = await importExperiment(doubled, { into: target, onConflict: "replace" });
    expect(replaced.runs.length).toBe(5);
    expect((await runsOf(target)).length).toBe(5);
  });

  it("an unknown onConflict is an error listing the accepted values, before anything is read or written", async () => {
    const target = createMemoryBackend();
    const e = await rejection(importExperiment(file, { into: target, onConflict: "overwrite" as never }));
    expect(e.error).toMatchObject({ _tag: "InvalidValue" });
    expect(e.message).toContain('"overwrite"');
    expect(e.message).toContain('"skip", "replace", "copy"');
    const listed = await target.listExperiments()();
    expect(listed._tag === "Right" && listed.right).toEqual([]);
  });

  it('"replace" into a backend that cannot delete runs is refused before anything is written', async () => {
    const inner = createMemoryBackend();
    await importExperiment(file, { into: inner });
    const noDelete: ExperimentBackend = { ...inner, deleteRun: undefined, deleteExperiment: undefined };
    const e = await rejection(importExperiment(file, { into: noDelete, onConflict: "replace" }));
    expect(e.error).toMatchObject({ _tag: "InvalidValue" });
    expect(e.message).toContain('use "copy"');
    expect((await runsOf(inner)).length).toBe(5);
  });
});

describe("into: a path or URI, as loadExperiment takes", () => {
  it("a store path and a sqlite: URI are opened, imported into, and closed", async () => {
    const path = join(dir, "by-path.db");
    const result = await importExperiment(file, { into: path });
    expect(result.runs.length).toBe(5);
    const uri = await importExperiment(file, { into: `sqlite:${path}` });
    expect(uri.skipped.length).toBe(5);
    const exp = await DimExperiment.open("heat-equation", { backend: path });
    expect((await exp.listRuns()).length).toBe(5);
    await exp.close();
  });

  it("an empty string is an error, and a missing file never creates a store", async () => {
    const e = await rejection(importExperiment(file, { into: "" }));
    expect(e.error).toMatchObject({ _tag: "InvalidValue" });
    expect(e.message).toContain("tracking URI");
    const store = join(dir, "never.db");
    const missing = await rejection(importExperiment(join(dir, "nope.json"), { into: store }));
    expect(missing.error).toMatchObject({ _tag: "FileAccessError", code: "ENOENT" });
    expect(existsSync(store)).toBe(false);
  });

  it("importing under another name works into a path too", async () => {
    const path = join(dir, "renamed.db");
    const result = await importExperiment(file, { into: path, experiment: "copy" });
    expect(result.experiment.name).toBe("copy");
    const exp = await DimExperiment.open("copy", { backend: path });
    await exp.withRun("mine", (run) => run.logParam("x", q(1, "m")));
    expect((await exp.listRuns()).length).toBe(6);
    await exp.close();
  });
});
