// exportExperiment: a whole experiment (or some of its runs) to one JSON or
// HDF5 file, streaming. The file is written to a temporary name next to the
// target and renamed into place when complete, so a failed export never
// leaves a half-written file under the name asked for.

import { open, rename, rm } from "node:fs/promises";
import { basename, dirname, extname, join, resolve } from "node:path";
import { type ExperimentBackend, type ExperimentInfo, type TaskEither, invalidValue, notFound } from "@dimexp/core";
import type { IoError } from "./errors.js";
import { asTask, runTask } from "./internal/boundary.js";
import { writeExperimentJson } from "./internal/experiment-json-write.js";
import { BackendError, must, readSource } from "./internal/source.js";
import { type ProgressCallback, ProgressTracker } from "./progress.js";

export type ExportFormat = "json" | "hdf5";

/** An experiment by name in a backend. */
export interface ExperimentSource {
  readonly backend: ExperimentBackend;
  readonly experiment: string;
}

/** What DimExperiment offers (duck-typed, so any copy of @dimexp/core works). */
export interface ExperimentLike {
  readonly backend: ExperimentBackend;
  readonly info: ExperimentInfo;
}

export type ExportSource = ExperimentLike | ExperimentSource;

export interface ExportOptions {
  /** default: from the file's extension (.json; .h5, .hdf5, .he5, .hdf) */
  readonly format?: ExportFormat;
  /** run ids or names to export (default: every run) */
  readonly runs?: readonly string[];
  readonly onProgress?: ProgressCallback;
  /** HDF5: gzip level 0–9 (default 4, h5py's default); 0 stores uncompressed */
  readonly compressionLevel?: number;
  /** HDF5: elements per chunk of a metric dataset (default 262,144: 2 MiB of float64) */
  readonly chunkElements?: number;
}

export interface ExportResult {
  readonly file: string;
  readonly format: ExportFormat;
  readonly runs: number;
  readonly points: number;
  readonly bytes: number;
}

const HDF5_EXTENSIONS = new Set([".h5", ".hdf5", ".he5", ".hdf"]);

export const formatFromPath = (path: string): ExportFormat | undefined => {
  const ext = extname(path).toLowerCase();
  if (ext === ".json") return "json";
  if (HDF5_EXTENSIONS.has(ext)) return "hdf5";
  return undefined;
};

const resolveSource = async (source: ExportSource): Promise<{ backend: ExperimentBackend; info: ExperimentInfo }> => {
  if ("info" in source && source.info) return { backend: source.backend, info: source.info };
  const { backend, experiment } = source as ExperimentSource;
  const info = await must(backend.findExperiment(experiment));
  if (!info) {
    const all = await must(backend.listExperiments());
    const names = all.map((e) => e.name);
    throw new BackendError(
      notFound("experiment", experiment, names.length > 0 ? `Experiments in ${backend.location}: ${names.join(", ")}.` : `${backend.location} has no experiments.`),
    );
  }
  return { backend, info };
};

export const exportExperimentTask = (source: ExportSource, path: string, options: ExportOptions = {}): TaskEither<IoError, ExportResult> => {
  const file = resolve(path);
  return asTask(file, "write", async () => {
    const format = options.format ?? formatFromPath(file);
    if (format === undefined) {
      throw new BackendError(invalidValue("export format", `cannot tell it from the name ${basename(file)}; end it in .json or .h5, or pass { format: "json" | "hdf5" }`));
    }
    const { backend, info } = await resolveSource(source);
    const src = await readSource(backend, info, { runs: options.runs });
    const progress = new ProgressTracker(options.onProgress, "export", src.runs.length, undefined);
    const temporary = join(dirname(file), `.${basename(file)}.${process.pid}.${Date.now().toString(36)}.partial`);
    let bytes: number;
    try {
      if (format === "json") {
        const handle = await open(temporary, "w");
        try {
          bytes = await writeExperimentJson(handle, src, progress);
          await handle.sync();
        } finally {
          await handle.close();
        }
      } else {
        const { writeExperimentHdf5 } = await import("./internal/experiment-hdf5.js");
        bytes = await writeExperimentHdf5(temporary, src, progress, {
          compressionLevel: options.compressionLevel ?? 4,
          chunkElements: options.chunkElements ?? 262_144,
        });
      }
      await rename(temporary, file);
    } catch (cause) {
      await rm(temporary, { force: true });
      throw cause;
    }
    return { file, format, runs: src.runs.length, points: progress.pointsDone, bytes };
  });
};

/**
 * Exports an experiment to `path` (.json or .h5). `source` is a DimExperiment
 * or `{ backend, experiment: name }`. Rejects with DimexpIoError.
 */
export const exportExperiment = (source: ExportSource, path: string, options: ExportOptions = {}): Promise<ExportResult> =>
  runTask(exportExperimentTask(source, path, options));
