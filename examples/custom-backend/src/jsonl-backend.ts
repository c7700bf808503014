// A dimexp backend written from scratch on nothing but the public API of
// @dimexp/core: each experiment is a folder, each run one JSON-lines file in
// it. The first line describes the run; every later line is one logBatch or
// one updateRun, appended whole, so reading a run is replaying its file.
//
//   <root>/<experiment id>/experiment.json    {"id","name","createdAt","tags"}
//   <root>/<experiment id>/<run id>.jsonl     {"run":{…},"tags":{…}} then {"batch":…} / {"update":…} lines
//
// Numbers are written with core's numberText, so NaN, ±Infinity and -0 survive
// JSON. Everything runs synchronously inside each task, so two calls of one
// process never interleave; a line torn by a crash is skipped on reading.

import { randomBytes } from "node:crypto";
import { appendFileSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  type ArrayRecord,
  type BackendError,
  type ExperimentBackend,
  type ExperimentInfo,
  type LatestMetric,
  type MetricSeries,
  type RunInfo,
  type RunRecord,
  type TaskEither,
  backendFailure,
  batchShapeProblem,
  checkCreateRunOptions,
  describeCause,
  describeStoredParam,
  matchesRawFilter,
  notFound,
  numberText,
  paramChanged,
  parseNumberText,
} from "@dimexp/core";
import { type Either, left, right } from "fp-ts/Either";

interface StoredRun {
  info: RunInfo;
  params: Record<string, string>;
  tags: Record<string, string>;
  latest: Record<string, LatestMetric>;
  history: Map<string, { steps: number[]; values: number[]; timestamps: number[] }>;
  arrays: ArrayRecord[];
  applied: Set<string>;
}

/** One line of a run file. */
interface Line {
  readonly run?: RunInfo;
  readonly tags?: Record<string, string>;
  readonly update?: Partial<RunInfo>;
  readonly batch?: string;
  readonly params?: Record<string, string>;
  readonly metrics?: ReadonlyArray<{ key: string; steps: string[]; values: string[]; timestamps: string[] }>;
  readonly arrays?: ReadonlyArray<Omit<ArrayRecord, "data"> & { data: string[] }>;
}

const KIND = "jsonl";
const SAFE_ID = /^[A-Za-z0-9_-]{1,64}$/;
const newId = (bytes: number) => randomBytes(bytes).toString("hex");
const encode = (column: ArrayLike<number>) => Array.from(column, numberText);
const decode = (column: readonly string[]) => column.map((t) => parseNumberText(t) ?? Number.NaN);

