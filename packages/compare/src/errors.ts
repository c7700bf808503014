// What stops a comparison from being made at all. Everything that only
// affects some runs (a missing metric, a unit that cannot be converted) is a
// CompareWarning instead, and the comparison goes on without those runs.

import { DimexpError, TaggedError, type UnitsError } from "@dimexp/units";

export class UnknownBaseline extends TaggedError("UnknownBaseline")<{
  readonly baseline: string;
  /** names of the runs that were given */
  readonly runs: readonly string[];
}> {}

export class InvalidOption extends TaggedError("InvalidOption")<{ readonly option: string }> {}

/** `cause`: the backend's error, or whatever loading the history threw, as it was. */
export class HistoryLoadFailed extends TaggedError("HistoryLoadFailed")<{
  readonly run: string;
  readonly metric: string;
  readonly cause: unknown;
}> {}

/** A run reference (name or id) that matches no run of the experiment. */
export class UnknownRun extends TaggedError("UnknownRun")<{
  /** the reference as given (at most ~200 characters of it) */
  readonly reference: string;
  readonly experiment: string;
  /** the closest names, for "did you mean" */
  readonly suggestions: readonly string[];
  /** how many runs the experiment has */
  readonly runCount: number;
}> {}

export interface RunCandidate {
  readonly id: string;
  readonly name: string;
  /** milliseconds since the Unix epoch */
  readonly startTime: number;
  readonly status: string;
}

/** A name that several runs share: comparing "the newest" would be a guess, so the ids are listed instead. */
export class AmbiguousRun extends TaggedError("AmbiguousRun")<{
  readonly reference: string;
  readonly experiment: string;
  /** every run with that name, oldest first */
  readonly candidates: readonly RunCandidate[];
}> {}

/** No compared run logged the metric (so there is nothing to compare, not even in another unit). */
export class UnknownMetric extends TaggedError("UnknownMetric")<{
  readonly metric: string;
  /** the metrics the compared runs do have */
  readonly available: readonly string[];
}> {}

interface DisplayUnitMismatchFields {
  readonly metric: string;
  /** the display unit (canonical ASCII) and its dimension */
  readonly unit: string;
  readonly unitDimension: string;
  /** the dimensions the runs logged the metric in, and a unit of each */
  readonly metricDimensions: readonly string[];
  readonly loggedUnits: readonly string[];
  /** named contexts under which the display unit would fit (pass one as `context`) */
  readonly contexts: readonly string[];
}

/**
 * The display unit asked for fits none of the runs that logged the metric
 * (an energy shown in m): an empty comparison would look like "no data".
 */
export class DisplayUnitMismatch extends TaggedError("DisplayUnitMismatch")<DisplayUnitMismatchFields> {}

/** A list that must not be empty (the runs, the metrics) was empty. */
export class EmptyArgument extends TaggedError("EmptyArgument")<{ readonly argument: "runs" | "metrics" }> {}

/** Listing the experiment's runs (to resolve names) failed; `cause` is that failure, as it was. */
export class RunLookupFailed extends TaggedError("RunLookupFailed")<{
  readonly experiment: string;
  readonly cause: unknown;
}> {}

export type CompareError =
  | UnitsError
  | UnknownBaseline
  | InvalidOption
  | HistoryLoadFailed
  | UnknownRun
  | AmbiguousRun
  | UnknownMetric
  | DisplayUnitMismatch
  | EmptyArgument
  | RunLookupFailed;

/** At most ~200 characters of user input in a message (a 1 MB "name" is not echoed back). */
export const clip = (text: string, max = 200): string =>
  text.length <= max ? text : `${text.slice(0, max)}… (${text.length} characters)`;

const quotedList = (items: readonly string[], max = 10): string => {
  const shown = items.slice(0, max).map((x) => JSON.stringify(clip(x, 80)));
  return items.length > max ? `${shown.join(", ")} and ${items.length - max} more` : shown.join(", ");
};

export const unknownBaseline = (baseline: string, runs: readonly string[]): UnknownBaseline =>
  new UnknownBaseline(
    `The baseline ${JSON.stringify(clip(baseline))} is not one of the compared runs (${
      runs.length > 0
        ? `${runs
            .slice(0, 20)
            .map((r) => clip(r, 80))
            .join(", ")}${runs.length > 20 ? ` and ${runs.length - 20} more` : ""}`
        : "none"
    }): give the name or id of one of them, or no baseline to compare against the mean.`,
    { baseline: clip(baseline), runs },
  );

export const invalidOption = (option: string, problem: string): InvalidOption =>
  new InvalidOption(`Invalid ${option}: ${problem}`, { option });

