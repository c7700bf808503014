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
 * The target backend failed while an import was writing. `rolledBack` says
 * whether the runs (and the experiment, if the import created it) were removed
 * again; when the backend cannot delete, the runs written are left FAILED with
 * the tag `dimexp.import.incomplete` = "true" and are listed in `runIds`.
 */
export interface ImportFailed extends FileProblem {
  readonly _tag: "ImportFailed";
  readonly cause: CoreError;
  readonly rolledBack: boolean;
  readonly runIds: readonly string[];
}

export type FileError =
  | MalformedFile
  | InvalidContent
  | ForbiddenKey
  | UnknownUnitInFile
  | UnsupportedVersion
  | FileAccessError
  | ImportFailed;

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

export const importFailed = (file: string, cause: CoreError, rolledBack: boolean, runIds: readonly string[]): ImportFailed => ({
  ...problem(
    "ImportFailed",
    file,
    { path: "" },
    rolledBack
      ? `the target backend failed while importing (${cause.message}); everything this import wrote was removed again, so the target is as it was`
      : `the target backend failed while importing (${cause.message}); it cannot delete runs, so the ${runIds.length} run(s) written (${runIds.join(", ")}) were left FAILED with the tag dimexp.import.incomplete = "true"`,
  ),
  cause,
  rolledBack,
  runIds,
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
