// Reading an experiment out of a backend for export, one run at a time and one
// metric at a time: a metric's history is fetched (as Float64Arrays) just
// before it is written and dropped right after, so memory holds one series.

import {
  type ArrayRecord,
  type CoreError,
  type ExperimentBackend,
  type ExperimentInfo,
  type MetricSeries,
  type RunRecord,
  TAG,
  decodeMetricUnit,
  decodeParam,
  notFound,
} from "@dimexp/core";
import { formatUnit } from "@dimexp/units";
import {
  type ExperimentHeader,
  ORIGIN_CREATED_AT_TAG,
  ORIGIN_RUN_ID_TAG,
  type ParamEntry,
  type RunEntry,
  byKey,
  sortedEntries,
} from "./model.js";

/** Thrown inside exporters for a backend failure; caught at the API boundary. */
export class BackendError extends Error {
  constructor(readonly error: CoreError) {
    super(error.message);
  }
}

export const must = async <A>(task: () => Promise<{ _tag: "Left"; left: CoreError } | { _tag: "Right"; right: A }>): Promise<A> => {
  const result = await task();
  if (result._tag === "Left") throw new BackendError(result.left);
  return result.right;
};

export interface SourceMetric {
  readonly key: string;
  readonly unit: string | undefined;
  readonly unitLabel: string | undefined;
}

/** A run's header (no points yet) and how to load its points. */
export interface SourceRun {
  readonly entry: Omit<RunEntry, "metrics" | "arrays">;
  readonly metrics: readonly SourceMetric[];
  readonly arrayKeys: readonly string[];
  loadMetric(key: string): Promise<MetricSeries>;
  loadArrays(key: string): Promise<ArrayRecord[]>;
}

export interface Source {
  readonly header: ExperimentHeader;
  readonly runs: readonly SourceRun[];
}

/**
 * A run's identity across exports and imports: the origin id an import kept
 * (ORIGIN_RUN_ID_TAG), else its own id. Exports write it as the run's id, and
 * imports recognise runs already present by it.
 */
export const runIdentity = (record: RunRecord): string => record.tags[ORIGIN_RUN_ID_TAG] ?? record.info.id;
const exportedId = runIdentity;

const sourceRun = (backend: ExperimentBackend, record: RunRecord): SourceRun => {
  const params: ParamEntry[] = Object.entries(record.params)
    .sort(byKey(([k]) => k))
    .map(([key, raw]) => {
      const decoded = decodeParam(key, raw, record.tags);
      return {
        key,
        value: raw,
        type: decoded.type,
        unit: decoded.unit ? formatUnit(decoded.unit) : undefined,
        unitLabel: decoded.unit ? undefined : decoded.unitLabel,
      };
    });
  const metrics = Object.keys(record.metrics)
    .sort()
    .map((key): SourceMetric => {
      const decoded = decodeMetricUnit(key, record.tags);
      return { key, unit: decoded.unit ? formatUnit(decoded.unit) : undefined, unitLabel: decoded.unit ? undefined : decoded.unitLabel };
    });
  const arrayPrefix = TAG.array("");
  const arrayKeys = backend.capabilities.arrays
    ? Object.keys(record.tags)
        .filter((k) => k.startsWith(arrayPrefix))
        .map((k) => k.slice(arrayPrefix.length))
        .sort()
    : [];
  const runId = record.info.id;
  return {
    entry: {
      id: exportedId(record),
      name: record.info.name,
      status: record.info.status,
      startTime: record.info.startTime,
      endTime: record.info.endTime,
      tags: sortedEntries(record.tags, ORIGIN_RUN_ID_TAG),
      params,
    },
    metrics,
    arrayKeys,
    loadMetric: (key) => must(backend.getMetricHistory(runId, key)),
    loadArrays: (key) => must(backend.getArrays(runId, key)),
  };
};

export interface SourceOptions {
  /** run ids or names to export (default: every run) */
  readonly runs?: readonly string[] | undefined;
}

export const headerOf = (info: ExperimentInfo): ExperimentHeader => {
  const origin = info.tags[ORIGIN_CREATED_AT_TAG];
  const createdAt = origin !== undefined && origin.trim() !== "" && Number.isFinite(Number(origin)) ? Number(origin) : info.createdAt;
  return { name: info.name, createdAt, tags: sortedEntries(info.tags, ORIGIN_CREATED_AT_TAG) };
};

/** Reads the experiment's runs (headers only) in a deterministic order. */
export const readSource = async (backend: ExperimentBackend, info: ExperimentInfo, options: SourceOptions): Promise<Source> => {
  const records = await must(backend.searchRuns(info.id, { orderBy: { key: "startTime", descending: false } }));
  let selected = records;
  if (options.runs) {
    const wanted = new Set(options.runs);
    selected = records.filter((r) => wanted.has(r.info.id) || wanted.has(r.info.name) || wanted.has(exportedId(r)));
    const found = new Set(selected.flatMap((r) => [r.info.id, r.info.name, exportedId(r)]));
    const missing = options.runs.filter((r) => !found.has(r));
    if (missing.length > 0) {
      throw new BackendError(notFound("run", missing[0] as string, `Experiment "${info.name}" has no run with that id or name.`));
    }
  }
  const runs = selected
    .map((r) => sourceRun(backend, r))
    .sort((a, b) => a.entry.startTime - b.entry.startTime || (a.entry.id < b.entry.id ? -1 : a.entry.id > b.entry.id ? 1 : 0));
  return { header: headerOf(info), runs };
};
