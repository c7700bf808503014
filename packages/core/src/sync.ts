// syncExperiments: copies experiments from one backend to another — local-first
// work pushed to a lab's MLflow later, or back. Any two backends: it speaks
// only the ExperimentBackend interface.
//
// Idempotent and resumable. Every run it creates carries the tag
//   dimexp.sync.source = <source location>#<source run id>
// so a second sync finds it (by the run id, which is globally unique, so a
// moved source file still matches) and copies only what is missing: per
// metric, the points beyond those the target already has (the target's
// history is compared with the source's, point by point); params, tags and
// arrays likewise. A run that came from the target in the first place (its
// own sync tag names a target run) maps back onto that run rather than being
// copied again. Batch ids are derived from what they carry, so a backend that
// saw a batch before applies it once.

import type { BackendFailure, CoreError } from "./errors.js";
import { backendFailure, notFound } from "./errors.js";
import type { ExperimentBackend } from "./backend.js";
import { type TaskEither, left, right } from "./internal/task.js";
import { own } from "./internal/own.js";
import type { ArrayRecord, ExperimentInfo, KeyValue, LogBatch, MetricSeries, RunRecord } from "./model.js";
import { describeStoredParam } from "./param-text.js";
import { numberText } from "./unit-codec.js";

export const SYNC_SOURCE_TAG = "dimexp.sync.source";

/** Tags a backend derives itself, never copied. */
const DERIVED_TAGS = new Set([SYNC_SOURCE_TAG, "mlflow.runName"]);

export interface SyncProgress {
  readonly experiment: string;
  /** the run being copied (its name), if any */
  readonly run: string | undefined;
  readonly runsDone: number;
  readonly runsTotal: number;
  /** points copied so far */
  readonly pointsDone: number;
  /** points found missing in the target so far (grows as runs are examined) */
  readonly pointsTotal: number;
}

export interface SyncOptions {
  /** experiment names to copy (default: every experiment of the source) */
  readonly experiments?: readonly string[];
  readonly onProgress?: (progress: SyncProgress) => void;
  /** points per logBatch (default 50,000) */
  readonly batchPoints?: number;
}

export interface SyncedRun {
  readonly experiment: string;
  readonly name: string;
  readonly sourceId: string;
  readonly targetId: string;
  readonly created: boolean;
  readonly points: number;
  readonly params: number;
  readonly tags: number;
  readonly arrays: number;
}

export interface SyncReport {
  readonly experiments: readonly string[];
  readonly runs: readonly SyncedRun[];
  /** runs that could not be copied (the sync went on with the others) */
  readonly failures: ReadonlyArray<{ readonly experiment: string; readonly run: string; readonly message: string }>;
  readonly pointsCopied: number;
}

const failure = (e: CoreError): never => {
  throw new SyncAbort(e);
};

class SyncAbort extends Error {
  constructor(readonly error: CoreError) {
    super(error.message);
  }
}

const must = async <A>(task: TaskEither<CoreError, A>): Promise<A> => {
  const result = await task();
  return result._tag === "Left" ? failure(result.left) : result.right;
};

/** The run id a sync tag value names (after the last "#"). */
export const syncSourceRunId = (tagValue: string | undefined): string | undefined => {
  if (tagValue === undefined) return undefined;
  const hash = tagValue.lastIndexOf("#");
  return hash < 0 ? undefined : tagValue.slice(hash + 1) || undefined;
};

const pointKey = (step: number, ts: number, value: number): string => `${numberText(step)}|${numberText(ts)}|${numberText(value)}`;

/** The source points the target lacks, in source order. */
export const missingPoints = (source: MetricSeries, target: MetricSeries): number[] => {
  const n = source.values.length;
  const m = target.values.length;
  let prefix = m <= n;
  for (let i = 0; prefix && i < m; i++) {
    prefix =
      target.steps[i] === source.steps[i] && target.timestamps[i] === source.timestamps[i] && Object.is(target.values[i], source.values[i]);
  }
  if (prefix) return Array.from({ length: n - m }, (_, i) => m + i);
  // Not a prefix (an interrupted copy applied out of order): count what the target has.
  const have = new Map<string, number>();
  for (let i = 0; i < m; i++) {
    const k = pointKey(target.steps[i] as number, target.timestamps[i] as number, target.values[i] as number);
    have.set(k, (have.get(k) ?? 0) + 1);
  }
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const k = pointKey(source.steps[i] as number, source.timestamps[i] as number, source.values[i] as number);
    const left = have.get(k) ?? 0;
    if (left > 0) have.set(k, left - 1);
    else out.push(i);
  }
  return out;
};

const pick = (series: MetricSeries, indices: readonly number[]): MetricSeries => ({
  key: series.key,
  steps: Float64Array.from(indices, (i) => series.steps[i] as number),
  values: Float64Array.from(indices, (i) => series.values[i] as number),
  timestamps: Float64Array.from(indices, (i) => series.timestamps[i] as number),
});

