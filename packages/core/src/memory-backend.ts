// The reference backend: everything in memory, every rule of the contract
// implemented plainly. Other backends are tested against the same suite.

import type { BackendCapabilities, CreateRunOptions, ExperimentBackend, SearchOptions, UpdateRunOptions } from "./backend.js";
import { type CoreError, backendFailure, notFound, paramChanged } from "./errors.js";
import { checkCreateRunOptions } from "./create-run-options.js";
import { describeStoredParam } from "./param-text.js";
import { matchesRawFilter } from "./internal/raw-filter.js";
import { type TaskEither, left, right } from "./internal/task.js";
import type { ArrayRecord, ExperimentInfo, LatestMetric, LogBatch, MetricSeries, RunInfo, RunRecord } from "./model.js";

interface StoredRun {
  info: RunInfo;
  params: Map<string, string>;
  tags: Map<string, string>;
  latest: Map<string, LatestMetric>;
  /** per key: chunks in logging order */
  history: Map<string, MetricSeries[]>;
  arrays: ArrayRecord[];
}

const randomHex = (bytes: number): string =>
  Array.from({ length: bytes }, () => Math.floor(Math.random() * 256).toString(16).padStart(2, "0")).join("");

const concat = (parts: readonly Float64Array[]): Float64Array => {
  const out = new Float64Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
};

export interface MemoryBackend extends ExperimentBackend {
  readonly kind: "memory";
}

