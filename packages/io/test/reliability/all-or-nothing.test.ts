// Import is all or nothing: a bad file never touches the target. Into the
// SQLite store an import is one transaction: a failure or an interruption
// leaves nothing, and a concurrent writer neither sees a partial import nor
// loses its own runs. A backend without transactions (MLflow, W&B, memory) is
// rolled back by deleting, by id, only what the import wrote — never an
// experiment someone else wrote into — and the error says exactly what was done.

import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createLocalBackend } from "@dimexp/backend-local";
import { DimExperiment, type ExperimentBackend, backendFailure, createMemoryBackend } from "@dimexp/core";
import { beforeAll, describe, expect, it } from "vitest";
import { type DimexpIoError, INCOMPLETE_IMPORT_TAG, type ImportFailed, type ImportInterrupted, type ProgressEvent, exportExperiment, importExperiment } from "../../src/index.js";
import { richExperiment, scratch } from "../helpers.js";

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
const sqliteAt = (path: string, busyTimeoutMs?: number): ExperimentBackend => {
  const opened = createLocalBackend({ path, ...(busyTimeoutMs !== undefined ? { busyTimeoutMs } : {}) });
  if (opened._tag === "Left") throw new Error(opened.left.message);
  return opened.right;
};
const sqlite = (): ExperimentBackend => sqliteAt(join(dir, `store-${stores++}.db`));

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

/** A backend whose transaction hands its work a view that fails from the `n`th logBatch on (the rollback is SQLite's own). */
const failingInTransaction = (inner: ExperimentBackend, n: number): ExperimentBackend => {
  const transaction = inner.transaction?.bind(inner);
  if (!transaction) throw new Error(`${inner.kind} has no transactions`);
  return decorate(inner, { transaction: (work) => transaction((tx) => work(failingAt(tx, n))) });
};

/** Calls `start` once, when the import has written its first run. */
const afterFirstRun = (start: () => void) => (event: ProgressEvent) => {
  if (event.phase === "import" && event.runsDone === 1) start();
};

/** Another writer: logs a run named "concurrent" into heat-equation through its own backend. */
const concurrentRun = async (backend: ExperimentBackend): Promise<string> => {
  const exp = await DimExperiment.open("heat-equation", { backend, onWarning: () => undefined });
  let id = "";
  await exp.withRun("concurrent", (run) => {
    id = run.id;
    run.logMetric("loss", 1);
  });
  return id;
};

describe("12.1: SQLite imports in one transaction", () => {
  it("a failed import leaves nothing, and a concurrent writer's run in the same experiment survives", async () => {
    const path = join(dir, "concurrent.db");
    const importer = sqliteAt(path);
    // a second connection on the same file, as another process would have
    const other = sqliteAt(path, 20);
    let writer: Promise<string> | undefined;
    let seenDuringImport: Record<string, unknown> | undefined;
    const e = await rejection(
      importExperiment(good, {
        into: failingInTransaction(importer, 8),
        onProgress: afterFirstRun(() => {
          writer ??= (async () => {
            seenDuringImport = await snapshot(other);
            return concurrentRun(other);
          })();
        }),
      }),
    );
    expect(writer).toBeDefined();
    const concurrentId = await (writer as Promise<string>);
    // nobody saw the import's first run while it was running
    expect(seenDuringImport).toEqual({});
    const error = e.error as ImportFailed;
    expect(error).toMatchObject({ _tag: "ImportFailed", rolledBack: true, runIds: [], rollback: { method: "transaction" } });
    expect(e.message).toContain("the disk is full");
    expect(e.message).toContain("nothing was written: the import ran as one transaction");
    expect(e.message).not.toContain("FAILED");
    const after = (await snapshot(importer)) as Record<string, { runs: Array<{ info: { id: string; name: string } }> }>;
    expect(Object.keys(after)).toEqual(["heat-equation"]);
    expect(after["heat-equation"]?.runs.map((r) => [r.info.id, r.info.name])).toEqual([[concurrentId, "concurrent"]]);
    await importer.close()();
    await other.close()();
  });

  it("an import that succeeds is seen whole, never in part", async () => {
    const path = join(dir, "whole.db");
    const importer = sqliteAt(path);
    const other = sqliteAt(path, 20);
    const seen: number[] = [];
    const result = await importExperiment(good, {
      into: importer,
      onProgress: (event) => {
        if (event.phase === "import") void snapshot(other).then((s) => seen.push(Object.keys(s).length));
      },
    });
    expect(result.runs.length).toBe(5);
    await new Promise((r) => setTimeout(r, 50));
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((n) => n === 0)).toBe(true);
    const runs = (await snapshot(other))["heat-equation"] as { runs: unknown[] };
    expect(runs.runs.length).toBe(5);
    await importer.close()();
    await other.close()();
  });
});

