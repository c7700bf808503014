// loadExperiment: an exported file opened directly as a DimExperiment —
// read-only over an in-memory copy, or copied into a backend of your choice
// (then it is an ordinary, writable experiment there).

import {
  type BackendFailure,
  DimExperiment,
  type Either,
  type ExperimentBackend,
  backendFailure,
  createMemoryBackend,
  openBackend,
} from "@dimexp/core";
import { resolve } from "node:path";
import { DimexpIoError } from "./errors.js";
import { type ImportOptions, type ImportResult, importExperiment } from "./import.js";

export interface LoadOptions extends Omit<ImportOptions, "into"> {
  /** copy the file into this backend (or tracking URI) instead of a read-only in-memory experiment */
  readonly into?: ExperimentBackend | string;
}

const refused = (file: string, operation: string) => async (): Promise<Either<BackendFailure, never>> => ({
  _tag: "Left",
  left: backendFailure(
    "file",
    operation,
    `${file} was opened read-only (loadExperiment without "into"); copy it into a backend you can write to with loadExperiment(path, { into }) or importExperiment`,
  ),
});

/** A backend over an in-memory copy that refuses every write. */
const readOnly = (inner: ExperimentBackend, file: string): ExperimentBackend => ({
  kind: "file",
  location: file,
  capabilities: inner.capabilities,
  getOrCreateExperiment: (name) => async () => {
    const found = await inner.findExperiment(name)();
    if (found._tag === "Left" || found.right !== undefined) return found as Either<never, never>;
    return refused(file, `create experiment ${JSON.stringify(name)}`)();
  },
  findExperiment: (name) => inner.findExperiment(name),
  listExperiments: () => inner.listExperiments(),
  createRun: () => refused(file, "create a run"),
  updateRun: () => refused(file, "update a run"),
  logBatch: () => refused(file, "log to a run"),
  getRun: (id) => inner.getRun(id),
  searchRuns: (id, options) => inner.searchRuns(id, options),
  getMetricHistory: (id, key) => inner.getMetricHistory(id, key),
  getArrays: (id, key) => inner.getArrays(id, key),
  distinctTagValues: (id, keys) => inner.distinctTagValues(id, keys),
  close: () => inner.close(),
});

/** The experiment and what the import did. */
export interface LoadedExperiment {
  readonly experiment: DimExperiment;
  readonly import: ImportResult;
}

/** Like loadExperiment, also returning the import's report. */
export const loadExperimentWithReport = async (path: string, options: LoadOptions = {}): Promise<LoadedExperiment> => {
  const file = resolve(path);
  const { into, ...importOptions } = options;
  let target: ExperimentBackend;
  if (typeof into === "string") {
    const opened = await openBackend(into);
    if (opened._tag === "Left") throw new DimexpIoError(opened.left);
    target = opened.right;
  } else target = into ?? createMemoryBackend();
  const report = await importExperiment(file, { ...importOptions, into: target });
  const backend = into === undefined ? readOnly(target, file) : target;
  const experiment = await DimExperiment.open(report.experiment.name, { backend });
  return { experiment, import: report };
};

/**
 * Opens an exported file (JSON or HDF5, any version we read, or a dimtensor
 * export) as a DimExperiment: read-only by default; with `into`, the runs are
 * imported into that backend (all or nothing) and the experiment is writable.
 * Rejects with DimexpIoError.
 */
export const loadExperiment = async (path: string, options: LoadOptions = {}): Promise<DimExperiment> =>
  (await loadExperimentWithReport(path, options)).experiment;
