// What stops a comparison from being made at all. Everything that only
// affects some runs (a missing metric, a unit that cannot be converted) is a
// CompareWarning instead, and the comparison goes on without those runs.

import type { UnitsError } from "@dimexp/units";

export interface UnknownBaseline {
  readonly _tag: "UnknownBaseline";
  readonly baseline: string;
  /** names of the runs that were given */
  readonly runs: readonly string[];
  readonly message: string;
}

export interface InvalidOption {
  readonly _tag: "InvalidOption";
  readonly option: string;
  readonly message: string;
}

export interface HistoryLoadFailed {
  readonly _tag: "HistoryLoadFailed";
  readonly run: string;
  readonly metric: string;
  readonly cause: unknown;
  readonly message: string;
}

/** A run reference (name or id) that matches no run of the experiment. */
export interface UnknownRun {
  readonly _tag: "UnknownRun";
  /** the reference as given (at most ~200 characters of it) */
  readonly reference: string;
  readonly experiment: string;
  /** the closest names, for "did you mean" */
  readonly suggestions: readonly string[];
  /** how many runs the experiment has */
  readonly runCount: number;
  readonly message: string;
}

export interface RunCandidate {
  readonly id: string;
  readonly name: string;
  /** milliseconds since the Unix epoch */
  readonly startTime: number;
  readonly status: string;
}

/** A name that several runs share: comparing "the newest" would be a guess, so the ids are listed instead. */
export interface AmbiguousRun {
  readonly _tag: "AmbiguousRun";
  readonly reference: string;
  readonly experiment: string;
  /** every run with that name, oldest first */
  readonly candidates: readonly RunCandidate[];
  readonly message: string;
}

/** No compared run logged the metric (so there is nothing to compare, not even in another unit). */
export interface UnknownMetric {
  readonly _tag: "UnknownMetric";
  readonly metric: string;
  /** the metrics the compared runs do have */
  readonly available: readonly string[];
  readonly message: string;
}

/**
 * The display unit asked for fits none of the runs that logged the metric
 * (an energy shown in m): an empty comparison would look like "no data".
 */
export interface DisplayUnitMismatch {
  readonly _tag: "DisplayUnitMismatch";
  readonly metric: string;
  /** the display unit (canonical ASCII) and its dimension */
  readonly unit: string;
  readonly unitDimension: string;
  /** the dimensions the runs logged the metric in, and a unit of each */
  readonly metricDimensions: readonly string[];
  readonly loggedUnits: readonly string[];
  /** named contexts under which the display unit would fit (pass one as `context`) */
  readonly contexts: readonly string[];
  readonly message: string;
}

/** A list that must not be empty (the runs, the metrics) was empty. */
export interface EmptyArgument {
  readonly _tag: "EmptyArgument";
  readonly argument: "runs" | "metrics";
  readonly message: string;
}

/** Listing the experiment's runs (to resolve names) failed. */
export interface RunLookupFailed {
  readonly _tag: "RunLookupFailed";
  readonly experiment: string;
  readonly cause: unknown;
  readonly message: string;
}

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
export const clip = (text: string, max = 200): string => (text.length <= max ? text : `${text.slice(0, max)}… (${text.length} characters)`);

const quotedList = (items: readonly string[], max = 10): string => {
  const shown = items.slice(0, max).map((x) => JSON.stringify(clip(x, 80)));
  return items.length > max ? `${shown.join(", ")} and ${items.length - max} more` : shown.join(", ");
};

export const unknownBaseline = (baseline: string, runs: readonly string[]): UnknownBaseline => ({
  _tag: "UnknownBaseline",
  baseline: clip(baseline),
  runs,
  message: `The baseline ${JSON.stringify(clip(baseline))} is not one of the compared runs (${runs.length > 0 ? `${runs.slice(0, 20).map((r) => clip(r, 80)).join(", ")}${runs.length > 20 ? ` and ${runs.length - 20} more` : ""}` : "none"}): give the name or id of one of them, or no baseline to compare against the mean.`,
});

export const invalidOption = (option: string, problem: string): InvalidOption => ({
  _tag: "InvalidOption",
  option,
  message: `Invalid ${option}: ${problem}`,
});

const causeText = (cause: unknown): string => {
  if (cause instanceof Error) return cause.message;
  if (typeof cause === "object" && cause !== null && typeof (cause as { message?: unknown }).message === "string") {
    return (cause as { message: string }).message;
  }
  return String(cause);
};

