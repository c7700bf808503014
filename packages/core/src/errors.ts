// Every failure in @dimexp/core is a tagged value that is also an Error (a
// DimexpError subclass). Backends return them in TaskEither; the DimExperiment
// facade rejects (or throws) the very same value.

import { DimexpError, TaggedError, type UnitsError } from "@dimexp/units";

export { DimexpError, TaggedError };

export class InvalidName extends TaggedError("InvalidName")<{
  readonly kind: "param" | "metric" | "tag" | "experiment" | "run" | "array";
  readonly name: string;
}> {}

export class InvalidValue extends TaggedError("InvalidValue")<{ readonly what: string }> {}

export class RunNotActive extends TaggedError("RunNotActive")<{ readonly runId: string; readonly status: string }> {}

export class ParamChanged extends TaggedError("ParamChanged")<{
  readonly key: string;
  /** the stored value (a plain string, without its unit) */
  readonly previous: string;
  readonly attempted: string;
  /** the values as people read them, with their units ("1 m", "100 cm"), when known */
  readonly previousText?: string;
  readonly attemptedText?: string;
}> {}

export class IncompatibleUnit extends TaggedError("IncompatibleUnit")<{
  readonly key: string;
  readonly kind: "param" | "metric";
  readonly established: string;
  readonly attempted: string;
}> {}

export class NotFound extends TaggedError("NotFound")<{
  readonly what: "experiment" | "run" | "metric" | "array";
  readonly id: string;
  /** what there is instead, when known (an unknown array: the run's array keys; an unknown step: its steps) */
  readonly available?: readonly string[];
}> {}

export class BackendNotInstalled extends TaggedError("BackendNotInstalled")<{
  readonly uri: string;
  readonly packageName: string;
}> {}

export class InvalidTrackingUri extends TaggedError("InvalidTrackingUri")<{ readonly uri: string }> {}

/** A backend chosen by name (`backend: "mlflow"`) whose own settings are missing or unusable. */
export class BackendNotConfigured extends TaggedError("BackendNotConfigured")<{
  readonly backend: string;
  /** the environment variables it reads, the missing or wrong one first */
  readonly variables: readonly string[];
}> {}

/**
 * Same message with a note appended (where a value came from, what to do):
 * a new instance of the same class, so the result is still an Error of the
 * same kind. Never spread an error (`{ ...e, message }`): that drops its class.
 */
export const withMessage = <E extends DimexpError>(error: E, message: string): E => {
  const Kind = error.constructor as new (message: string, fields: object) => E;
  return new Kind(message, "cause" in error ? { ...error, cause: error.cause } : { ...error });
};

/** A failure inside a backend (I/O, server error, corrupt store); `cause` is the driver's original error, when there was one. */
export class BackendFailure extends TaggedError("BackendFailure")<{
  readonly backend: string;
  readonly operation: string;
  /** whether retrying the same call may succeed */
  readonly retryable: boolean;
}> {}

export class QueryParseError extends TaggedError("QueryParseError")<{
  readonly query: string;
  readonly position: number;
  readonly problem: string;
}> {}

export class QueryTypeError extends TaggedError("QueryTypeError")<{
  readonly query: string;
  readonly position: number;
  readonly problem: string;
}> {}

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

export const invalidName = (kind: InvalidName["kind"], name: string, problem: string): InvalidName =>
  new InvalidName(`Invalid ${kind} name ${quoteInput(name)}: ${problem}. ${nameRules(kind)}`, { kind, name });

export const invalidValue = (what: string, problem: string): InvalidValue =>
  new InvalidValue(`Invalid ${what}: ${problem}.`, { what });

export const runNotActive = (runId: string, status: string, action: string): RunNotActive =>
  new RunNotActive(
    `Cannot ${action}: run ${runId} has ended (${status}). Start a new run, or resume this one with experiment.resumeRun("${runId}").`,
    {
      runId,
      status,
    },
  );

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
): ParamChanged =>
  new ParamChanged(
    `Param "${key}" is already ${shown?.previous ?? previous}; it cannot change to ${shown?.attempted ?? attempted}.${shown?.hint ? ` ${shown.hint}` : ""} Params are fixed for a run: log the new value under another name, or as a metric.`,
    { key, previous, attempted, ...(shown ? { previousText: shown.previous, attemptedText: shown.attempted } : {}) },
  );

export const incompatibleUnit = (
  kind: "param" | "metric",
  key: string,
  established: string,
  attempted: string,
  detail: string,
): IncompatibleUnit =>
  new IncompatibleUnit(
    `Cannot log ${kind} "${key}" in ${attempted}: it was first logged in ${established}, and ${detail}. Log it under a new name, or convert it first.`,
    {
      key,
      kind,
      established,
      attempted,
    },
  );

/** `available`: what there is instead, when known (see NotFound). */
export const notFound = (what: NotFound["what"], id: string, hint = "", available?: readonly string[]): NotFound =>
  new NotFound(`No ${what} ${JSON.stringify(id)}.${hint ? ` ${hint}` : ""}`, {
    what,
    id,
    ...(available ? { available } : {}),
  });

/** `cause`: the import's own failure (ERR_MODULE_NOT_FOUND), kept as it was. */
export const backendNotInstalled = (uri: string, packageName: string, cause?: unknown): BackendNotInstalled =>
  new BackendNotInstalled(
    `The tracking URI ${uri} needs the package ${packageName}, which is not installed. Install it with: pnpm add ${packageName}  (or npm install ${packageName})`,
    { uri, packageName, ...(cause === undefined ? {} : { cause }) },
  );

export const invalidTrackingUri = (uri: string, problem: string): InvalidTrackingUri =>
  new InvalidTrackingUri(
    `Invalid tracking URI ${JSON.stringify(uri)}: ${problem}. Use a file path or sqlite:<path> (embedded store), http(s)://host:port (MLflow) or wandb://<entity>/<project> (Weights & Biases).`,
    { uri },
  );

export const backendNotConfigured = (
  backend: string,
  variables: readonly string[],
  problem: string,
  fix: string,
): BackendNotConfigured =>
  new BackendNotConfigured(`The backend "${backend}" ${problem}. ${fix}`, { backend, variables });

/**
 * `cause`: what the driver threw or returned (a SQLite error, a fetch
 * failure, an HTTP error), kept as the original value beside the readable
 * `problem` (usually `describeCause(cause)`).
 */
export const backendFailure = (
  backend: string,
  operation: string,
  problem: string,
  retryable = false,
  cause?: unknown,
): BackendFailure =>
  new BackendFailure(`${backend} backend failed to ${operation}: ${problem}`, {
    backend,
    operation,
    retryable,
    ...(cause === undefined ? {} : { cause }),
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

export const queryParseError = (query: string, position: number, problem: string): QueryParseError =>
  new QueryParseError(`Cannot parse filter at position ${position}: ${problem}.${caret(query, position)}`, {
    query,
    position,
    problem,
  });

export const queryTypeError = (query: string, position: number, problem: string): QueryTypeError =>
  new QueryTypeError(`Invalid filter at position ${position}: ${problem}.${caret(query, position)}`, {
    query,
    position,
    problem,
  });

/**
 * Turns anything thrown by a driver into a BackendFailure message without
 * leaking secrets. Pass the thrown value itself as `cause` beside it.
 */
export const describeCause = (cause: unknown): string => {
  if (cause instanceof Error) return cause.message;
  return String(cause);
};
