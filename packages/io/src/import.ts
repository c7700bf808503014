// importExperiment: recreates an exported experiment's runs in a backend —
// params, tags, every metric point, arrays, status and times.
//
// All or nothing:
//  1. The whole file is read and validated first (syntax, types, names, units,
//     what the target can store). Any problem is reported before the target
//     is touched: a bad file never changes it.
//  2. Then the runs are written. If the target fails midway, the import is
//     rolled back: the runs it created are deleted (and the experiment, if
//     the import created it) with the backend's optional deleteRun /
//     deleteExperiment. A backend without them gets its partial runs marked
//     FAILED with the tag dimexp.import.incomplete = "true", and the error
//     lists them.
// Files up to 64 MiB are decoded once and kept for step 2; larger ones are
// streamed twice (validated, then written) so memory holds one run at a time.

import { randomUUID } from "node:crypto";
import { open, stat } from "node:fs/promises";
import { resolve } from "node:path";
import {
  type CoreError,
  type ExperimentBackend,
  type ExperimentInfo,
  type MetricSeries,
  type TaskEither,
  invalidValue,
  validateName,
} from "@dimexp/core";
import { type IoError, importFailed, invalidContent } from "./errors.js";
import { formatFromPath } from "./export.js";
import { asTask, runTask } from "./internal/boundary.js";
import { type DecodeHandlers, type FileInfo, decodeExperimentJson } from "./internal/experiment-json-read.js";
import { FileFailure, JsonReader, fileTextSource } from "./internal/json-reader.js";
import { type ExperimentHeader, INCOMPLETE_IMPORT_TAG, ORIGIN_CREATED_AT_TAG } from "./internal/model.js";
import { type PreparedRun, prepareHeader, prepareRun } from "./internal/prepare.js";
import { BackendError, must } from "./internal/source.js";
import { type ProgressCallback, ProgressTracker } from "./progress.js";

export interface ImportOptions {
  /** the backend to write into */
  readonly into: ExperimentBackend;
  /** import under another experiment name (default: the file's) */
  readonly experiment?: string;
  readonly onProgress?: ProgressCallback;
  /** non-fatal notices, e.g. a foreign file's non-numeric metric that was skipped */
  readonly onWarning?: (text: string) => void;
  /** import into a backend that keeps no full arrays, dropping them (default: refuse) */
  readonly dropArrays?: boolean;
  /**
   * Files up to this size are decoded once and kept in memory between
   * validation and writing; larger ones are read twice, holding one run at a
   * time (default 64 MiB).
   */
  readonly keepInMemoryBytes?: number;
}

export interface ImportedRun {
  /** the run's id in the file (kept as the tag dimexp.io.origin_run_id) */
  readonly sourceId: string;
  /** its id in the target backend */
  readonly id: string;
  readonly name: string;
}

export interface ImportResult {
  readonly file: string;
  readonly experiment: ExperimentInfo;
  /** whether the experiment was created by this import */
  readonly createdExperiment: boolean;
  readonly runs: readonly ImportedRun[];
  readonly points: number;
  /** "dimexp-experiment 1.0", "dimexp-experiment 0.9 (migrated)", "dimtensor export (migrated)"; HDF5 adds "(HDF5)" */
  readonly source: string;
}

const KEEP_IN_MEMORY_BYTES = 64 * 1024 * 1024;
const POINTS_PER_BATCH = 1_000_000;
const HDF5_SIGNATURE = Buffer.from([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]);

export type FileFormat = "json" | "hdf5";

/** HDF5 by its signature (at 0, 512, 1024, … as the spec allows) or its name (.h5, .hdf5), else JSON. */
export const sniffFormat = async (file: string): Promise<FileFormat> => {
  if (formatFromPath(file) === "hdf5") return "hdf5";
  const handle = await open(file, "r");
  try {
    const size = (await handle.stat()).size;
    const probe = Buffer.alloc(8);
    for (let offset = 0; offset + 8 <= size && offset <= 1 << 20; offset = offset === 0 ? 512 : offset * 2) {
      await handle.read(probe, 0, 8, offset);
      if (probe.equals(HDF5_SIGNATURE)) return "hdf5";
    }
    return "json";
  } finally {
    await handle.close();
  }
};

