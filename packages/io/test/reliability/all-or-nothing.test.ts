// Import is all or nothing: a bad file never touches the target, and a target
// that fails midway is rolled back (or, if it cannot delete, its partial runs
// are marked).

import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createLocalBackend } from "@dimexp/backend-local";
import { DimExperiment, type ExperimentBackend, backendFailure, createMemoryBackend } from "@dimexp/core";
import { beforeAll, describe, expect, it } from "vitest";
import { type DimexpIoError, INCOMPLETE_IMPORT_TAG, exportExperiment, importExperiment } from "../src/index.js";
import { richExperiment, scratch } from "./helpers.js";

const dir = scratch();
let good = "";
let bad = "";

beforeAll(async () => {
  good = join(dir, "good.json");
  await exportExperiment(await richExperiment(), good);
  // the very last run is broken: everything before it is valid
  const text = readFileSync(good, "utf8");
  const last = text.lastIndexOf('"status": "FINISHED"');
  bad = join(dir, "bad.json");
  writeFileSync(bad, `${text.slice(0, last)}"status": "DONE"${text.slice(last + '"status": "FINISHED"'.length)}`);
});

let stores = 0;
const sqlite = (): ExperimentBackend => {
  const opened = createLocalBackend({ path: join(dir, `store-${stores++}.db`) });
  if (opened._tag === "Left") throw new Error(opened.left.message);
  return opened.right;
};

const snapshot = async (backend: ExperimentBackend) => {
  const experiments = await backend.listExperiments()();
  if (experiments._tag === "Left") throw new Error(experiments.left.message);
  const out: Record<string, unknown> = {};
  for (const e of experiments.right) {
    const runs = await backend.searchRuns(e.id)();
    if (runs._tag === "Left") throw new Error(runs.left.message);
    out[e.name] = { tags: e.tags, runs: runs.right };
  }
  return out;
};

const rejection = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error("expected the import to fail");
    },
    (e: DimexpIoError) => e,
  );

const METHODS = [
  "getOrCreateExperiment",
  "findExperiment",
  "listExperiments",
  "createRun",
  "updateRun",
  "logBatch",
  "getRun",
  "searchRuns",
  "getMetricHistory",
  "getArrays",
  "distinctTagValues",
  "deleteRun",
  "deleteExperiment",
  "close",
] as const;

/** `inner` with some members replaced (methods bound, so class backends keep their private state). */
const decorate = (inner: ExperimentBackend, overrides: Partial<ExperimentBackend>): ExperimentBackend => {
  const out: Record<string, unknown> = { kind: inner.kind, location: inner.location, capabilities: inner.capabilities };
  for (const m of METHODS) {
    const f = inner[m] as ((...args: unknown[]) => unknown) | undefined;
    if (typeof f === "function") out[m] = f.bind(inner);
  }
  return Object.assign(out, overrides) as unknown as ExperimentBackend;
};

/** A backend whose logBatch fails from the `n`th call on. */
const failingAt = (inner: ExperimentBackend, n: number, overrides: Partial<ExperimentBackend> = {}): ExperimentBackend => {
  let calls = 0;
  return decorate(inner, {
    logBatch: (runId, batch) => {
      calls++;
      if (calls >= n && !batch.tags.some((t) => t.key === INCOMPLETE_IMPORT_TAG)) {
        return async () => ({ _tag: "Left" as const, left: backendFailure("test", "log a batch", "the disk is full") });
      }
      return inner.logBatch(runId, batch);
    },
    ...overrides,
  });
};

describe("a bad file changes nothing", () => {
  for (const [name, make] of [
    ["memory", createMemoryBackend],
    ["SQLite", sqlite],
  ] as const) {
    for (const keepInMemoryBytes of [undefined, 0]) {
      it(`${name} target, ${keepInMemoryBytes === 0 ? "streamed twice" : "decoded once"}: no experiment, no run`, async () => {
        const target = make();
        const e = await rejection(importExperiment(bad, { into: target, keepInMemoryBytes }));
        expect(e.error).toMatchObject({ _tag: "InvalidContent", location: { path: "$.runs[4].status" } });
        expect(await snapshot(target)).toEqual({});
        await target.close()();
      });
    }
  }

  it("an existing experiment keeps exactly the runs it had", async () => {
    const target = sqlite();
    const exp = await DimExperiment.open("heat-equation", { backend: target, tags: { mine: "yes" } });
    await exp.withRun("before", (run) => run.logMetric("loss", 1));
    const before = await snapshot(target);
    await rejection(importExperiment(bad, { into: target }));
    expect(await snapshot(target)).toEqual(before);
    await target.close()();
  });
});

describe("a target that fails midway is rolled back", () => {
  for (const [name, make] of [
    ["memory", createMemoryBackend],
    ["SQLite", sqlite],
  ] as const) {
    it(`${name}: the runs written and the experiment created are removed`, async () => {
      const inner = make();
      const e = await rejection(importExperiment(good, { into: failingAt(inner, 4) }));
      expect(e.error).toMatchObject({ _tag: "ImportFailed", rolledBack: true, runIds: [], cause: { _tag: "BackendFailure" } });
      expect(e.message).toContain("the disk is full");
      expect(e.message).toContain("the target is as it was");
      expect(await snapshot(inner)).toEqual({});
      await inner.close()();
    });
  }

  it("into an existing experiment: it stays, with only its own runs", async () => {
    const inner = sqlite();
    const exp = await DimExperiment.open("heat-equation", { backend: inner });
    await exp.withRun("before", (run) => run.logParam("x", 1));
    const before = await snapshot(inner);
    await rejection(importExperiment(good, { into: failingAt(inner, 6) }));
    expect(await snapshot(inner)).toEqual(before);
    await inner.close()();
  });

  it("a backend that cannot delete: the partial runs are left FAILED and tagged, and named in the error", async () => {
    const inner = createMemoryBackend();
    const target = failingAt(inner, 4, { deleteRun: undefined, deleteExperiment: undefined });
    const e = await rejection(importExperiment(good, { into: target }));
    expect(e.error).toMatchObject({ _tag: "ImportFailed", rolledBack: false });
    const ids = (e.error as unknown as { runIds: string[] }).runIds;
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) {
      const run = await inner.getRun(id)();
      expect(run._tag === "Right" && run.right?.info.status).toBe("FAILED");
      expect(run._tag === "Right" && run.right?.tags[INCOMPLETE_IMPORT_TAG]).toBe("true");
    }
    expect(e.message).toContain("dimexp.import.incomplete");
  });
});

describe("what the target can store", () => {
  it("a target without full arrays is refused before anything is written; dropArrays imports without them", async () => {
    const inner = createMemoryBackend();
    const noArrays = decorate(inner, { capabilities: { ...inner.capabilities, arrays: false } });
    const e = await rejection(importExperiment(good, { into: noArrays }));
    expect(e.error).toMatchObject({ _tag: "InvalidValue" });
    expect(e.message).toContain("dropArrays");
    expect(await snapshot(inner)).toEqual({});
    const result = await importExperiment(good, { into: noArrays, dropArrays: true });
    expect(result.runs.length).toBe(5);
    const si = result.runs.find((r) => r.name === "run-si");
    const arrays = await inner.getArrays(si?.id ?? "", "temperature")();
    expect(arrays._tag === "Right" && arrays.right.length).toBe(0);
  });
});