export const createMemoryBackend = (): MemoryBackend => {
  const experiments = new Map<string, ExperimentInfo>();
  const runs = new Map<string, StoredRun>();
  const appliedBatches = new Set<string>();
  let nextExperiment = 1;
  let closed = false;

  const task =
    <E, A>(body: () => { _tag: "Left"; left: E } | { _tag: "Right"; right: A }): TaskEither<E, A> =>
    async () =>
      body();

  const record = (run: StoredRun): RunRecord => ({
    info: { ...run.info },
    params: Object.fromEntries(run.params),
    tags: Object.fromEntries(run.tags),
    metrics: Object.fromEntries(run.latest),
  });

  const capabilities: BackendCapabilities = { arrays: true, pushdown: { or: true, numericParams: true, like: true } };

  const ensureOpen = (operation: string) => (closed ? backendFailure("memory", operation, "the backend is closed") : undefined);

  return {
    kind: "memory",
    location: "memory:",
    capabilities,

    getOrCreateExperiment: (name, tags = {}) =>
      task(() => {
        const closedError = ensureOpen("create an experiment");
        if (closedError) return left(closedError);
        const existing = [...experiments.values()].find((e) => e.name === name);
        if (existing) return right(existing);
        const info: ExperimentInfo = { id: String(nextExperiment++), name, createdAt: Date.now(), tags: { ...tags } };
        experiments.set(info.id, info);
        return right(info);
      }),

    findExperiment: (name) => task(() => right([...experiments.values()].find((e) => e.name === name))),

    listExperiments: () => task(() => right([...experiments.values()])),

    createRun: (experimentId: string, options: CreateRunOptions) =>
      task(() => {
        const closedError = ensureOpen("create a run");
        if (closedError) return left(closedError);
        if (!experiments.has(experimentId)) return left(backendFailure("memory", "create a run", `no experiment ${experimentId}`));
        const checked = checkCreateRunOptions("memory", options);
        if (checked._tag === "Left") return checked;
        const { name, startTime, tags } = checked.right;
        const info: RunInfo = {
          id: randomHex(16),
          experimentId,
          name,
          status: "RUNNING",
          startTime,
          endTime: undefined,
        };
        runs.set(info.id, {
          info,
          params: new Map(),
          tags: new Map(Object.entries(tags)),
          latest: new Map(),
          history: new Map(),
          arrays: [],
        });
        return right(info);
      }),

    updateRun: (runId: string, options: UpdateRunOptions) =>
      task(() => {
        const run = runs.get(runId);
        if (!run) return left(backendFailure("memory", "update a run", `no run ${runId}`));
        run.info = {
          ...run.info,
          ...(options.status ? { status: options.status } : {}),
          ...(options.endTime !== undefined ? { endTime: options.endTime } : {}),
          ...(options.name ? { name: options.name } : {}),
        };
        return right(undefined);
      }),

    logBatch: (runId: string, batch: LogBatch) =>
      task<CoreError, void>(() => {
        const closedError = ensureOpen("log a batch");
        if (closedError) return left(closedError);
        const run = runs.get(runId);
        if (!run) return left(notFound("run", runId));
        if (appliedBatches.has(batch.id)) return right(undefined);
        // Validate everything before applying anything: a batch is all or nothing.
        for (const p of batch.params) {
          const previous = run.params.get(p.key);
          if (previous !== undefined && previous !== p.value) {
            // the units live in tags: the run's for the stored value, the batch's for the new one
            const stored = Object.fromEntries(run.tags);
            const incoming = { ...stored, ...Object.fromEntries(batch.tags.map((t) => [t.key, t.value])) };
            const shown = { previous: describeStoredParam(p.key, previous, stored), attempted: describeStoredParam(p.key, p.value, incoming) };
            return left(paramChanged(p.key, previous, p.value, shown));
          }
        }
        for (const p of batch.params) run.params.set(p.key, p.value);
        for (const t of batch.tags) run.tags.set(t.key, t.value);
        for (const series of batch.metrics) {
          const n = series.values.length;
          if (n === 0) continue;
          const copy: MetricSeries = {
            key: series.key,
            steps: series.steps.slice(),
            values: series.values.slice(),
            timestamps: series.timestamps.slice(),
          };
          const chunks = run.history.get(series.key) ?? [];
          chunks.push(copy);
          run.history.set(series.key, chunks);
          run.latest.set(series.key, {
            value: copy.values[n - 1] as number,
            step: copy.steps[n - 1] as number,
            timestamp: copy.timestamps[n - 1] as number,
          });
        }
        for (const a of batch.arrays) run.arrays.push({ ...a, shape: [...a.shape], data: a.data.slice() });
        appliedBatches.add(batch.id);
        return right(undefined);
      }),

    getRun: (runId) =>
      task(() => {
        const run = runs.get(runId);
        return right(run ? record(run) : undefined);
      }),

    searchRuns: (experimentId: string, options: SearchOptions = {}) =>
      task(() => {
        let found = [...runs.values()].filter((r) => r.info.experimentId === experimentId).map(record);
        found = found.filter((r) => matchesRawFilter(r, options.filter));
        const order = options.orderBy ?? { key: "startTime", descending: true };
        found.sort((a, b) => {
          const x = order.key === "name" ? a.info.name.localeCompare(b.info.name) : a.info.startTime - b.info.startTime;
          return order.descending ? -x : x;
        });
        return right(options.limit !== undefined ? found.slice(0, options.limit) : found);
      }),

    getMetricHistory: (runId, key) =>
      task(() => {
        const chunks = runs.get(runId)?.history.get(key) ?? [];
        return right({
          key,
          steps: concat(chunks.map((c) => c.steps)),
          values: concat(chunks.map((c) => c.values)),
          timestamps: concat(chunks.map((c) => c.timestamps)),
        });
      }),

    getArrays: (runId, key) => task(() => right((runs.get(runId)?.arrays ?? []).filter((a) => a.key === key))),

    distinctTagValues: (experimentId, keys) =>
      task(() => {
        const out: Record<string, string[]> = {};
        for (const key of keys) {
          const values = new Set<string>();
          for (const run of runs.values()) {
            if (run.info.experimentId !== experimentId) continue;
            const v = run.tags.get(key);
            if (v !== undefined) values.add(v);
          }
          out[key] = [...values];
        }
        return right(out);
      }),

    deleteRun: (runId) =>
      task(() => {
        const closedError = ensureOpen("delete a run");
        if (closedError) return left(closedError);
        runs.delete(runId);
        return right(undefined);
      }),

    deleteExperiment: (experimentId) =>
      task(() => {
        const closedError = ensureOpen("delete an experiment");
        if (closedError) return left(closedError);
        for (const [id, run] of runs) if (run.info.experimentId === experimentId) runs.delete(id);
        experiments.delete(experimentId);
        return right(undefined);
      }),

    close: () =>
      task(() => {
        closed = true;
        return right(undefined);
      }),
  };
};