export const describeSource = (info: FileInfo, format: FileFormat): string => {
  const base =
    info.kind === "dimexp"
      ? `dimexp-experiment ${info.version}`
      : info.kind === "dimexp-0"
        ? `dimexp-experiment ${info.version} (migrated)`
        : "dimtensor export (migrated)";
  return format === "hdf5" ? `${base} (HDF5)` : base;
};

/** Streams a file through `handlers`, JSON or HDF5. */
export const decodeFile = async (
  file: string,
  format: FileFormat,
  handlers: DecodeHandlers,
  progress: ProgressTracker,
): Promise<{ runs: number; info: FileInfo }> => {
  if (format === "hdf5") {
    const { decodeExperimentHdf5 } = await import("./internal/experiment-hdf5.js");
    return decodeExperimentHdf5(file, handlers, progress);
  }
  const handle = await open(file, "r");
  try {
    const reader = new JsonReader(fileTextSource(handle, file), file, (bytes) => progress.bytes(bytes));
    return await decodeExperimentJson(reader, {
      ...handlers,
      onRun: async (run, index) => {
        await handlers.onRun(run, index);
        progress.runDone(reader.bytesRead);
      },
    });
  } finally {
    await handle.close();
  }
};

const jsonRunPath = (index: number) => `$.runs[${index}]`;
const hdf5RunPath = (index: number) => `/runs/${String(index).padStart(6, "0")}`;

export const prepareContext = (file: string, format: FileFormat, index: number) => {
  const path = format === "json" ? jsonRunPath(index) : hdf5RunPath(index);
  return { file, path, field: (suffix: string) => (format === "json" ? `${path}.${suffix}` : `${path}/${suffix}`) };
};

interface Validated {
  readonly header: ExperimentHeader;
  readonly info: FileInfo;
  readonly runCount: number;
  readonly points: number;
  readonly kept: PreparedRun[] | undefined;
  readonly hasArrays: boolean;
}

const validateFile = async (file: string, format: FileFormat, options: ImportOptions, size: number): Promise<Validated> => {
  const keep = size <= (options.keepInMemoryBytes ?? KEEP_IN_MEMORY_BYTES);
  const kept: PreparedRun[] = [];
  let header: ExperimentHeader | undefined;
  let points = 0;
  let hasArrays = false;
  const progress = new ProgressTracker(options.onProgress, "validate", undefined, format === "json" ? size : undefined);
  const decoded = await decodeFile(
    file,
    format,
    {
      onHeader: (h) => {
        header = options.experiment === undefined ? h : { ...h, name: options.experiment };
        if (options.experiment === undefined) prepareHeader(file, h);
      },
      onRun: (run, index) => {
        const prepared = prepareRun(run, prepareContext(file, format, index));
        points += prepared.points;
        progress.pointsDone = points;
        if (prepared.arrays.length > 0) hasArrays = true;
        if (keep) kept.push(prepared);
      },
      onWarning: options.onWarning,
    },
    progress,
  );
  return { header: header as ExperimentHeader, info: decoded.info, runCount: decoded.runs, points, kept: keep ? kept : undefined, hasArrays };
};

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

const writeRun = async (
  target: ExperimentBackend,
  experimentId: string,
  run: PreparedRun,
  created: string[],
  dropArrays: boolean,
  progress: ProgressTracker,
): Promise<ImportedRun> => {
  const info = await must(target.createRun(experimentId, { name: run.name, startTime: run.startTime, tags: run.tags }));
  created.push(info.id);
  const importId = randomUUID();
  const arrays = dropArrays ? [] : run.arrays;
  if (run.params.length > 0 || arrays.length > 0) {
    await must(target.logBatch(info.id, { id: `dimexp-import-${importId}-head`, params: run.params, tags: [], metrics: [], arrays }));
  }
  for (const [i, metrics] of metricBatches(run.metrics).entries()) {
    await must(target.logBatch(info.id, { id: `dimexp-import-${importId}-${i}`, params: [], tags: [], metrics, arrays: [] }));
    progress.points(metrics.reduce((n, m) => n + m.values.length, 0));
  }
  await must(target.updateRun(info.id, { status: run.status, ...(run.endTime !== undefined ? { endTime: run.endTime } : {}) }));
  return { sourceId: run.sourceId, id: info.id, name: run.name };
};

