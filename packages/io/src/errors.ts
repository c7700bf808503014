// Every failure of @dimexp/io is a tagged value naming the file, the place in
// it and the problem. Promise functions reject with DimexpIoError, whose
// `.error` is that value; the *Task variants return it in a TaskEither.

import type { CoreError } from "@dimexp/core";
import type { UnitsError } from "@dimexp/units";

/**
 * Where in a file. `path` is a JSON path (`$.runs[2].metrics["loss"].values[17]`)
 * or an HDF5 object path (`/runs/000002/metrics/loss/values`, `…@unit` for an
 * attribute). JSON locations also carry a 1-based line and column (in
 * characters) and the character offset.
 */
export interface FileLocation {
  readonly path: string;
  readonly line?: number | undefined;
  readonly column?: number | undefined;
  readonly offset?: number | undefined;
}

interface FileProblem {
  readonly file: string;
  readonly location: FileLocation;
  readonly problem: string;
  readonly message: string;
}

/** Not valid JSON / HDF5: a syntax error, a truncated or corrupted file, bad UTF-8, a duplicate key. */
export interface MalformedFile extends FileProblem {
  readonly _tag: "MalformedFile";
  readonly reason: "syntax" | "truncated" | "encoding" | "duplicate-key" | "not-hdf5" | "corrupt";
}

/** Well-formed, but a value has the wrong type, is missing, or is out of range. */
export interface InvalidContent extends FileProblem {
  readonly _tag: "InvalidContent";
}

/** `__proto__`, `constructor` or `prototype` used as a key: refused, never assigned. */
export interface ForbiddenKey extends FileProblem {
  readonly _tag: "ForbiddenKey";
  readonly key: string;
}

/** A unit the registry does not know (the units error, with its suggestions, is `cause`). */
export interface UnknownUnitInFile extends FileProblem {
  readonly _tag: "UnknownUnitInFile";
  readonly unit: string;
  readonly cause: UnitsError;
}

/** A file of a newer major format version, or of a format this package does not read. */
export interface UnsupportedVersion extends FileProblem {
  readonly _tag: "UnsupportedVersion";
  readonly format: string;
  readonly version: string;
  readonly supported: string;
}

/** The file could not be opened, read or written (ENOENT, EACCES, a full disk). */
export interface FileAccessError extends FileProblem {
  readonly _tag: "FileAccessError";
  readonly operation: "read" | "write";
  readonly code: string | undefined;
}

/**
 * How a failed or interrupted import was undone — what actually happened, run
 * by run, so that no message claims more than was done.
 */
export interface ImportRollback {
  /**
   * "transaction": the store ran the import as one transaction and rolled it
   * back, so nothing of it was ever visible (the embedded SQLite store);
   * "delete": the runs this import had written were deleted again by id
   * (remote backends), never runs or an experiment someone else wrote;
   * "none": nothing had been written yet.
   */
  readonly method: "transaction" | "delete" | "none";
  /** runs this import wrote and deleted again */
  readonly deletedRunIds: readonly string[];
  /** runs it wrote that could not be deleted: left FAILED with the tag dimexp.import.incomplete = "true" */
  readonly markedRunIds: readonly string[];
  /** runs it wrote that could be neither deleted nor marked */
  readonly leftRunIds: readonly string[];
  /**
   * runs it wrote that had already replaced earlier runs (onConflict
   * "replace", the earlier ones deleted) when it failed: kept, since deleting
   * them would lose both versions
   */
  readonly keptRunIds: readonly string[];
  /**
   * The experiment: "existed" (the import did not create it, it was left
   * alone), "not-created", "deleted" (created by the import and deleted again
   * while empty), "kept-not-empty" (created by the import, but someone else
   * wrote runs into it meanwhile: kept with them), "kept" (created by the
   * import, left empty because it could not be deleted).
   */
  readonly experiment: "existed" | "not-created" | "deleted" | "kept-not-empty" | "kept";
  /** the experiment's name */
  readonly experimentName: string;
  /** runs found in an experiment this import created that it did not write */
  readonly othersRunIds: readonly string[];
  /** why a deletion failed, when one did */
  readonly problems: readonly string[];
}

