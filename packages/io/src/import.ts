// importExperiment: recreates an exported experiment's runs in a backend —
// params, tags, every metric point, arrays, status and times.
//
// All or nothing:
//  1. The whole file is read and validated first (syntax, types, names, units,
//     lengths, times, what the target can store). Any problem is reported
//     before the target is touched: a bad file never changes it.
//  2. Then the runs are written. Where the backend offers transactions (the
//     embedded SQLite store) the whole write is one transaction: a failure,
//     an interruption (AbortSignal) or a crash leaves nothing, and no other
//     process ever sees a partial import. Elsewhere (MLflow, W&B) a failure is
//     undone by deleting what this import wrote, by id (rollback.ts).
// Runs keep their identity (the origin id): a run already in the target
// experiment is skipped, replaced or copied as `onConflict` says.
// Files up to 64 MiB are decoded once and kept for step 2; larger ones are
// streamed twice (validated, then written) so memory holds one run at a time.

import { open, stat } from "node:fs/promises";
import { resolve } from "node:path";
import {
  type CoreError,
  type ExperimentBackend,
  type ExperimentInfo,
  type TaskEither,
  invalidValue,
  openBackend,
  validateName,
} from "@dimexp/core";
import { type IoError, importFailed, importInterrupted, invalidContent } from "./errors.js";
import { formatFromPath } from "./export.js";
import { asTask, runTask, toIoError } from "./internal/boundary.js";
import { type DecodeHandlers, type FileInfo, decodeExperimentJson } from "./internal/experiment-json-read.js";
import {
  type ImportedRun,
  Interrupted,
  type Journal,
  ON_CONFLICT,
  type OnConflict,
  checkpoint,
  type SkippedRun,
  type WriteOutcome,
  type WritePlan,
  newJournal,
  throwIfAborted,
  writeImport,
} from "./internal/import-writer.js";
import { FileFailure, JsonReader, fileTextSource } from "./internal/json-reader.js";
import { echo } from "./internal/limits.js";
import type { ExperimentHeader } from "./internal/model.js";
import { type PreparedRun, prepareHeader, prepareRun } from "./internal/prepare.js";
import { compensate, nothingWritten, transactionRollback } from "./internal/rollback.js";
import { BackendError } from "./internal/source.js";
import { type ProgressCallback, ProgressTracker } from "./progress.js";

export type { ImportedRun, OnConflict, SkippedRun } from "./internal/import-writer.js";

export interface ImportOptions {
  /** the backend to write into, or a tracking URI or store path to open (and close again) */
  readonly into: ExperimentBackend | string;
  /** import under another experiment name (default: the file's) */
  readonly experiment?: string;
  /**
   * A run whose identity (its origin id) is already in the target experiment:
   * "skip" it (default), "replace" the runs there by it (they are deleted once
   * every run of the file is written), or import it again as a "copy" (a run
   * of its own, tagged dimexp.io.copy_of).
   */
  readonly onConflict?: OnConflict;
  /** aborting stops the import and undoes it (Ctrl+C); it then rejects with ImportInterrupted */
  readonly signal?: AbortSignal;
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

export interface ImportResult {
  readonly file: string;
  readonly experiment: ExperimentInfo;
  /** whether the experiment was created by this import */
  readonly createdExperiment: boolean;
  /** the runs written (created, replacing earlier imports, or copies) */
  readonly runs: readonly ImportedRun[];
  /** runs of the file already in the experiment (same origin id), not imported again (onConflict "skip") */
  readonly skipped: readonly SkippedRun[];
  readonly onConflict: OnConflict;
  /** metric points written */
  readonly points: number;
  /** "dimexp-experiment 1.0", "dimexp-experiment 0.9 (migrated)", "dimtensor export (migrated)"; HDF5 adds "(HDF5)" */
  readonly source: string;
}

const KEEP_IN_MEMORY_BYTES = 64 * 1024 * 1024;
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
  return { file, format, path, field: (suffix: string) => (format === "json" ? `${path}.${suffix}` : `${path}/${suffix}`) };
};

interface Validated {
  readonly header: ExperimentHeader;
  readonly info: FileInfo;
  readonly runCount: number;
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
        prepareHeader(file, h, format, options.experiment === undefined);
        header = options.experiment === undefined ? h : { ...h, name: options.experiment };
      },
      onRun: async (run, index) => {
        await checkpoint(options.signal);
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
  return { header: header as ExperimentHeader, info: decoded.info, runCount: decoded.runs, kept: keep ? kept : undefined, hasArrays };
};

/** The options that are not the file's business, checked before anything is read. */
const checkOptions = (options: ImportOptions): OnConflict => {
  const onConflict = options.onConflict ?? "skip";
  if (!(ON_CONFLICT as readonly unknown[]).includes(onConflict)) {
    throw new BackendError(
      invalidValue("onConflict", `${typeof onConflict === "string" ? echo(onConflict) : String(onConflict)} is not one of ${ON_CONFLICT.map((c) => `"${c}"`).join(", ")} (what to do with a run already in the target: skip it, replace it, or import a copy)`),
    );
  }
  if (options.experiment !== undefined) {
    const valid = validateName("experiment", options.experiment);
    if (valid._tag === "Left") throw new BackendError(valid.left);
  }
  const into: unknown = options.into;
  if (typeof into === "string" ? into.trim() === "" : typeof into !== "object" || into === null || typeof (into as ExperimentBackend).createRun !== "function") {
    throw new BackendError(
      invalidValue("into", `expected a backend or a tracking URI (a store path, sqlite:…, http(s)://… for MLflow, wandb://…), got ${typeof into === "string" ? "an empty string" : String(into)}`),
    );
  }
  return onConflict;
};