/** Undoes a failed import as far as the backend allows; true when nothing is left. */
const rollBack = async (target: ExperimentBackend, created: readonly string[], experiment: ExperimentInfo | undefined, createdExperiment: boolean): Promise<boolean> => {
  if (target.deleteRun) {
    let clean = true;
    for (const id of created) if ((await target.deleteRun(id)())._tag === "Left") clean = false;
    if (createdExperiment && experiment) {
      if (target.deleteExperiment) {
        if ((await target.deleteExperiment(experiment.id)())._tag === "Left") clean = false;
      } else clean = false;
    }
    return clean;
  }
  for (const id of created) {
    await target.logBatch(id, {
      id: `dimexp-import-incomplete-${randomUUID()}`,
      params: [],
      tags: [{ key: INCOMPLETE_IMPORT_TAG, value: "true" }],
      metrics: [],
      arrays: [],
    })();
    await target.updateRun(id, { status: "FAILED" })();
  }
  return false;
};

export const importExperimentTask = (path: string, options: ImportOptions): TaskEither<IoError, ImportResult> => {
  const file = resolve(path);
  return asTask(file, "read", async () => {
    const target = options.into;
    const size = (await stat(file)).size;
    const format = await sniffFormat(file);
    if (options.experiment !== undefined) {
      const valid = validateName("experiment", options.experiment);
      if (valid._tag === "Left") throw new BackendError(valid.left);
    }
    const validated = await validateFile(file, format, options, size);
    if (validated.hasArrays && !target.capabilities.arrays && !options.dropArrays) {
      throw new BackendError(
        invalidValue(
          "import target",
          `the ${target.kind} backend at ${target.location} keeps no full arrays, and ${file} has some; pass { dropArrays: true } (dimexp import --drop-arrays) to import the runs without them (their _mean/_std/_min/_max metrics are kept)`,
        ),
      );
    }
    const { header } = validated;
    const progress = new ProgressTracker(options.onProgress, "import", validated.runCount, undefined);
    const existing = await must(target.findExperiment(header.name));
    const created: string[] = [];
    const imported: ImportedRun[] = [];
    let experiment = existing;
    let createdExperiment = false;
    try {
      if (!experiment) {
        const tags: Record<string, string> = Object.fromEntries(header.tags);
        if (header.createdAt !== undefined) tags[ORIGIN_CREATED_AT_TAG] = String(header.createdAt);
        experiment = await must(target.getOrCreateExperiment(header.name, tags));
        createdExperiment = true;
      }
      const experimentId = experiment.id;
      const write = async (run: PreparedRun) => {
        imported.push(await writeRun(target, experimentId, run, created, options.dropArrays === true, progress));
        progress.runDone();
      };
      if (validated.kept) {
        for (const run of validated.kept) await write(run);
      } else {
        await decodeFile(
          file,
          format,
          {
            onHeader: () => undefined,
            onRun: async (run, index) => {
              await write(prepareRun(run, prepareContext(file, format, index)));
            },
          },
          new ProgressTracker(undefined, "import", undefined, undefined),
        );
        if (imported.length !== validated.runCount) {
          throw new FileFailure(invalidContent(file, { path: "" }, `the file changed while it was imported (${validated.runCount} runs when validated, ${imported.length} now)`));
        }
      }
    } catch (cause) {
      if (cause instanceof BackendError || cause instanceof FileFailure) {
        const clean = await rollBack(target, created, experiment, createdExperiment);
        if (cause instanceof FileFailure) throw cause;
        throw new FileFailure(importFailed(file, cause.error as CoreError, clean, clean ? [] : created));
      }
      throw cause;
    }
    return {
      file,
      experiment: experiment as ExperimentInfo,
      createdExperiment,
      runs: imported,
      points: validated.points,
      source: describeSource(validated.info, format),
    };
  });
};

/**
 * Imports an exported experiment (ours in JSON or HDF5, any format version we
 * know, or a dimtensor export) into `options.into`. All or nothing — see above.
 * Rejects with DimexpIoError.
 */
export const importExperiment = (path: string, options: ImportOptions): Promise<ImportResult> =>
  runTask(importExperimentTask(path, options));
