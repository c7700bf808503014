// @dimexp/core — experiments, runs, unit-aware logging and queries.

export { type BackendName, DimExperiment, type LoadOptions, type MetricHistory, type OpenOptions, type StartRunOptions } from "./experiment.js";
export {
  ActiveRun,
  type ActiveRunOptions,
  type DimexpWarning,
  type FlushPolicy,
  type LogMetricOptions,
  type UnitConvertedWarning,
  type ArrayNotKeptWarning,
} from "./active-run.js";
export { Run, type RunJson, type RunMetric, type RunParam } from "./run.js";
export {
  type GetArrayOptions,
  type LoggedArray,
  type ReadArray,
  type RunArray,
  arrayOfRecord,
  listLoggedArrays,
  readLoggedArray,
  readRunArray,
  runArrays,
} from "./run-arrays.js";
export {
  ARRAY_FILES_DIR,
  ARRAY_FILE_FORMAT,
  arrayFileFolder,
  arrayFilePath,
  decodeArrayFile,
  encodeArrayFile,
  nextArraySequence,
  parsePythonJson,
} from "./array-file.js";
export { type ListRunsOptions, type OrderBy, findRuns } from "./find-runs.js";
export type {
  ArrayStorage,
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
  type BackendOpenOptions,
  type BackendProvider,
  DEFAULT_TRACKING_URI,
  type Env,
  type ResolvedBackend,
  type TrackingUriKind,
  backendNames,
  classifyTrackingUri,
  isStorePath,
  openBackend,
  redactUri,
  registerBackend,
  registerBackendProvider,
  resolveBackend,
  resolveTrackingUri,
  trackingUriSource,
} from "./tracking-uri.js";
export * from "./unit-codec.js";
export { parseDimtensorSymbol } from "./dimtensor-symbol.js";
export { MAX_NAME_LENGTH, MAX_RUN_NAME_LENGTH, RESERVED_KEY_PARTS, validateName } from "./names.js";
export { MAX_TIMESTAMP, MIN_TIMESTAMP, validateTimestamp } from "./timestamps.js";
export { describeStoredParam, paramText } from "./param-text.js";
export { batchShapeProblem } from "./batch-shape.js";
export { checkCreateRunOptions } from "./create-run-options.js";
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