/** Opens (creating if needed) a folder of JSON-lines experiments. */
export const createJsonlBackend = (root: string): ExperimentBackend => {
  mkdirSync(root, { recursive: true });
  let closed = false;

  /** `body` as a task: what it throws becomes a BackendFailure naming the operation, never a rejection. */
  const task =
    <A>(operation: string, body: () => Either<BackendError, A>): TaskEither<BackendError, A> =>
    async () => {
      if (closed) return left(backendFailure(KIND, operation, `the backend for ${root} is closed`));
      try {
        return body();
      } catch (cause) {
        return left(backendFailure(KIND, operation, describeCause(cause)));
      }
    };

  const experiments = (): ExperimentInfo[] =>
    readdirSync(root)
      .filter((d) => existsSync(join(root, d, "experiment.json")))
      .map((d) => JSON.parse(readFileSync(join(root, d, "experiment.json"), "utf8")) as ExperimentInfo);

  const runFile = (runId: string): string | undefined => {
    if (!SAFE_ID.test(runId)) return undefined;
    for (const e of experiments()) {
      const file = join(root, e.id, `${runId}.jsonl`);
      if (existsSync(file)) return file;
    }
    return undefined;
  };

  const replay = (file: string): StoredRun => {
    const lines = readFileSync(file, "utf8").split("\n").filter((l) => l !== "");
    const events: Line[] = [];
    lines.forEach((line, i) => {
      try {
        events.push(JSON.parse(line));
      } catch (cause) {
        if (i < lines.length - 1) throw new Error(`${file} line ${i + 1} is not JSON: ${describeCause(cause)}`);
      }
    });
    const [head, ...rest] = events;
    if (head?.run === undefined) throw new Error(`${file} does not start with a run line`);
    const run: StoredRun = { info: head.run, params: {}, tags: { ...head.tags }, latest: {}, history: new Map(), arrays: [], applied: new Set() };
    for (const event of rest) {
      if (event.update) run.info = { ...run.info, ...event.update };
      if (!event.batch) continue;
      run.applied.add(event.batch);
      Object.assign(run.params, event.params);
      Object.assign(run.tags, event.tags);
      for (const m of event.metrics ?? []) {
        const h = run.history.get(m.key) ?? { steps: [], values: [], timestamps: [] };
        const [steps, values, timestamps] = [decode(m.steps), decode(m.values), decode(m.timestamps)];
        h.steps.push(...steps);
        h.values.push(...values);
        h.timestamps.push(...timestamps);
        run.history.set(m.key, h);
        const n = values.length - 1;
        if (n >= 0) run.latest[m.key] = { value: values[n] as number, step: steps[n] as number, timestamp: timestamps[n] as number };
      }
      for (const a of event.arrays ?? []) run.arrays.push({ ...a, data: Float64Array.from(decode(a.data)) });
    }
    return run;
  };

  const recordOf = (run: StoredRun): RunRecord => ({ info: run.info, params: run.params, tags: run.tags, metrics: run.latest });

  const runsOf = (experimentId: string): StoredRun[] => {
    if (!SAFE_ID.test(experimentId) || !existsSync(join(root, experimentId))) return [];
    return readdirSync(join(root, experimentId))
      .filter((f) => f.endsWith(".jsonl"))
      .map((f) => replay(join(root, experimentId, f)));
  };

  const getExperiment = (id: string) => experiments().find((e) => e.id === id);

  return {
    kind: KIND,
    location: `${KIND}:${root}`,
    capabilities: { arrays: true, pushdown: { or: true, numericParams: true, like: true } },

    getOrCreateExperiment: (name, tags = {}) =>
      task("create an experiment", () => {
        const existing = experiments().find((e) => e.name === name);
        if (existing) return right(existing);
        const info: ExperimentInfo = { id: newId(6), name, createdAt: Date.now(), tags: { ...tags } };
        mkdirSync(join(root, info.id));
        writeFileSync(join(root, info.id, "experiment.json"), JSON.stringify(info));
        return right(info);
      }),

    findExperiment: (name) => task("find an experiment", () => right(experiments().find((e) => e.name === name))),

    getExperiment: (id) =>
      task("get an experiment", () => {
        const found = getExperiment(id);
        return found ? right(found) : left(notFound("experiment", id, `There is no experiment with that id in ${root}.`));
      }),

    listExperiments: () => task("list experiments", () => right(experiments())),

    createRun: (experimentId, options) =>
      task("create a run", () => {
        if (!getExperiment(experimentId)) return left(notFound("experiment", experimentId, `There is no experiment with that id in ${root}.`));
        const checked = checkCreateRunOptions(KIND, options);
        if (checked._tag === "Left") return checked;
        const { name, startTime, tags } = checked.right;
        const info: RunInfo = { id: newId(16), experimentId, name, status: "RUNNING", startTime, endTime: undefined };
        writeFileSync(join(root, experimentId, `${info.id}.jsonl`), `${JSON.stringify({ run: info, tags })}\n`);
        return right(info);
      }),

    updateRun: (runId, update) =>
      task("update a run", () => {
        const file = runFile(runId);
        if (!file) return left(notFound("run", runId));
        appendFileSync(file, `${JSON.stringify({ update })}\n`);
        return right(undefined);
      }),

    logBatch: (runId, batch) =>
      task("log a batch", () => {
        const invalid = batchShapeProblem(batch);
        if (invalid) return left(invalid);
        const file = runFile(runId);
        if (!file) return left(notFound("run", runId));
        const run = replay(file);
        if (run.applied.has(batch.id)) return right(undefined);
        const incomingTags = { ...run.tags, ...Object.fromEntries(batch.tags.map((t) => [t.key, t.value])) };
        for (const p of batch.params) {
          const previous = run.params[p.key];
          if (previous !== undefined && previous !== p.value) {
            const shown = { previous: describeStoredParam(p.key, previous, run.tags), attempted: describeStoredParam(p.key, p.value, incomingTags) };
            return left(paramChanged(p.key, previous, p.value, shown));
          }
        }
        // one line per batch: appended whole, or (after a crash) skipped whole on reading
        const line = {
          batch: batch.id,
          params: Object.fromEntries(batch.params.map((p) => [p.key, p.value])),
          tags: Object.fromEntries(batch.tags.map((t) => [t.key, t.value])),
          metrics: batch.metrics.map((m) => ({ key: m.key, steps: encode(m.steps), values: encode(m.values), timestamps: encode(m.timestamps) })),
          arrays: batch.arrays.map((a) => ({ ...a, data: encode(a.data) })),
        };
        appendFileSync(file, `${JSON.stringify(line)}\n`);
        return right(undefined);
      }),

    getRun: (runId) =>
      task("read a run", () => {
        const file = runFile(runId);
        return right(file ? recordOf(replay(file)) : undefined);
      }),

    searchRuns: (experimentId, options = {}) =>
      task("search runs", () => {
        const order = options.orderBy ?? { key: "startTime", descending: true };
        const found = runsOf(experimentId)
          .map(recordOf)
          .filter((r) => matchesRawFilter(r, options.filter))
          .sort((a, b) => {
            const x = order.key === "name" ? a.info.name.localeCompare(b.info.name) : a.info.startTime - b.info.startTime;
            return order.descending ? -x : x;
          });
        return right(options.limit !== undefined ? found.slice(0, options.limit) : found);
      }),

    getMetricHistory: (runId, key) =>
      task("read a metric history", () => {
        const file = runFile(runId);
        const h = file ? replay(file).history.get(key) : undefined;
        const series: MetricSeries = { key, steps: Float64Array.from(h?.steps ?? []), values: Float64Array.from(h?.values ?? []), timestamps: Float64Array.from(h?.timestamps ?? []) };
        return right(series);
      }),

    getArrays: (runId, key) =>
      task("read arrays", () => {
        const file = runFile(runId);
        return right(file ? replay(file).arrays.filter((a) => a.key === key) : []);
      }),

    distinctTagValues: (experimentId, keys) =>
      task("read tag values", () => {
        const runs = runsOf(experimentId);
        return right(Object.fromEntries(keys.map((k) => [k, [...new Set(runs.flatMap((r) => (r.tags[k] === undefined ? [] : [r.tags[k] as string])))]])));
      }),

    close: () => async () => {
      closed = true;
      return right(undefined);
    },
  };
};
