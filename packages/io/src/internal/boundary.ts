// The boundary between the internals (which throw FileFailure/BackendError for
// brevity) and the public API (TaskEither values and DimexpIoError rejections).

import { type TaskEither, backendFailure, describeCause } from "@dimexp/core";
import { DimexpIoError, type IoError, fileAccessError } from "../errors.js";
import { FileFailure } from "./json-reader.js";
import { BackendError } from "./source.js";

/** A Node filesystem error (ENOENT, EACCES, ENOSPC…), as opposed to a bug. */
export const isSystemError = (cause: unknown): cause is NodeJS.ErrnoException =>
  cause instanceof Error && typeof (cause as NodeJS.ErrnoException).code === "string" && typeof (cause as NodeJS.ErrnoException).syscall === "string";

export const toIoError = (cause: unknown, file: string, operation: "read" | "write"): IoError => {
  if (cause instanceof FileFailure) return cause.error;
  if (cause instanceof BackendError) return cause.error;
  if (isSystemError(cause)) return fileAccessError(file, operation, cause);
  // Anything else (a throwing progress callback, options of the wrong type, a
  // bug) still comes back as a value: a TaskEither never rejects.
  return backendFailure("io", `${operation} ${file}`, describeCause(cause));
};

export const asTask =
  <A>(file: string, operation: "read" | "write", body: () => Promise<A>): TaskEither<IoError, A> =>
  async () => {
    try {
      return { _tag: "Right", right: await body() };
    } catch (cause) {
      return { _tag: "Left", left: toIoError(cause, file, operation) };
    }
  };

export const runTask = async <A>(task: TaskEither<IoError, A>): Promise<A> => {
  const result = await task();
  if (result._tag === "Left") throw new DimexpIoError(result.left);
  return result.right;
};
