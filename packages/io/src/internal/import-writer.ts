// Writing validated runs into a backend: the experiment (found or created),
// runs already there recognised by their identity (onConflict), every run's
// params, arrays and metric points in batches, and what was written kept in a
// Journal, so that a failure can be undone (rollback.ts) when the backend
// cannot run the whole import as one transaction.

import { randomUUID } from "node:crypto";
import type { ExperimentBackend, ExperimentInfo, MetricSeries } from "@dimexp/core";
import { COPY_OF_TAG, type ExperimentHeader, ORIGIN_CREATED_AT_TAG, ORIGIN_RUN_ID_TAG } from "./model.js";
import type { PreparedRun } from "./prepare.js";
import { must, runIdentity } from "./source.js";
import type { ProgressTracker } from "../progress.js";

/** What an import does with a run whose identity is already in the target experiment. */
export type OnConflict = "skip" | "replace" | "copy";
export const ON_CONFLICT: readonly OnConflict[] = ["skip", "replace", "copy"];

export interface ImportedRun {
  /** the run's id in the file (kept as the tag dimexp.io.origin_run_id, except on copies) */
  readonly sourceId: string;
  /** its id in the target backend */
  readonly id: string;
  readonly name: string;
  /** "created": new in the target; "replaced": it took the place of `replacedIds`; "copied": imported beside a run of the same origin */
  readonly outcome: "created" | "replaced" | "copied";
  /** with "replaced": the runs it replaced (deleted) */
  readonly replacedIds?: readonly string[];
}

export interface SkippedRun {
  readonly sourceId: string;
  readonly name: string;
  /** the run already in the target with that identity */
  readonly existingId: string;
}

/** An import stopped by its AbortSignal. */
export class Interrupted extends Error {
  constructor(readonly reason: string) {
    super(`interrupted (${reason})`);
  }
}

export const abortReason = (signal: AbortSignal): string => {
  const reason: unknown = signal.reason;
  if (typeof reason === "string") return reason;
  if (reason instanceof Error) return reason.name === "AbortError" ? "aborted" : reason.message;
  return "aborted";
};

export const throwIfAborted = (signal: AbortSignal | undefined): void => {
  if (signal?.aborted) throw new Interrupted(abortReason(signal));
};

/**
 * Lets the event loop run, then throws if aborted. Writes to the embedded
 * store are synchronous, so an import of a kept file would otherwise be one
 * chain of microtasks that no signal handler (Ctrl+C) could get between.
 */
export const checkpoint = async (signal: AbortSignal | undefined): Promise<void> => {
  if (signal) await new Promise<void>((resolve) => setImmediate(resolve));
  throwIfAborted(signal);
};

/** What an import has written so far: what a rollback must undo. */
export interface Journal {
  experiment: ExperimentInfo | undefined;
  createdExperiment: boolean;
  /** runs written and not yet part of a completed replacement */
  readonly createdRunIds: string[];
  /** runs written whose replaced runs are already deleted: undoing them would lose both */
  readonly keptRunIds: string[];
}

export const newJournal = (): Journal => ({ experiment: undefined, createdExperiment: false, createdRunIds: [], keptRunIds: [] });

export interface WritePlan {
  readonly header: ExperimentHeader;
  readonly onConflict: OnConflict;
  readonly dropArrays: boolean;
  readonly signal: AbortSignal | undefined;
  readonly progress: ProgressTracker;
  /** feeds every run of the file to `write`, in file order */
  readonly forEachRun: (write: (run: PreparedRun) => Promise<void>) => Promise<void>;
}

export interface WriteOutcome {
  readonly experiment: ExperimentInfo;
  readonly createdExperiment: boolean;
  readonly runs: ImportedRun[];
  readonly skipped: SkippedRun[];
  readonly points: number;
}

const POINTS_PER_BATCH = 1_000_000;

const metricBatches = (metrics: readonly MetricSeries[]): MetricSeries[][] => {
  const batches: MetricSeries[][] = [];
  let current: MetricSeries[] = [];
  let size = 0;
  for (const m of metrics) {
    for (let start = 0; start < m.values.length; start += POINTS_PER_BATCH) {
      const end = Math.min(m.values.length, start + POINTS_PER_BATCH);
      const part =
        start === 0 && end === m.values.length
          ? m
          : { key: m.key, steps: m.steps.subarray(start, end), values: m.values.subarray(start, end), timestamps: m.timestamps.subarray(start, end) };
      if (size + (end - start) > POINTS_PER_BATCH && current.length > 0) {
        batches.push(current);
        current = [];
        size = 0;
      }
      current.push(part);
      size += end - start;
    }
  }
  if (current.length > 0) batches.push(current);
  return batches;
};

/** The runs of an experiment by identity (several when earlier imports duplicated one). */
class IdentityIndex {
  readonly #ids = new Map<string, string[]>();

  static async of(target: ExperimentBackend, experimentId: string): Promise<IdentityIndex> {
    const index = new IdentityIndex();
    for (const record of await must(target.searchRuns(experimentId, { orderBy: { key: "startTime", descending: false } }))) {
      index.add(runIdentity(record), record.info.id);
    }
    return index;
  }

  find(identity: string): readonly string[] | undefined {
    return this.#ids.get(identity);
  }

