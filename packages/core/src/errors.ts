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
  /** the stored value (a plain string, without its unit) */
  readonly previous: string;
  readonly attempted: string;
  /** the values as people read them, with their units ("1 m", "100 cm"), when known */
  readonly previousText?: string;
  readonly attemptedText?: string;
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
  /** what there is instead, when known (an unknown array: the run's array keys; an unknown step: its steps) */
  readonly available?: readonly string[];
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

/** A backend chosen by name (`backend: "mlflow"`) whose own settings are missing or unusable. */
export interface BackendNotConfigured {
  readonly _tag: "BackendNotConfigured";
  readonly backend: string;
  /** the environment variables it reads, the missing or wrong one first */
  readonly variables: readonly string[];
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
  | BackendNotConfigured
  | BackendFailure
  | QueryParseError
  | QueryTypeError
  | UnitsError;

/** How many characters of an offending input a message repeats. */
export const MAX_ECHOED_CHARACTERS = 200;

/**
 * An input quoted for a message: at most MAX_ECHOED_CHARACTERS of it, with
 * every control character escaped (JSON.stringify leaves C1 controls such as
 * U+009B, a terminal's CSI, and the line separators raw), so an error message
 * can never move the cursor, clear the screen or fake output lines.
 */
export const quoteInput = (text: string): string => {
  const shown = text.length > MAX_ECHOED_CHARACTERS ? text.slice(0, MAX_ECHOED_CHARACTERS) : text;
  const quoted = JSON.stringify(shown).replace(
    /[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
  return text.length > shown.length ? `${quoted}… (${text.length} characters)` : quoted;
};

const nameRules = (kind: InvalidName["kind"]): string =>
  kind === "run" || kind === "experiment"
    ? `${kind === "run" ? "Run" : "Experiment"} names are 1–250 characters without control characters, not starting or ending with whitespace.`
    : 'Names are 1–200 characters of letters, digits, "_", "-", ".", " ", ":" and "/", not starting with "/", without ".." and without "__proto__", "constructor" or "prototype" as a part between dots or slashes.';

export const invalidName = (kind: InvalidName["kind"], name: string, problem: string): InvalidName => ({
  _tag: "InvalidName",
  kind,
  name,
  message: `Invalid ${kind} name ${quoteInput(name)}: ${problem}. ${nameRules(kind)}`,
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

/**
 * `shown` gives the values as people read them, with their units ("1 m"):
 * without it the message can only print the stored strings, and "is already 1;
 * it cannot change to 100" hides that the values were 1 m and 100 cm.
 */
export const paramChanged = (
  key: string,
  previous: string,
  attempted: string,
  shown?: { readonly previous: string; readonly attempted: string; readonly hint?: string },
): ParamChanged => ({
  _tag: "ParamChanged",
  key,
  previous,
  attempted,
  ...(shown ? { previousText: shown.previous, attemptedText: shown.attempted } : {}),
  message: `Param "${key}" is already ${shown?.previous ?? previous}; it cannot change to ${shown?.attempted ?? attempted}.${shown?.hint ? ` ${shown.hint}` : ""} Params are fixed for a run: log the new value under another name, or as a metric.`,
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

export const backendNotConfigured = (backend: string, variables: readonly string[], problem: string, fix: string): BackendNotConfigured => ({
  _tag: "BackendNotConfigured",
  backend,
  variables,
  message: `The backend "${backend}" ${problem}. ${fix}`,
});

export const backendFailure = (backend: string, operation: string, problem: string, retryable = false): BackendFailure => ({
  _tag: "BackendFailure",
  backend,
  operation,
  retryable,
  message: `${backend} backend failed to ${operation}: ${problem}`,
});

/**
 * The filter with a caret under `position`: at most ~200 characters of it (a
 * window around the position, cut with "…"), control characters shown as
 * spaces so the caret stays under its character and nothing reaches a terminal raw.
 */
const caret = (query: string, position: number): string => {
  const at = Math.max(0, Math.min(position, query.length));
  const start = query.length <= 200 ? 0 : Math.max(0, Math.min(at - 100, query.length - 200));
  const end = Math.min(query.length, start + 200);
  const head = start > 0 ? "…" : "";
  const visible = query
    .slice(start, end)
    .split("")
    .map((c) => (c.charCodeAt(0) < 0x20 || (c.charCodeAt(0) >= 0x7f && c.charCodeAt(0) <= 0x9f) ? " " : c))
    .join("");
  const shown = `${head}${visible}${end < query.length ? "…" : ""}`;
  return `\n  ${shown}\n  ${" ".repeat(at - start + head.length)}^`;
};

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
