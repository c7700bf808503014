// The backend contract: every ExperimentBackend — ours and yours — must pass
// this suite. Call it from a test file, handing it your test framework's
// describe/it/expect (vitest or Jest):
//
//   import { describe, expect, it } from "vitest";
//   import { runBackendContract } from "@dimexp/core/testing";
//   runBackendContract("my backend", async () => createMyBackend(), { describe, it, expect });
//
// The framework is passed in rather than imported so this module loads from
// ESM and CommonJS alike (vitest cannot be require()d). It creates experiments
// with unique names, so it can run against a shared server; `makeBackend` is
// called once per test.

import { DimArray, q } from "@dimexp/units";
import type { ExperimentBackend, RawFilter } from "../backend.js";
import { DimExperiment } from "../experiment.js";
import { matchesRawFilter } from "../internal/raw-filter.js";
import type { LogBatch, MetricSeries } from "../model.js";

/** The matchers the suite uses; vitest's and Jest's `expect` both provide them. */
export interface ContractMatchers {
  toBe(expected: unknown): void;
  toEqual(expected: unknown): void;
  toContain(expected: unknown): void;
  toBeUndefined(): void;
}

/** The parts of a test framework the suite needs. */
export interface TestFramework {
  describe(name: string, body: () => void): void;
  it(name: string, body: () => Promise<void>, timeout?: number): void;
  expect(actual: unknown, message?: string): ContractMatchers;
}

export interface ContractOptions extends TestFramework {
  /** per-test timeout in ms (default 60 s) */
  readonly timeout?: number;
  /** points in the large-batch test (default 100,000) */
  readonly largeBatchPoints?: number;
}

const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

const series = (key: string, values: number[], steps?: number[], t0 = 1_700_000_000_000): MetricSeries => ({
  key,
  values: Float64Array.from(values),
  steps: Float64Array.from(steps ?? values.map((_, i) => i)),
  timestamps: Float64Array.from(values.map((_, i) => t0 + i)),
});

const batch = (parts: Partial<LogBatch>): LogBatch => ({
  id: unique("batch"),
  params: [],
  tags: [],
  metrics: [],
  arrays: [],
  ...parts,
});

const must = async <A>(task: () => Promise<{ _tag: "Left"; left: { message: string } } | { _tag: "Right"; right: A }>): Promise<A> => {
  const result = await task();
  if (result._tag === "Left") throw new Error(`expected success, got: ${result.left.message}`);
  return result.right;
};