  /** Makes `runId` the only run of `identity`; returns the ones it replaces. */
  replace(identity: string, runId: string): string[] {
    const old = this.#ids.get(identity) ?? [];
    this.#ids.set(identity, [runId]);
    return old;
  }

  add(identity: string, runId: string): void {
    const ids = this.#ids.get(identity);
    if (ids) ids.push(runId);
    else this.#ids.set(identity, [runId]);
  }
}

const writeRun = async (
  target: ExperimentBackend,
  experimentId: string,
  run: PreparedRun,
  tags: Readonly<Record<string, string>>,
  plan: WritePlan,
  journal: Journal,
): Promise<string> => {
  const info = await must(target.createRun(experimentId, { name: run.name, startTime: run.startTime, tags }));
  journal.createdRunIds.push(info.id);
  const importId = randomUUID();
  const arrays = plan.dropArrays ? [] : run.arrays;
  if (run.params.length > 0 || arrays.length > 0) {
    await must(target.logBatch(info.id, { id: `dimexp-import-${importId}-head`, params: run.params, tags: [], metrics: [], arrays }));
  }
  for (const [i, metrics] of metricBatches(run.metrics).entries()) {
    if (i > 0) await checkpoint(plan.signal);
    await must(target.logBatch(info.id, { id: `dimexp-import-${importId}-${i}`, params: [], tags: [], metrics, arrays: [] }));
    plan.progress.points(metrics.reduce((n, m) => n + m.values.length, 0));
  }
  await must(target.updateRun(info.id, { status: run.status, ...(run.endTime !== undefined ? { endTime: run.endTime } : {}) }));
  return info.id;
};

/** A copy is a run of its own: no origin id (that stays with the run it copies), a note of what it copies. */
const copyTags = (run: PreparedRun): Record<string, string> => {
  const tags: Record<string, string> = Object.create(null);
  for (const [k, v] of Object.entries(run.tags)) if (k !== ORIGIN_RUN_ID_TAG) tags[k] = v;
  tags[COPY_OF_TAG] = run.sourceId;
  return tags;
};

/**
 * Writes the plan's runs into `target`. Throws (BackendError, FileFailure,
 * Interrupted) on the first problem, with `journal` saying what was written.
 */
export const writeImport = async (target: ExperimentBackend, plan: WritePlan, journal: Journal): Promise<WriteOutcome> => {
  throwIfAborted(plan.signal);
  const { header } = plan;
  let experiment = await must(target.findExperiment(header.name));
  if (!experiment) {
    const tags: Record<string, string> = Object.fromEntries(header.tags);
    if (header.createdAt !== undefined) tags[ORIGIN_CREATED_AT_TAG] = String(header.createdAt);
    experiment = await must(target.getOrCreateExperiment(header.name, tags));
    journal.createdExperiment = true;
  }
  journal.experiment = experiment;
  const experimentId = experiment.id;
  const index = journal.createdExperiment ? new IdentityIndex() : await IdentityIndex.of(target, experimentId);

  const runs: ImportedRun[] = [];
  const skipped: SkippedRun[] = [];
  const replacing: Array<{ at: number; old: readonly string[] }> = [];
  const pointsOf = new Map<string, number>();
  await plan.forEachRun(async (run) => {
    await checkpoint(plan.signal);
    const present = index.find(run.sourceId);
    if (present && plan.onConflict === "skip") {
      skipped.push({ sourceId: run.sourceId, name: run.name, existingId: present[0] as string });
      plan.progress.runDone();
      return;
    }
    const copy = present !== undefined && plan.onConflict === "copy";
    const id = await writeRun(target, experimentId, run, copy ? copyTags(run) : run.tags, plan, journal);
    pointsOf.set(id, run.points);
    if (copy) {
      index.add(id, id);
      runs.push({ sourceId: run.sourceId, id, name: run.name, outcome: "copied" });
    } else if (present) {
      replacing.push({ at: runs.length, old: index.replace(run.sourceId, id) });
      runs.push({ sourceId: run.sourceId, id, name: run.name, outcome: "replaced", replacedIds: [] });
    } else {
      index.add(run.sourceId, id);
      runs.push({ sourceId: run.sourceId, id, name: run.name, outcome: "created" });
    }
    plan.progress.runDone();
  });

  // Runs are replaced only once every new run is written: a failure before
  // this point leaves the earlier runs untouched (and the new ones undone).
  const dropped = new Set<string>();
  const take = (list: string[], id: string): boolean => {
    const i = list.indexOf(id);
    if (i >= 0) list.splice(i, 1);
    return i >= 0;
  };
  for (const { at, old } of replacing) {
    const entry = runs[at] as ImportedRun;
    for (const oldId of old) {
      // onConflict "replace" is refused up front when the backend has no deleteRun
      await must(target.deleteRun!(oldId));
      dropped.add(oldId);
      take(journal.createdRunIds, oldId);
      take(journal.keptRunIds, oldId);
      // from now on undoing the new run would lose both versions
      if (take(journal.createdRunIds, entry.id)) journal.keptRunIds.push(entry.id);
    }
    runs[at] = { ...entry, replacedIds: old };
  }
  // a file that repeats a run id replaces its own earlier run: that one is gone
  const written = runs.filter((r) => !dropped.has(r.id));
  const points = written.reduce((n, r) => n + (pointsOf.get(r.id) ?? 0), 0);
  return { experiment, createdExperiment: journal.createdExperiment, runs: written, skipped, points };
};
