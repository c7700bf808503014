// MLflow's runs and experiments as core's records. Bookkeeping tags of this
// backend (fix entries, the run-creation token) are hidden from records: they
// describe how this server holds the run, not the run. So is mlflow.runName,
// which only repeats the run's name.

import { type ExperimentInfo, type LatestMetric, RUN_STATUSES, type RunRecord, type RunStatus } from "@dimexp/core";
import { FIX_TAG_PREFIX, type FixEntry, fixLatest, readFixTags } from "./fidelity.js";
import { type WireExperiment, type WireRun, optionalWireNumber, recordOf, wireNumber } from "./wire.js";

/** Set at creation so that a run whose creation response was lost can be found again. */
export const CREATE_TOKEN_TAG = "dimexp.mlflow.create";
/** Set when a run's artifact store cannot take arrays (the reason). */
export const ARRAYS_UNAVAILABLE_TAG = "dimexp.mlflow.arrays";

/** Hidden from records: our bookkeeping, and mlflow.runName (the run's name, which records carry anyway). */
export const isInternalTag = (key: string): boolean => key.startsWith(FIX_TAG_PREFIX) || key === CREATE_TOKEN_TAG || key === "mlflow.runName";

const STATUSES: ReadonlySet<string> = new Set<string>(RUN_STATUSES);

export const runIdOf = (run: WireRun): string => run.info.run_id ?? run.info.run_uuid ?? "";

export const isDeleted = (run: WireRun): boolean => run.info.lifecycle_stage === "deleted";

/** Fix entries of a run per metric key, in logging order. */
export const fixesByMetric = (tags: Readonly<Record<string, string>>): Map<string, FixEntry[]> => {
  const out = new Map<string, FixEntry[]>();
  for (const fix of readFixTags(tags)) {
    const list = out.get(fix.metricKey);
    if (list) list.push(...fix.entries);
    else out.set(fix.metricKey, [...fix.entries]);
  }
  return out;
};

export const toRunRecord = (run: WireRun): RunRecord => {
  const allTags = recordOf(run.data?.tags);
  const fixes = fixesByMetric(allTags);
  const tags: Record<string, string> = {};
  for (const [k, v] of Object.entries(allTags)) {
    if (!isInternalTag(k)) Object.defineProperty(tags, k, { value: v, enumerable: true, writable: true, configurable: true });
  }
  const metrics: Record<string, LatestMetric> = {};
  for (const m of run.data?.metrics ?? []) {
    const latest = fixLatest({ value: wireNumber(m.value), step: wireNumber(m.step), timestamp: wireNumber(m.timestamp) }, fixes.get(m.key) ?? []);
    Object.defineProperty(metrics, m.key, { value: latest, enumerable: true, writable: true, configurable: true });
  }
  const status = run.info.status ?? "RUNNING";
  return {
    info: {
      id: runIdOf(run),
      experimentId: run.info.experiment_id,
      name: run.info.run_name ?? allTags["mlflow.runName"] ?? "",
      status: (STATUSES.has(status) ? status : "RUNNING") as RunStatus,
      startTime: wireNumber(run.info.start_time),
      endTime: optionalWireNumber(run.info.end_time),
    },
    params: recordOf(run.data?.params),
    tags,
    metrics,
  };
};

export const toExperimentInfo = (e: WireExperiment): ExperimentInfo => ({
  id: e.experiment_id,
  name: e.name,
  createdAt: wireNumber(e.creation_time),
  tags: recordOf(e.tags),
});