/**
 * The target backend failed while an import was writing. `rolledBack` says
 * whether the target is as it was before; `rollback` says exactly what was
 * done, and `runIds` lists the runs this import left behind.
 */
export interface ImportFailed extends FileProblem {
  readonly _tag: "ImportFailed";
  /** the backend's failure, or the file's (one that changed while it was imported) */
  readonly cause: IoError;
  readonly rolledBack: boolean;
  readonly runIds: readonly string[];
  readonly rollback: ImportRollback;
}

/** An import stopped by its AbortSignal (Ctrl+C, SIGTERM) and undone as `rollback` says. */
export interface ImportInterrupted extends FileProblem {
  readonly _tag: "ImportInterrupted";
  /** the abort reason: "SIGINT", "SIGTERM", or what the caller passed to abort() */
  readonly reason: string;
  readonly rolledBack: boolean;
  readonly runIds: readonly string[];
  readonly rollback: ImportRollback;
}

export type FileError =
  | MalformedFile
  | InvalidContent
  | ForbiddenKey
  | UnknownUnitInFile
  | UnsupportedVersion
  | FileAccessError
  | ImportFailed
  | ImportInterrupted;

export type IoError = FileError | CoreError;

/** "file: line 3, column 17 (at $.runs[0].name)" */
export const describeLocation = (file: string, location: FileLocation): string => {
  const where: string[] = [];
  if (location.line !== undefined) where.push(`line ${location.line}, column ${location.column ?? 1}`);
  if (location.path) where.push(location.line !== undefined ? `(at ${location.path})` : `at ${location.path}`);
  return where.length > 0 ? `${file}: ${where.join(" ")}` : file;
};

const problem = <T extends string>(tag: T, file: string, location: FileLocation, text: string) => ({
  _tag: tag,
  file,
  location,
  problem: text,
  message: `${describeLocation(file, location)}: ${text}`,
});

export const malformedFile = (file: string, location: FileLocation, reason: MalformedFile["reason"], text: string): MalformedFile => ({
  ...problem("MalformedFile", file, location, text),
  reason,
});

export const invalidContent = (file: string, location: FileLocation, text: string): InvalidContent =>
  problem("InvalidContent", file, location, text);

export const forbiddenKey = (file: string, location: FileLocation, key: string): ForbiddenKey => ({
  ...problem(
    "ForbiddenKey",
    file,
    location,
    `the key ${JSON.stringify(key)} is not allowed (it could pollute object prototypes); rename it`,
  ),
  key,
});

export const unknownUnitInFile = (file: string, location: FileLocation, unit: string, cause: UnitsError): UnknownUnitInFile => ({
  ...problem("UnknownUnitInFile", file, location, cause.message.includes(unit) ? cause.message : `unknown unit ${JSON.stringify(unit)}: ${cause.message}`),
  unit,
  cause,
});

export const unsupportedVersion = (
  file: string,
  location: FileLocation,
  format: string,
  version: string,
  supported: string,
  text: string,
): UnsupportedVersion => ({ ...problem("UnsupportedVersion", file, location, text), format, version, supported });

export const fileAccessError = (file: string, operation: "read" | "write", cause: unknown): FileAccessError => {
  const code = (cause as { code?: unknown })?.code;
  const detail = cause instanceof Error ? cause.message : String(cause);
  return {
    ...problem("FileAccessError", file, { path: "" }, `cannot ${operation} the file: ${detail}`),
    operation,
    code: typeof code === "string" ? code : undefined,
  };
};

const runList = (ids: readonly string[]): string => `${ids.length} run${ids.length === 1 ? "" : "s"} (${ids.join(", ")})`;