export const runBackendContract = (
  name: string,
  makeBackend: () => Promise<ExperimentBackend> | ExperimentBackend,
  options: ContractOptions,
): void => {
  const { describe, it, expect } = options;
  const timeout = options.timeout ?? 60_000;
  const withBackend = async (test: (b: ExperimentBackend) => Promise<void>) => {
    const backend = await makeBackend();
    try {
      await test(backend);
    } finally {
      await backend.close()();
    }
  };

  describe(`ExperimentBackend contract: ${name}`, () => {
    it(
      "creates experiments once and finds them by name",
      () =>
        withBackend(async (b) => {
          const expName = unique("exp");
          const a = await must(b.getOrCreateExperiment(expName, { owner: "contract" }));
          const again = await must(b.getOrCreateExperiment(expName));
          expect(again.id).toBe(a.id);
          expect((await must(b.findExperiment(expName)))?.id).toBe(a.id);
          expect(await must(b.findExperiment(unique("missing")))).toBeUndefined();
          expect((await must(b.listExperiments())).some((e) => e.id === a.id && e.name === expName)).toBe(true);
          const [x, y] = await Promise.all([
            b.getOrCreateExperiment(`${expName}-race`)(),
            b.getOrCreateExperiment(`${expName}-race`)(),
          ]);
          expect(x._tag === "Right" && y._tag === "Right" && x.right.id === y.right.id).toBe(true);
        }),
      timeout,
    );

    it(
      "creates, updates and reads runs",
      () =>
        withBackend(async (b) => {
          const exp = await must(b.getOrCreateExperiment(unique("exp")));
          const run = await must(b.createRun(exp.id, { name: "r1", startTime: 1_700_000_000_000, tags: { solver: "fd" } }));
          expect(run.status).toBe("RUNNING");
          let got = await must(b.getRun(run.id));
          expect(got?.info.name).toBe("r1");
          expect(got?.info.experimentId).toBe(exp.id);
          expect(got?.tags.solver).toBe("fd");
          await must(b.updateRun(run.id, { status: "FINISHED", endTime: 1_700_000_001_000 }));
          got = await must(b.getRun(run.id));
          expect(got?.info.status).toBe("FINISHED");
          expect(got?.info.endTime).toBe(1_700_000_001_000);
          expect(await must(b.getRun("0123456789abcdef0123456789abcdef"))).toBeUndefined();
        }),
      timeout,
    );

    it(
      "stores params, tags and metric histories exactly, NaN, ±Infinity and -0 included",
      () =>
        withBackend(async (b) => {
          const exp = await must(b.getOrCreateExperiment(unique("exp")));
          const run = await must(b.createRun(exp.id, { name: "r", startTime: Date.now(), tags: {} }));
          const values = [1.5, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, 1e-300, 1.7976931348623157e308];
          await must(
            b.logBatch(run.id, batch({ params: [{ key: "lr", value: "0.001" }], tags: [{ key: "note", value: "ünïcode ✓" }], metrics: [series("loss", values)] })),
          );
          await must(b.logBatch(run.id, batch({ metrics: [series("loss", [7], [100])] })));
          const history = await must(b.getMetricHistory(run.id, "loss"));
          expect(history.values.length).toBe(values.length + 1);
          values.forEach((v, i) => {
            expect(Object.is(history.values[i], v), `value ${i}`).toBe(true);
          });
          expect([...history.steps]).toEqual([0, 1, 2, 3, 4, 5, 6, 100]);
          expect(history.timestamps[0]).toBe(1_700_000_000_000);
          const got = await must(b.getRun(run.id));
          expect(got?.params.lr).toBe("0.001");
          expect(got?.tags.note).toBe("ünïcode ✓");
          expect(got?.metrics.loss).toEqual({ value: 7, step: 100, timestamp: 1_700_000_000_000 });
          const empty = await must(b.getMetricHistory(run.id, "nothing"));
          expect(empty.values.length).toBe(0);
        }),
      timeout,
    );

    it(
      "applies a batch at most once per id",
      () =>
        withBackend(async (b) => {
          const exp = await must(b.getOrCreateExperiment(unique("exp")));
          const run = await must(b.createRun(exp.id, { name: "r", startTime: Date.now(), tags: {} }));
          const once = batch({ metrics: [series("x", [1, 2, 3])] });
          await must(b.logBatch(run.id, once));
          await must(b.logBatch(run.id, once));
          expect((await must(b.getMetricHistory(run.id, "x"))).values.length).toBe(3);
        }),
      timeout,
    );

    it(
      "rejects a changed param and applies nothing of that batch",
      () =>
        withBackend(async (b) => {
          const exp = await must(b.getOrCreateExperiment(unique("exp")));
          const run = await must(b.createRun(exp.id, { name: "r", startTime: Date.now(), tags: {} }));
          await must(b.logBatch(run.id, batch({ params: [{ key: "lr", value: "0.1" }] })));
          await must(b.logBatch(run.id, batch({ params: [{ key: "lr", value: "0.1" }] })));
          const changed = await b.logBatch(run.id, batch({ params: [{ key: "lr", value: "0.2" }], metrics: [series("y", [1])], tags: [{ key: "t", value: "v" }] }))();
          expect(changed._tag).toBe("Left");
          if (changed._tag === "Left") expect(changed.left._tag).toBe("ParamChanged");
          const got = await must(b.getRun(run.id));
          expect(got?.params.lr).toBe("0.1");
          expect(got?.metrics.y).toBeUndefined();
          expect(got?.tags.t).toBeUndefined();
        }),
      timeout,
    );

    it(
      "reports a param another writer changed with both values and their units",
      () =>
        withBackend(async (b) => {
          // Two handles on one run (two processes resuming it): the second does not
          // know what the first logged, so the backend itself refuses the change —
          // and its message must say "1 m" and "100 cm", not "1" and "100".
          const exp = await DimExperiment.open(unique("params"), { backend: b, onWarning: () => undefined });
          const first = await exp.startRun("r");
          await first.flush();
          const second = await exp.resumeRun(first.id);
          first.logParam("domain_length", q(1, "m"));
          first.logParam("optimizer", "adam");
          await first.flush();
          const refusal = async (log: () => void): Promise<string> => {
            log();
            try {
              await second.flush();
            } catch (error) {
              return error instanceof Error ? error.message : String(error);
            }
            return "no error";
          };
          expect(await refusal(() => second.logParam("domain_length", q(100, "cm")))).toContain("is already 1 m; it cannot change to 100 cm.");
          expect(await refusal(() => second.logParam("optimizer", "sgd"))).toContain('is already "adam"; it cannot change to "sgd".');
          await second.end().catch(() => undefined);
          await first.end();
          expect(String((await exp.getRun(first.id)).param("domain_length"))).toBe("1 m");
        }),
      timeout,
    );

    it(
      "searches with pushed-down raw filters, never missing a match",
      () =>
        withBackend(async (b) => {
          const exp = await must(b.getOrCreateExperiment(unique("exp")));
          const other = await must(b.getOrCreateExperiment(unique("other")));
          await must(b.createRun(other.id, { name: "elsewhere", startTime: Date.now(), tags: {} }));
          const solvers = ["fd", "fem", "spectral"];
          for (let i = 0; i < 12; i++) {
            const run = await must(b.createRun(exp.id, { name: `run-${i}`, startTime: 1_700_000_000_000 + i * 1000, tags: {} }));
            await must(
              b.logBatch(
                run.id,
                batch({
                  params: [{ key: "length", value: String(i * 10) }],
                  tags: [{ key: "solver", value: solvers[i % 3] as string }, { key: "dimexp.metric.loss", value: i % 2 ? '{"unit":"J"}' : '{"unit":"erg"}' }],
                  metrics: [series("loss", [i * 1.5])],
                }),
              ),
            );
            if (i % 4 === 0) await must(b.updateRun(run.id, { status: "FINISHED", endTime: Date.now() }));
          }
          const all = await must(b.searchRuns(exp.id));
          expect(all.length).toBe(12);
          const filters: RawFilter[] = [
            [[{ source: "metrics", key: "loss", op: ">", value: 6 }]],
            [[{ source: "metrics", key: "loss", op: "<=", value: 3 }, { source: "tags", key: "solver", op: "=", value: "fd" }]],
            [[{ source: "tags", key: "solver", op: "=", value: "fem" }], [{ source: "metrics", key: "loss", op: ">=", value: 15 }]],
            [[{ source: "params", key: "length", op: ">=", value: 50 }]],
            [[{ source: "tags", key: "solver", op: "like", value: "f%" }]],
            [[{ source: "tags", key: "solver", op: "in", value: ["fem", "spectral"] }]],
            [[{ source: "metrics", key: "missing", op: "exists", value: undefined }]],
            [[{ source: "attributes", key: "status", op: "=", value: "FINISHED" }]],
            [[{ source: "attributes", key: "name", op: "=", value: "run-3" }]],
            [[{ source: "tags", key: "dimexp.metric.loss", op: "=", value: '{"unit":"J"}' }, { source: "metrics", key: "loss", op: "<", value: 9 }]],
          ];
          for (const filter of filters) {
            const expected = all.filter((r) => matchesRawFilter(r, filter)).map((r) => r.info.id).sort();
            const got = (await must(b.searchRuns(exp.id, { filter }))).map((r) => r.info.id);
            for (const id of expected) expect(got, JSON.stringify(filter)).toContain(id);
            for (const id of got) expect(all.map((r) => r.info.id)).toContain(id);
          }
          const limited = await must(b.searchRuns(exp.id, { limit: 5, orderBy: { key: "startTime", descending: true } }));
          expect(limited.length).toBe(5);
          expect(limited[0]?.info.name).toBe("run-11");
          const distinct = await must(b.distinctTagValues(exp.id, ["dimexp.metric.loss", "solver", "nope"]));
          expect([...(distinct["dimexp.metric.loss"] ?? [])].sort()).toEqual(['{"unit":"J"}', '{"unit":"erg"}']);
          expect([...(distinct.solver ?? [])].sort()).toEqual(solvers);
          expect(distinct.nope ?? []).toEqual([]);
        }),
      timeout,
    );

    it(
      "keeps a large batch whole",
      () =>
        withBackend(async (b) => {
          const n = options.largeBatchPoints ?? 100_000;
          const exp = await must(b.getOrCreateExperiment(unique("exp")));
          const run = await must(b.createRun(exp.id, { name: "big", startTime: Date.now(), tags: {} }));
          const values = Array.from({ length: n }, (_, i) => Math.sin(i) * 1e3);
          await must(b.logBatch(run.id, batch({ metrics: [series("wave", values)] })));
          const history = await must(b.getMetricHistory(run.id, "wave"));
          expect(history.values.length).toBe(n);
          expect(history.values[n - 1]).toBe(values[n - 1]);
          expect(history.steps[n - 1]).toBe(n - 1);
        }),
      timeout,
    );

    it(
      "deletes runs and experiments, when it offers deleteRun/deleteExperiment",
      () =>
        withBackend(async (b) => {
          const deleteRun = b.deleteRun?.bind(b);
          const deleteExperiment = b.deleteExperiment?.bind(b);
          if (!deleteRun && !deleteExperiment) return;
          const expName = unique("exp");
          const exp = await must(b.getOrCreateExperiment(expName));
          const keep = await must(b.createRun(exp.id, { name: "keep", startTime: 1, tags: {} }));
          const gone = await must(b.createRun(exp.id, { name: "gone", startTime: 2, tags: { solver: "fd" } }));
          await must(b.logBatch(gone.id, batch({ params: [{ key: "lr", value: "0.1" }], metrics: [series("loss", [1, 2])] })));
          if (deleteRun) {
            await must(deleteRun(gone.id));
            expect(await must(b.getRun(gone.id))).toBeUndefined();
            expect((await must(b.searchRuns(exp.id))).map((r) => r.info.id)).toEqual([keep.id]);
            expect((await must(b.getMetricHistory(gone.id, "loss"))).values.length).toBe(0);
            await must(deleteRun(gone.id));
          }
          if (deleteExperiment) {
            await must(deleteExperiment(exp.id));
            expect(await must(b.findExperiment(expName))).toBeUndefined();
            expect(await must(b.getRun(keep.id))).toBeUndefined();
            const again = await must(b.getOrCreateExperiment(expName));
            expect((await must(b.searchRuns(again.id))).length).toBe(0);
          }
        }),
      timeout,
    );

    it(
      "round-trips a unit-aware experiment through DimExperiment",
      () =>
        withBackend(async (b) => {
          const exp = await DimExperiment.open(unique("heat"), { backend: b, onWarning: () => undefined });
          await exp.withRun("run-si", { tags: { solver: "fd" } }, async (run) => {
            run.logParam("domain_length", q(1, "m"));
            run.logParam("learning_rate", q(0.001, "1/s"));
            run.logParam("epochs", 100);
            run.logParam("solver_name", "crank-nicolson");
            for (let step = 0; step < 5; step++) run.logMetric("loss", q(1 / (step + 1), "J"), { step });
            const field = DimArray.of([1, 2, 3], "K");
            if (field._tag === "Right") run.logArray("temperature", field.right);
          });
          await exp.withRun("run-cgs", async (run) => {
            run.logParam("domain_length", q(100, "cm"));
            for (let step = 0; step < 5; step++) run.logMetric("loss", q(1e7 / (step + 2), "erg"), { step });
          });
          await exp.withRun("run-short", async (run) => {
            run.logParam("domain_length", q(40, "cm"));
            run.logMetric("loss", q(3, "J"));
          });
          const long = await exp.listRuns({ filter: "params.domain_length >= 50 cm" });
          expect(long.map((r) => r.name).sort()).toEqual(["run-cgs", "run-si"]);
          const lowLoss = await exp.listRuns({ filter: "metrics.loss < 0.4 J" });
          expect(lowLoss.map((r) => r.name).sort()).toEqual(["run-cgs", "run-si"]);
          const si = await exp.getRun("run-si");
          expect(si.status).toBe("FINISHED");
          expect(String(si.param("domain_length"))).toBe("1 m");
          expect(si.param("epochs")).toBe(100);
          expect(si.param("solver_name")).toBe("crank-nicolson");
          expect(si.tags.solver).toBe("fd");
          expect(String(si.metric("loss"))).toBe("0.2 J");
          expect(String(si.metric("temperature_mean"))).toBe("2 K");
          const history = await exp.metricHistory("run-cgs", "loss");
          expect(history.values.length).toBe(5);
          expect(history.unit?.toString === undefined).toBe(false);
          if (b.capabilities.arrays) {
            const arrays = await must(b.getArrays(si.id, "temperature"));
            expect(arrays.length).toBe(1);
            expect([...(arrays[0]?.data ?? [])]).toEqual([1, 2, 3]);
            expect(arrays[0]?.unit).toBe("K");
          }
          let thrown: unknown;
          try {
            await exp.withRun("run-fails", async (run) => {
              run.logMetric("loss", q(1, "J"));
              throw new Error("diverged");
            });
          } catch (error) {
            thrown = error;
          }
          expect(thrown instanceof Error && thrown.message).toBe("diverged");
          const failed = await exp.getRun("run-fails");
          expect(failed.status).toBe("FAILED");
          expect(failed.record.tags["dimexp.error"]).toContain("diverged");
          expect(failed.metric("loss")?.toString()).toBe("1 J");
        }),
      timeout,
    );
  });
};
