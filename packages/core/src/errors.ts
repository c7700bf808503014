// Every failure in @dimexp/core is a tagged value. Backends return them in
// TaskEither; the DimExperiment facade rejects (or throws) DimexpError, which
// carries the same tagged value as `.error`.

import type { UnitsError } from "@dimexp/units";

export interface InvalidName {
  readonly _tag: "InvalidName";
  readonly kind: "param" | "metric" | "tag" | "experiment" | "run" | "array";
  readonly name: string;
  readonly message: string;
}

export interface InvalidValue {
  readonly _tag: "InvalidValue";
  readonly what: string;
  readonly message: string;
}

export interface RunNotActive {
  readonly _tag: "RunNotActive";
  readonly runId: string;
  readonly status: string;
  readonly message: string;
}

export interface ParamChanged {
  readonly _tag: "ParamChanged";
  readonly key: string;
  readonly previous: string;
  readonly attempted: string;
  readonly message: string;
}

export interface IncompatibleUnit {
  readonly _tag: "IncompatibleUnit";
  readonly key: string;
  readonly kind: "param" | "metric";
  readonly established: string;
  readonly attempted: string;
  readonly message: string;
}

export interface NotFound {
  readonly _tag: "NotFound";
  readonly what: "experiment" | "run" | "metric" | "array";
  readonly id: string;
  readonly message: string;
}

export interface BackendNotInstalled {
  readonly _tag: "BackendNotInstalled";
  readonly uri: string;
  readonly packageName: string;
  readonly message: string;
}

export interface InvalidTrackingUri {
  readonly _tag: "InvalidTrackingUri";
  readonly uri: string;
  readonly message: string;
}

/** A failure inside a backend (I/O, server error, corrupt store). */
export interface BackendFailure {
  readonly _tag: "BackendFailure";
  readonly backend: string;
  readonly operation: string;
  /** whether retrying the same call may succeed */
  readonly retryable: boolean;
  readonly message: string;
}

export interface QueryParseError {
  readonly _tag: "QueryParseError";
  readonly query: string;
  readonly position: number;
  readonly problem: string;
  readonly message: string;
}

export interface QueryTypeError {
  readonly _tag: "QueryTypeError";
  readonly query: string;
  readonly position: number;
  readonly problem: string;
  readonly message: string;
}

export type CoreError =
  | InvalidName
  | InvalidValue
  | RunNotActive
  | ParamChanged
  | IncompatibleUnit
  | NotFound
  | BackendNotInstalled
  | InvalidTrackingUri
  | BackendFailure
  | QueryParseError
  | QueryTypeError
  | UnitsError;

export const invalidName = (kind: InvalidName["kind"], name: string, problem: string): InvalidName => ({
  _tag: "InvalidName",
  kind,
  name,
  message: `Invalid ${kind} name ${JSON.stringify(name)}: ${problem}. Names are 1–250 characters of letters, digits, "_", "-", ".", " ", ":" and "/", not starting with "/" and without "..".`,
});

export const invalidValue = (what: string, problem: string): InvalidValue => ({
  _tag: "InvalidValue",
  what,
  message: `Invalid ${what}: ${problem}.`,
});

export const runNotActive = (runId: string, status: string, action: string): RunNotActive => ({
  _tag: "RunNotActive",
  runId,
  status,
  message: `Cannot ${action}: run ${runId} has ended (${status}). Start a new run, or resume this one with experiment.resumeRun("${runId}").`,
});

export const paramChanged = (key: string, previous: string, attempted: string): ParamChanged => ({
  _tag: "ParamChanged",
  key,
  previous,
  attempted,
  message: `Param "${key}" is already ${previous}; it cannot change to ${attempted}. Params are fixed for a run: log the new value under another name, or as a metric.`,
});

export const incompatibleUnit = (
  kind: "param" | "metric",
  key: string,
  established: string,
  attempted: string,
  detail: string,
): IncompatibleUnit => ({
  _tag: "IncompatibleUnit",
  key,
  kind,
  established,
  attempted,
  message: `Cannot log ${kind} "${key}" in ${attempted}: it was first logged in ${established}, and ${detail}. Log it under a new name, or convert it first.`,
});

export const notFound = (what: NotFound["what"], id: string, hint = ""): NotFound => ({
  _tag: "NotFound",
  what,
  id,
  message: `No ${what} ${JSON.stringify(id)}.${hint ? ` ${hint}` : ""}`,
});

export const backendNotInstalled = (uri: string, packageName: string): BackendNotInstalled => ({
  _tag: "BackendNotInstalled",
  uri,
  packageName,
  message: `The tracking URI ${uri} needs the package ${packageName}, which is not installed. Install it with: pnpm add ${packageName}  (or npm install ${packageName})`,
});

export const invalidTrackingUri = (uri: string, problem: string): InvalidTrackingUri => ({
  _tag: "InvalidTrackingUri",
  uri,
  message: `Invalid tracking URI ${JSON.stringify(uri)}: ${problem}. Use a file path or sqlite:<path> (embedded store), http(s)://host:port (MLflow) or wandb://<entity>/<project> (Weights & Biases).`,
});

export const backendFailure = (backend: string, operation: string, problem: string, retryable = false): BackendFailure => ({
  _tag: "BackendFailure",
  backend,
  operation,
  retryable,
  message: `${backend} backend failed to ${operation}: ${problem}`,
});

const caret = (query: string, position: number): string => `\n  ${query}\n  ${" ".repeat(Math.max(0, position))}^`;

export const queryParseError = (query: string, position: number, problem: string): QueryParseError => ({
  _tag: "QueryParseError",
  query,
  position,
  problem,
  message: `Cannot parse filter at position ${position}: ${problem}.${caret(query, position)}`,
});

export const queryTypeError = (query: string, position: number, problem: string): QueryTypeError => ({
  _tag: "QueryTypeError",
  query,
  position,
  problem,
  message: `Invalid filter at position ${position}: ${problem}.${caret(query, position)}`,
});

/** The Error thrown or rejected by the DimExperiment facade; `.error` is the tagged value. */
export class DimexpError extends Error {
  readonly error: CoreError;
  constructor(error: CoreError) {
    super(error.message);
    this.name = `DimexpError(${error._tag})`;
    this.error = error;
  }
}

/** Turns anything thrown by a driver into a BackendFailure message without leaking secrets. */
export const describeCause = (cause: unknown): string => {
  if (cause instanceof Error) return cause.message;
  return String(cause);
};