describe("12.1: a backend without transactions deletes only what the import wrote", () => {
  it("an experiment someone else wrote runs into meanwhile is kept, with their runs; the import's runs are deleted by id", async () => {
    const inner = createMemoryBackend();
    let writer: Promise<string> | undefined;
    const e = await rejection(importExperiment(good, { into: failingAt(inner, 8), onProgress: afterFirstRun(() => (writer ??= concurrentRun(inner))) }));
    const concurrentId = await (writer as Promise<string>);
    const error = e.error as ImportFailed;
    expect(error.rollback).toMatchObject({ method: "delete", experiment: "kept-not-empty", othersRunIds: [concurrentId], markedRunIds: [], leftRunIds: [] });
    expect(error.rollback.deletedRunIds.length).toBeGreaterThan(0);
    expect(error.rolledBack).toBe(false);
    expect(e.message).toContain(`were deleted again`);
    expect(e.message).toContain(`was kept, because someone else wrote 1 run (${concurrentId}) into it meanwhile`);
    expect(e.message).not.toContain("FAILED");
    const after = (await snapshot(inner)) as Record<string, { runs: Array<{ info: { id: string } }> }>;
    expect(after["heat-equation"]?.runs.map((r) => r.info.id)).toEqual([concurrentId]);
    for (const id of error.rollback.deletedRunIds) expect(await inner.getRun(id)()).toEqual({ _tag: "Right", right: undefined });
  });

  it("the message says what happened to each run: deleted, or left FAILED where deleting failed", async () => {
    const inner = createMemoryBackend();
    let refused: string | undefined;
    const target = failingAt(inner, 8, {
      deleteRun: (id) => {
        if (refused === undefined) {
          refused = id;
          return async () => ({ _tag: "Left" as const, left: backendFailure("test", `delete run ${id}`, "permission denied") });
        }
        return inner.deleteRun?.(id) ?? (async () => ({ _tag: "Right" as const, right: undefined }));
      },
    });
    const e = await rejection(importExperiment(good, { into: target }));
    const error = e.error as ImportFailed;
    expect(error.rollback.markedRunIds).toEqual([refused]);
    expect(error.runIds).toEqual([refused]);
    expect(error.rolledBack).toBe(false);
    expect(error.rollback.experiment).toBe("kept");
    expect(e.message).toContain(`the 1 run (${refused}) it wrote could not be deleted and were left FAILED`);
    expect(e.message).toContain("permission denied");
    expect(e.message).toContain("kept for the runs left in it");
    expect(e.message).not.toContain("the target is as it was");
    const left = await inner.getRun(refused as string)();
    expect(left._tag === "Right" && [left.right?.info.status, left.right?.tags[INCOMPLETE_IMPORT_TAG]]).toEqual(["FAILED", "true"]);
    const after = (await snapshot(inner)) as Record<string, { runs: unknown[] }>;
    expect(after["heat-equation"]?.runs.length).toBe(1);
  });
});

describe("12.3: an interrupted import (AbortSignal) leaves the target as it was", () => {
  for (const [name, make] of [
    ["SQLite", sqlite],
    ["memory", createMemoryBackend],
  ] as const) {
    it(`${name}: aborted after two runs, nothing is left`, async () => {
      const target = make();
      const controller = new AbortController();
      const e = await rejection(
        importExperiment(good, {
          into: target,
          signal: controller.signal,
          onProgress: (event) => {
            if (event.phase === "import" && event.runsDone === 2) controller.abort("SIGINT");
          },
        }),
      );
      const error = e.error as ImportInterrupted;
      expect(error).toMatchObject({ _tag: "ImportInterrupted", reason: "SIGINT", rolledBack: true, runIds: [] });
      expect(error.rollback.method).toBe(name === "SQLite" ? "transaction" : "delete");
      expect(e.message).toContain("the import was interrupted (SIGINT)");
      expect(e.message).toContain("the target is as it was");
      expect(await snapshot(target)).toEqual({});
      await target.close()();
    });
  }

  it("aborted while the file is validated: nothing was written", async () => {
    const target = sqlite();
    const controller = new AbortController();
    const e = await rejection(
      importExperiment(good, {
        into: target,
        signal: controller.signal,
        onProgress: (event) => {
          if (event.phase === "validate") controller.abort("SIGTERM");
        },
      }),
    );
    expect(e.error).toMatchObject({ _tag: "ImportInterrupted", reason: "SIGTERM", rollback: { method: "none" } });
    expect(e.message).toContain("nothing had been written yet");
    expect(await snapshot(target)).toEqual({});
    await target.close()();
  });
});
