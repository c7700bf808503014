// @dimexp/compare — runs compared across unit systems. The Arrow output lives
// at @dimexp/compare/arrow so this entry loads without apache-arrow.

export { type Alignment, type NormalizedAlignment, describeAlignment, normalizeAlignment, parseAlignment } from "./alignment.js";
export {
  type CommonUnit,
  type CommonUnitOptions,
  type UnitRule,
  chooseCommonUnit,
  majorityUnit,
  resolveContexts,
} from "./common-unit.js";
export { type CompareOptions, compareSeries } from "./compare-series.js";
export {
  type CompareRunsOptions,
  type HistoryLoader,
  type HistorySource,
  compareLatest,
  compareRuns,
  compareRunsEither,
  seriesFromRun,
} from "./compare-runs.js";
export {
  type Baseline,
  COMPARISON_COLUMNS,
  CURVE_COLUMNS,
  type ComparisonRow,
  type CurveRow,
  type CurveSeries,
  type ExcludedRun,
  type Goal,
  type MetricComparison,
  type MetricCurves,
  type MetricEntry,
  type MetricHistoryInUnit,
  type OriginalValue,
  RunComparison,
} from "./comparison.js";
export { absoluteDifference, meanOf, relativeDifference } from "./differences.js";
export {
  type AmbiguousRun,
  type CompareError,
  CompareFailure,
  type DisplayUnitMismatch,
  type EmptyArgument,
  type HistoryLoadFailed,
  type InvalidOption,
  type RunCandidate,
  type RunLookupFailed,
  type UnknownBaseline,
  type UnknownMetric,
  type UnknownRun,
} from "./errors.js";
export {
  type ParamCell,
  ParamDiff,
  type ParamDiffEntry,
  type ParamDiffOptions,
  type ParamRow,
  diffParams,
} from "./param-diff.js";
export { type RunSource, resolveRuns } from "./resolve-runs.js";
export type { MetricInput, ParamInput, ParamWithUnit, RunRef, RunSeries } from "./series.js";
export type {
  BaselineExcluded,
  CompareWarning,
  DimensionlessMixed,
  ExclusionReason,
  IncompatibleDimensions,
  MissingMetric,
  MixedUnitsConverted,
  ParamIncompatible,
  RelativeOnAbsoluteScale,
  StepNotLogged,
  UnreadableUnit,
  ZeroBaseline,
} from "./warnings.js";