export const historyLoadFailed = (run: string, metric: string, cause: unknown): HistoryLoadFailed => ({
  _tag: "HistoryLoadFailed",
  run,
  metric,
  cause,
  message: `Could not load the history of ${metric} for run ${JSON.stringify(run)}: ${causeText(cause)}`,
});

/** `names`: the experiment's run names, listed in the message when there are few and none is close. */
export const unknownRun = (reference: string, experiment: string, suggestions: readonly string[], runCount: number, names: readonly string[] = []): UnknownRun => ({
  _tag: "UnknownRun",
  reference: clip(reference),
  experiment,
  suggestions,
  runCount,
  message: `Experiment ${JSON.stringify(experiment)} has no run with the id or name ${JSON.stringify(clip(reference))}.${
    suggestions.length > 0 ? ` Did you mean ${quotedList(suggestions)}?` : names.length > 0 && names.length <= 10 ? ` Its runs: ${quotedList(names)}.` : ""
  } ${runCount === 0 ? "It has no runs yet." : `Give a run's id or name (it has ${runCount} run${runCount === 1 ? "" : "s"}; "dimexp runs ls --experiment ${experiment}" lists them).`}`,
});

const isoTime = (ms: number): string => (Number.isFinite(ms) && Math.abs(ms) < 8.64e15 ? new Date(ms).toISOString() : String(ms));

export const ambiguousRun = (reference: string, experiment: string, candidates: readonly RunCandidate[]): AmbiguousRun => ({
  _tag: "AmbiguousRun",
  reference: clip(reference),
  experiment,
  candidates,
  message: `${candidates.length} runs of experiment ${JSON.stringify(experiment)} are named ${JSON.stringify(clip(reference))}: give one of their ids instead (${candidates
    .slice(0, 10)
    .map((c) => `${c.id} started ${isoTime(c.startTime)}, ${c.status}`)
    .join("; ")}${candidates.length > 10 ? `; and ${candidates.length - 10} more` : ""}).`,
});

export const unknownMetric = (metric: string, available: readonly string[], suggestions: readonly string[]): UnknownMetric => ({
  _tag: "UnknownMetric",
  metric: clip(metric),
  available,
  message: `None of the compared runs logged the metric ${JSON.stringify(clip(metric))}.${suggestions.length > 0 ? ` Did you mean ${quotedList(suggestions)}?` : ""} ${
    available.length > 0 ? `Their metrics: ${quotedList(available, 20)}.` : "They logged no metrics."
  }`,
});

export const displayUnitMismatch = (args: Omit<DisplayUnitMismatch, "_tag" | "message">): DisplayUnitMismatch => {
  const { metric, unit, unitDimension, metricDimensions, loggedUnits, contexts } = args;
  const fix =
    contexts.length > 0
      ? ` The context${contexts.length > 1 ? "s" : ""} ${contexts.map((c) => `"${c}"`).join(" or ")} would relate them: pass { context: "${contexts[0]}" } (CLI: --context ${contexts[0]}), or choose a unit of ${metricDimensions[0]}.`
      : ` Choose a unit of ${metricDimensions.join(" or ")} (e.g. ${loggedUnits[0] ?? "the logged one"}), or no unit to use the common-unit rule.`;
  return {
    _tag: "DisplayUnitMismatch",
    ...args,
    message: `Cannot show ${metric} [${metricDimensions.join(" or ")}] in ${unit} [${unitDimension}]: no run logged it in a unit that converts (logged in ${loggedUnits.join(", ")}).${fix}`,
  };
};

export const emptyArgument = (argument: "runs" | "metrics"): EmptyArgument => ({
  _tag: "EmptyArgument",
  argument,
  message:
    argument === "runs"
      ? "No runs to compare: give at least one run (a Run, or a run's name or id)."
      : 'No metrics to compare: give at least one metric name, e.g. "loss".',
});

export const runLookupFailed = (experiment: string, cause: unknown): RunLookupFailed => ({
  _tag: "RunLookupFailed",
  experiment,
  cause,
  message: `Could not list the runs of experiment ${JSON.stringify(experiment)} to find the ones named: ${causeText(cause)}`,
});

/** What the Promise-returning functions reject with: `.error` is the tagged CompareError. */
export class CompareFailure extends Error {
  constructor(readonly error: CompareError) {
    super(error.message);
    this.name = "CompareFailure";
  }
}
