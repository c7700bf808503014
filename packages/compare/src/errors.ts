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

export type CompareError = UnitsError | UnknownBaseline | InvalidOption | HistoryLoadFailed;

export const unknownBaseline = (baseline: string, runs: readonly string[]): UnknownBaseline => ({
  _tag: "UnknownBaseline",
  baseline,
  runs,
  message: `The baseline ${JSON.stringify(baseline)} is not one of the compared runs (${runs.join(", ") || "none"}): give the name or id of one of them, or no baseline to compare against the mean.`,
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

/** What the Promise-returning functions reject with: `.error` is the tagged CompareError. */
export class CompareFailure extends Error {
  constructor(readonly error: CompareError) {
    super(error.message);
    this.name = "CompareFailure";
  }
}
