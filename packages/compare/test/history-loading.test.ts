// How compareRuns loads whole histories: several at once (a tracking server
// answers them side by side: one after another, 50 MLflow histories of
// 10,000 steps took twice as long), each run's own history in its own entry,
// and on failures the first one in run order, as if loaded one by one.

import { DimExperiment, type MetricHistory, type Run, createMemoryBackend, q } from "@dimexp/core";
import { beforeAll, describe, expect, test } from "vitest";
import { compareRunsEither } from "../src/index.js";

let exp: DimExperiment;
let runs: Run[];

beforeAll(async () => {
  exp = await DimExperiment.open("history-loading", { backend: createMemoryBackend(), onWarning: () => undefined });
  for (let i = 0; i < 12; i++) {
    await exp.withRun(`run-${i}`, (r) => {
      // run i's smallest loss is (i + 1) J, in J or erg
      for (let step = 0; step < 5; step++) r.logMetric("loss", i % 2 ? q((i + 1 + step) * 1e7, "erg") : q(i + 1 + step, "J"), { step });
    });
  }
  runs = await exp.listRuns({ orderBy: "start_time" });
});

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("compareRuns loading histories", () => {
  test("loads several at once, at most four, and keeps each run's own history", async () => {
    let inFlight = 0;
    let most = 0;
    const result = await compareRunsEither(runs, "loss", {
      align: "min",
      histories: async (run, metric): Promise<MetricHistory> => {
        inFlight++;
        most = Math.max(most, inFlight);
        // later runs answer sooner: a loader that mixed them up would show here
        await tick(2 * (12 - Number(run.name.slice(4))));
        inFlight--;
        return exp.metricHistory(run.id, metric);
      },
    });
    expect(result._tag).toBe("Right");
    expect(most).toBeGreaterThan(1);
    expect(most).toBeLessThanOrEqual(4);
    const entries = result._tag === "Right" ? (result.right.metric("loss")?.entries ?? []) : [];
    expect(entries.map((e) => [e.run.name, e.original.value])).toEqual(runs.map((r, i) => [r.name, i % 2 ? (i + 1) * 1e7 : i + 1]));
  });

  test("reports the first failing run in run order, though a later one failed sooner", async () => {
    const result = await compareRunsEither(runs, "loss", {
      align: "min",
      histories: async (run, metric) => {
        if (run.name === "run-1") {
          await tick(30);
          throw new Error("run-1 history unreadable");
        }
        if (run.name === "run-2") throw new Error("run-2 history unreadable");
        return exp.metricHistory(run.id, metric);
      },
    });
    expect(result).toMatchObject({ _tag: "Left", left: { _tag: "HistoryLoadFailed", run: "run-1", metric: "loss" } });
  });

  test("starts no new load after a failure", async () => {
    const started: string[] = [];
    const result = await compareRunsEither(runs, "loss", {
      align: "min",
      histories: async (run, metric) => {
        started.push(run.name);
        if (run.name === "run-0") throw new Error("store gone");
        await tick(5);
        return exp.metricHistory(run.id, metric);
      },
    });
    expect(result).toMatchObject({ _tag: "Left", left: { _tag: "HistoryLoadFailed", run: "run-0" } });
    expect(started.length).toBeLessThanOrEqual(4);
  });
});