const slice = (series: MetricSeries, start: number, end: number): MetricSeries => ({
  key: series.key,
  steps: series.steps.subarray(start, end),
  values: series.values.subarray(start, end),
  timestamps: series.timestamps.subarray(start, end),
});

/** Names of the arrays a run logged with logArray (from the codec's dimexp.array.<name> tags). */
const arrayNames = (record: RunRecord): string[] => {
  const names = new Set<string>();
  for (const key of Object.keys(record.tags)) {
    if (key.startsWith("dimexp.array.")) names.add(key.slice("dimexp.array.".length));
  }
  return [...names];
};

const sameArray = (a: ArrayRecord, b: ArrayRecord): boolean =>
  a.step === b.step && a.unit === b.unit && a.data.length === b.data.length && a.data.every((x, i) => Object.is(x, b.data[i]));

/**
 * Copies experiments (all, or those named) from `from` to `to`. Never rejects;
 * a run that fails is reported in `failures` and the others are still copied.
 */
export const syncExperiments =
  (from: ExperimentBackend, to: ExperimentBackend, options: SyncOptions = {}): TaskEither<CoreError, SyncReport> =>
  async () => {
    try {
      return right(await sync(from, to, options));
    } catch (error) {
      if (error instanceof SyncAbort) return left(error.error);
      return left(backendFailure(to.kind, "sync", error instanceof Error ? error.message : String(error)) as BackendFailure);
    }
  };

const sync = async (from: ExperimentBackend, to: ExperimentBackend, options: SyncOptions): Promise<SyncReport> => {
  const batchPoints = Math.max(1, Math.floor(options.batchPoints ?? 50_000));
  const all = await must(from.listExperiments());
  let chosen: ExperimentInfo[] = all;
  if (options.experiments && options.experiments.length > 0) {
    chosen = [];
    for (const name of options.experiments) {
      const found = all.find((e) => e.name === name);
      if (!found) failure(notFound("experiment", name, `${from.location} has: ${all.map((e) => e.name).join(", ") || "no experiments"}.`));
      else chosen.push(found);
    }
  }
  const plans: Array<{ experiment: ExperimentInfo; runs: RunRecord[] }> = [];
  for (const experiment of chosen) {
    const runs = await must(from.searchRuns(experiment.id, { orderBy: { key: "startTime", descending: false } }));
    plans.push({ experiment, runs });
  }
  const runsTotal = plans.reduce((n, p) => n + p.runs.length, 0);
  let runsDone = 0;
  let pointsDone = 0;
  let pointsTotal = 0;
  const report: SyncedRun[] = [];
  const failures: Array<{ experiment: string; run: string; message: string }> = [];
  const progress = (experiment: string, run: string | undefined) =>
    options.onProgress?.({ experiment, run, runsDone, runsTotal, pointsDone, pointsTotal });

  for (const { experiment, runs } of plans) {
    const target = await must(to.getOrCreateExperiment(experiment.name, experiment.tags));
    const existing = await must(to.searchRuns(target.id));
    const bySource = new Map<string, RunRecord>();
    const byId = new Map<string, RunRecord>();
    for (const r of existing) {
      byId.set(r.info.id, r);
      const source = syncSourceRunId(r.tags[SYNC_SOURCE_TAG]);
      if (source !== undefined && !bySource.has(source)) bySource.set(source, r);
    }
    progress(experiment.name, undefined);
    for (const source of runs) {
      progress(experiment.name, source.info.name);
      try {
        const counterpart = bySource.get(source.info.id) ?? byId.get(syncSourceRunId(source.tags[SYNC_SOURCE_TAG]) ?? "");
        const synced = await syncRun(from, to, target, source, counterpart, batchPoints, (copied, found) => {
          pointsDone += copied;
          pointsTotal += found;
          progress(experiment.name, source.info.name);
        });
        report.push({ ...synced, experiment: experiment.name });
      } catch (error) {
        const message = error instanceof SyncAbort ? error.error.message : error instanceof Error ? error.message : String(error);
        failures.push({ experiment: experiment.name, run: source.info.name, message });
      }
      runsDone++;
      progress(experiment.name, source.info.name);
    }
  }
  return { experiments: chosen.map((e) => e.name), runs: report, failures, pointsCopied: pointsDone };
};

