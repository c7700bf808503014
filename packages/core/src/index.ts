// @dimexp/core — experiments, runs, unit-aware logging and queries.

export { DimExperiment, type LoadOptions, type MetricHistory, type OpenOptions, type StartRunOptions } from "./experiment.js";
export {
  ActiveRun,
  type ActiveRunOptions,
  type DimexpWarning,
  type FlushPolicy,
  type LogMetricOptions,
  type UnitConvertedWarning,
} from "./active-run.js";
export { Run, type RunJson, type RunMetric, type RunParam } from "./run.js";
export { type ListRunsOptions, type OrderBy, findRuns } from "./find-runs.js";
export type {
  BackendCapabilities,
  CreateRunOptions,
  ExperimentBackend,
  RawFilter,
  RawPredicate,
  SearchOptions,
  UpdateRunOptions,
} from "./backend.js";
export * from "./model.js";
export * from "./errors.js";
export { createMemoryBackend, type MemoryBackend } from "./memory-backend.js";
export {
  type BackendFactory,
  DEFAULT_TRACKING_URI,
  type Env,
  classifyTrackingUri,
  openBackend,
  redactUri,
  registerBackend,
  resolveTrackingUri,
} from "./tracking-uri.js";
export * from "./unit-codec.js";
export { parseDimtensorSymbol } from "./dimtensor-symbol.js";
export { MAX_NAME_LENGTH, validateName } from "./names.js";
export { batchShapeProblem } from "./batch-shape.js";
export * from "./query/index.js";
export { matchesRawFilter } from "./internal/raw-filter.js";
export {
  SYNC_SOURCE_TAG,
  type SyncOptions,
  type SyncProgress,
  type SyncReport,
  type SyncedRun,
  missingPoints,
  syncExperiments,
  syncSourceRunId,
} from "./sync.js";
export type { Either, TaskEither } from "./internal/task.js";
export { q, quantity, DimArray, Quantity, type Unit } from "@dimexp/units";