const causeText = (cause: unknown): string => {
  if (cause instanceof Error) return cause.message;
  if (typeof cause === "object" && cause !== null && typeof (cause as { message?: unknown }).message === "string") {
    return (cause as { message: string }).message;
  }
  return String(cause);
};

export const historyLoadFailed = (run: string, metric: string, cause: unknown): HistoryLoadFailed =>
  new HistoryLoadFailed(`Could not load the history of ${metric} for run ${JSON.stringify(run)}: ${causeText(cause)}`, {
    run,
    metric,
    cause,
  });

/** `names`: the experiment's run names, listed in the message when there are few and none is close. */
export const unknownRun = (
  reference: string,
  experiment: string,
  suggestions: readonly string[],
  runCount: number,
  names: readonly string[] = [],
): UnknownRun =>
  new UnknownRun(
    `Experiment ${JSON.stringify(experiment)} has no run with the id or name ${JSON.stringify(clip(reference))}.${
      suggestions.length > 0
        ? ` Did you mean ${quotedList(suggestions)}?`
        : names.length > 0 && names.length <= 10
          ? ` Its runs: ${quotedList(names)}.`
          : ""
    } ${runCount === 0 ? "It has no runs yet." : `Give a run's id or name (it has ${runCount} run${runCount === 1 ? "" : "s"}; "dimexp runs ls --experiment ${experiment}" lists them).`}`,
    { reference: clip(reference), experiment, suggestions, runCount },
  );

const isoTime = (ms: number): string =>
  Number.isFinite(ms) && Math.abs(ms) < 8.64e15 ? new Date(ms).toISOString() : String(ms);

export const ambiguousRun = (
  reference: string,
  experiment: string,
  candidates: readonly RunCandidate[],
): AmbiguousRun =>
  new AmbiguousRun(
    `${candidates.length} runs of experiment ${JSON.stringify(experiment)} are named ${JSON.stringify(clip(reference))}: give one of their ids instead (${candidates
      .slice(0, 10)
      .map((c) => `${c.id} started ${isoTime(c.startTime)}, ${c.status}`)
      .join("; ")}${candidates.length > 10 ? `; and ${candidates.length - 10} more` : ""}).`,
    { reference: clip(reference), experiment, candidates },
  );

export const unknownMetric = (
  metric: string,
  available: readonly string[],
  suggestions: readonly string[],
): UnknownMetric =>
  new UnknownMetric(
    `None of the compared runs logged the metric ${JSON.stringify(clip(metric))}.${suggestions.length > 0 ? ` Did you mean ${quotedList(suggestions)}?` : ""} ${
      available.length > 0 ? `Their metrics: ${quotedList(available, 20)}.` : "They logged no metrics."
    }`,
    { metric: clip(metric), available },
  );

export const displayUnitMismatch = (args: DisplayUnitMismatchFields): DisplayUnitMismatch => {
  const { metric, unit, unitDimension, metricDimensions, loggedUnits, contexts } = args;
  const fix =
    contexts.length > 0
      ? ` The context${contexts.length > 1 ? "s" : ""} ${contexts.map((c) => `"${c}"`).join(" or ")} would relate them: pass { context: "${contexts[0]}" } (CLI: --context ${contexts[0]}), or choose a unit of ${metricDimensions[0]}.`
      : ` Choose a unit of ${metricDimensions.join(" or ")} (e.g. ${loggedUnits[0] ?? "the logged one"}), or no unit to use the common-unit rule.`;
  return new DisplayUnitMismatch(
    `Cannot show ${metric} [${metricDimensions.join(" or ")}] in ${unit} [${unitDimension}]: no run logged it in a unit that converts (logged in ${loggedUnits.join(", ")}).${fix}`,
    { metric, unit, unitDimension, metricDimensions, loggedUnits, contexts },
  );
};

export const emptyArgument = (argument: "runs" | "metrics"): EmptyArgument =>
  new EmptyArgument(
    argument === "runs"
      ? "No runs to compare: give at least one run (a Run, or a run's name or id)."
      : 'No metrics to compare: give at least one metric name, e.g. "loss".',
    { argument },
  );

export const runLookupFailed = (experiment: string, cause: unknown): RunLookupFailed =>
  new RunLookupFailed(
    `Could not list the runs of experiment ${JSON.stringify(experiment)} to find the ones named: ${causeText(cause)}`,
    { experiment, cause },
  );

/**
 * @deprecated Every CompareError is itself an Error (a DimexpError): the
 * Promise functions reject with it directly. `instanceof CompareFailure` is
 * `instanceof DimexpError`, and the deprecated `.error` is the error itself.
 */
export const CompareFailure = DimexpError;
/** @deprecated see the value of the same name */
export type CompareFailure = CompareError;