const syncRun = async (
  from: ExperimentBackend,
  to: ExperimentBackend,
  targetExperiment: ExperimentInfo,
  source: RunRecord,
  counterpart: RunRecord | undefined,
  batchPoints: number,
  onPoints: (copied: number, found: number) => void,
): Promise<Omit<SyncedRun, "experiment">> => {
  const sourceKey = `${from.location}#${source.info.id}`;
  let target = counterpart;
  const created = target === undefined;
  if (target === undefined) {
    const info = await must(
      to.createRun(targetExperiment.id, { name: source.info.name, startTime: source.info.startTime, tags: { [SYNC_SOURCE_TAG]: sourceKey } }),
    );
    target = { info, params: {}, tags: { [SYNC_SOURCE_TAG]: sourceKey }, metrics: {} };
  }
  const targetId = target.info.id;
  const idBase = `sync:${source.info.id}>${targetId}`;

  // params and tags (a changed param is a failure of this run: params are fixed)
  const params: KeyValue[] = [];
  for (const [key, value] of Object.entries(source.params)) {
    const have = own(target.params, key);
    if (have === undefined) params.push({ key, value });
    else if (have !== value) {
      const inTarget = describeStoredParam(key, have, target.tags);
      const inSource = describeStoredParam(key, value, source.tags);
      failure(backendFailure(to.kind, `sync run ${source.info.name}`, `param "${key}" is ${inTarget} in the target and ${inSource} in the source`));
    }
  }
  const tags: KeyValue[] = [];
  for (const [key, value] of Object.entries(source.tags)) {
    if (DERIVED_TAGS.has(key) || own(target.tags, key) === value) continue;
    tags.push({ key, value });
  }
  if (params.length > 0 || tags.length > 0) {
    const digest = `${params.map((p) => `${p.key}=${p.value}`).join("&")}|${tags.map((t) => `${t.key}=${t.value}`).join("&")}`;
    await must(to.logBatch(targetId, { id: `${idBase}:meta:${hash(digest)}`, params, tags, metrics: [], arrays: [] }));
  }

  // metric points the target lacks
  let points = 0;
  let pending: MetricSeries[] = [];
  let pendingPoints = 0;
  const flush = async () => {
    if (pendingPoints === 0) return;
    // First and last point of each slice: two different slices of one metric never share an id.
    const id = `${idBase}:points:${hash(
      pending
        .map((s) => {
          const n = s.values.length;
          return `${s.key}:${n}:${numberText(s.steps[0] ?? 0)}:${numberText(s.timestamps[0] ?? 0)}:${numberText(s.steps[n - 1] ?? 0)}:${numberText(s.timestamps[n - 1] ?? 0)}:${numberText(s.values[n - 1] ?? 0)}`;
        })
        .join(","),
    )}`;
    const batch: LogBatch = { id, params: [], tags: [], metrics: pending, arrays: [] };
    await must(to.logBatch(targetId, batch));
    points += pendingPoints;
    onPoints(pendingPoints, 0);
    pending = [];
    pendingPoints = 0;
  };
  for (const key of Object.keys(source.metrics)) {
    const history = await must(from.getMetricHistory(source.info.id, key));
    const have = created || own(target.metrics, key) === undefined ? undefined : await must(to.getMetricHistory(targetId, key));
    const indices = have === undefined ? undefined : missingPoints(history, have);
    const count = indices === undefined ? history.values.length : indices.length;
    if (count === 0) continue;
    onPoints(0, count);
    const contiguous = indices === undefined || indices.every((v, i) => i === 0 || v === (indices[i - 1] as number) + 1);
    const start = indices === undefined ? 0 : (indices[0] as number);
    for (let done = 0; done < count; ) {
      const take = Math.min(count - done, batchPoints - pendingPoints);
      pending.push(contiguous ? slice(history, start + done, start + done + take) : pick(history, (indices as number[]).slice(done, done + take)));
      pendingPoints += take;
      done += take;
      if (pendingPoints >= batchPoints) await flush();
    }
  }
  await flush();

  // full arrays, where both sides keep them
  let arrays = 0;
  if (from.capabilities.arrays && to.capabilities.arrays) {
    for (const name of arrayNames(source)) {
      const sourceArrays = await must(from.getArrays(source.info.id, name));
      const targetArrays = created ? [] : await must(to.getArrays(targetId, name));
      const missing = sourceArrays.filter((a) => !targetArrays.some((b) => sameArray(a, b)));
      for (let i = 0; i < missing.length; i += 20) {
        const part = missing.slice(i, i + 20);
        await must(to.logBatch(targetId, { id: `${idBase}:arrays:${name}:${hash(part.map((a) => `${a.step}:${a.timestamp}`).join(","))}`, params: [], tags: [], metrics: [], arrays: part }));
        arrays += part.length;
      }
    }
  }

  // status, end time and name last: a finished target run means a finished copy
  const info = source.info;
  if (created || target.info.status !== info.status || target.info.endTime !== info.endTime || target.info.name !== info.name) {
    await must(
      to.updateRun(targetId, {
        status: info.status,
        ...(info.endTime !== undefined ? { endTime: info.endTime } : {}),
        name: info.name,
      }),
    );
  }
  return { name: info.name, sourceId: info.id, targetId, created, points, params: params.length, tags: tags.length, arrays };
};

/** A short stable digest for batch ids (FNV-1a, 2 × 32 bits). */
const hash = (text: string): string => {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
  }
  return `${(a >>> 0).toString(36)}${(b >>> 0).toString(36)}`;
};