/** Opens `into` when it is a URI or path (closed again after the import). */
const openTarget = async (into: ExperimentBackend | string): Promise<{ target: ExperimentBackend; owned: boolean }> => {
  if (typeof into !== "string") return { target: into, owned: false };
  const opened = await openBackend(into);
  if (opened._tag === "Left") throw new BackendError(opened.left);
  return { target: opened.right, owned: true };
};

/** Carries whatever stopped the work inside a transaction out of it (the transaction is rolled back). */
class WorkFailed {
  constructor(readonly cause: unknown) {}
}

/** The error for what stopped an import, with what was undone. */
const stopped = (file: string, cause: unknown, rollback: ReturnType<typeof nothingWritten>): FileFailure => {
  if (cause instanceof Interrupted) return new FileFailure(importInterrupted(file, cause.reason, rollback));
  return new FileFailure(importFailed(file, toIoError(cause, file, "read"), rollback));
};

const writeInto = async (file: string, target: ExperimentBackend, plan: WritePlan): Promise<WriteOutcome> => {
  const name = plan.header.name;
  if (target.transaction) {
    let journal: Journal = newJournal();
    const outcome = await target.transaction<WorkFailed, WriteOutcome>((tx) => async () => {
      journal = newJournal();
      try {
        return { _tag: "Right", right: await writeImport(tx, plan, journal) };
      } catch (cause) {
        return { _tag: "Left", left: new WorkFailed(cause) };
      }
    })();
    if (outcome._tag === "Right") return outcome.right;
    // rolled back: nothing of the import was ever committed
    const cause = outcome.left instanceof WorkFailed ? outcome.left.cause : new BackendError(outcome.left as CoreError);
    throw stopped(file, cause, transactionRollback(name, journal));
  }
  const journal = newJournal();
  try {
    return await writeImport(target, plan, journal);
  } catch (cause) {
    throw stopped(file, cause, await compensate(target, journal, name));
  }
};

const importInto = async (file: string, size: number, target: ExperimentBackend, options: ImportOptions, onConflict: OnConflict): Promise<ImportResult> => {
  const format = await sniffFormat(file);
  let validated: Validated;
  try {
    validated = await validateFile(file, format, options, size);
  } catch (cause) {
    if (cause instanceof Interrupted) throw stopped(file, cause, nothingWritten(options.experiment ?? ""));
    throw cause;
  }
  const { header } = validated;
  if (validated.hasArrays && !target.capabilities.arrays && !options.dropArrays) {
    throw new BackendError(
      invalidValue(
        "import target",
        `the ${target.kind} backend at ${target.location} keeps no full arrays, and ${file} has some; pass { dropArrays: true } (dimexp import --drop-arrays) to import the runs without them (their _mean/_std/_min/_max metrics are kept)`,
      ),
    );
  }
  if (onConflict === "replace" && !target.deleteRun) {
    throw new BackendError(
      invalidValue(
        "onConflict",
        `"replace" deletes the runs it replaces, and the ${target.kind} backend at ${target.location} cannot delete runs; use "copy" to import them beside the runs already there, or "skip"`,
      ),
    );
  }
  const progress = new ProgressTracker(options.onProgress, "import", validated.runCount, undefined);
  const plan: WritePlan = {
    header,
    onConflict,
    dropArrays: options.dropArrays === true,
    signal: options.signal,
    progress,
    forEachRun: async (write) => {
      if (validated.kept) {
        for (const run of validated.kept) await write(run);
        return;
      }
      let seen = 0;
      await decodeFile(
        file,
        format,
        {
          onHeader: () => undefined,
          onRun: async (run, index) => {
            seen++;
            await write(prepareRun(run, prepareContext(file, format, index)));
          },
        },
        new ProgressTracker(undefined, "import", undefined, undefined),
      );
      if (seen !== validated.runCount) {
        throw new FileFailure(invalidContent(file, { path: "" }, `the file changed while it was imported (${validated.runCount} runs when validated, ${seen} now)`));
      }
    },
  };
  const written = await writeInto(file, target, plan);
  return {
    file,
    experiment: written.experiment,
    createdExperiment: written.createdExperiment,
    runs: written.runs,
    skipped: written.skipped,
    onConflict,
    points: written.points,
    source: describeSource(validated.info, format),
  };
};

export const importExperimentTask = (path: string, options: ImportOptions): TaskEither<IoError, ImportResult> => {
  const file = resolve(path);
  return asTask(file, "read", async () => {
    const onConflict = checkOptions(options);
    throwIfAbortedBeforeStart(file, options.signal);
    // the file first: a missing file must not create a store at `into`
    const size = (await stat(file)).size;
    const { target, owned } = await openTarget(options.into);
    try {
      return await importInto(file, size, target, options, onConflict);
    } finally {
      if (owned) await target.close()();
    }
  });
};

const throwIfAbortedBeforeStart = (file: string, signal: AbortSignal | undefined): void => {
  try {
    throwIfAborted(signal);
  } catch (cause) {
    throw stopped(file, cause, nothingWritten(""));
  }
};

/**
 * Imports an exported experiment (ours in JSON or HDF5, any format version we
 * know, or a dimtensor export) into `options.into`. All or nothing — see above.
 * Rejects with DimexpIoError.
 */
export const importExperiment = (path: string, options: ImportOptions): Promise<ImportResult> =>
  runTask(importExperimentTask(path, options));