/** Whether the target is as it was before the import. */
export const rolledBackCleanly = (r: ImportRollback): boolean =>
  r.markedRunIds.length === 0 && r.leftRunIds.length === 0 && r.keptRunIds.length === 0 && (r.experiment === "existed" || r.experiment === "not-created" || r.experiment === "deleted");

/** What a rollback did, in words; says "the target is as it was" only when it is. */
export const describeRollback = (r: ImportRollback): string => {
  if (r.method === "transaction") return "nothing was written: the import ran as one transaction of the store, which was rolled back, so the target is as it was";
  if (r.method === "none") return "nothing had been written yet, so the target is as it was";
  const parts: string[] = [];
  if (r.deletedRunIds.length > 0) parts.push(`the ${runList(r.deletedRunIds)} this import had written were deleted again`);
  if (r.markedRunIds.length > 0) {
    parts.push(`the ${runList(r.markedRunIds)} it wrote could not be deleted and were left FAILED with the tag dimexp.import.incomplete = "true"`);
  }
  if (r.leftRunIds.length > 0) parts.push(`the ${runList(r.leftRunIds)} it wrote could be neither deleted nor marked: delete them yourself`);
  if (r.keptRunIds.length > 0) parts.push(`the ${runList(r.keptRunIds)} it wrote had already replaced the runs they replace, which are deleted, so they were kept`);
  const name = JSON.stringify(r.experimentName);
  if (r.experiment === "deleted") parts.push(`the experiment ${name} it had created was deleted`);
  else if (r.experiment === "kept-not-empty") {
    parts.push(`the experiment ${name} it had created was kept, because someone else wrote ${runList(r.othersRunIds)} into it meanwhile`);
  } else if (r.experiment === "kept") {
    const leftovers = r.markedRunIds.length + r.leftRunIds.length + r.keptRunIds.length > 0;
    parts.push(`the experiment ${name} it had created was kept${leftovers ? " for the runs left in it" : ", empty, because it could not be deleted"}`);
  }
  if (r.problems.length > 0) parts.push(`(${r.problems.join("; ")})`);
  if (parts.length === 0) parts.push("nothing had been written");
  return `${parts.join("; ")}${rolledBackCleanly(r) ? ", so the target is as it was" : ""}`;
};

/** Runs the import left behind in the target. */
const leftBehind = (r: ImportRollback): string[] => [...r.markedRunIds, ...r.leftRunIds];

const FILE_ERROR_TAGS: ReadonlySet<string> = new Set<FileError["_tag"]>([
  "MalformedFile",
  "InvalidContent",
  "ForbiddenKey",
  "UnknownUnitInFile",
  "UnsupportedVersion",
  "FileAccessError",
  "ImportFailed",
  "ImportInterrupted",
]);

export const importFailed = (file: string, cause: IoError, rollback: ImportRollback): ImportFailed => ({
  ...problem(
    "ImportFailed",
    file,
    { path: "" },
    `${FILE_ERROR_TAGS.has(cause._tag) ? "the import failed" : "the target backend failed while importing"} (${cause.message}); ${describeRollback(rollback)}`,
  ),
  cause,
  rolledBack: rolledBackCleanly(rollback),
  runIds: leftBehind(rollback),
  rollback,
});

export const importInterrupted = (file: string, reason: string, rollback: ImportRollback): ImportInterrupted => ({
  ...problem("ImportInterrupted", file, { path: "" }, `the import was interrupted (${reason}); ${describeRollback(rollback)}`),
  reason,
  rolledBack: rolledBackCleanly(rollback),
  runIds: leftBehind(rollback),
  rollback,
});

/** The Error the Promise functions of @dimexp/io reject with; `.error` is the tagged value. */
export class DimexpIoError extends Error {
  readonly error: IoError;
  constructor(error: IoError) {
    super(error.message);
    this.name = `DimexpIoError(${error._tag})`;
    this.error = error;
  }
}
