// @dimexp/io — lossless, versioned JSON and HDF5 export/import of whole
// experiments, and Python dimtensor's DimArray and experiment files.

export {
  type ExperimentLike,
  type ExperimentSource,
  type ExportFormat,
  type ExportOptions,
  type ExportResult,
  type ExportSource,
  exportExperiment,
  exportExperimentTask,
  formatFromPath,
} from "./export.js";
export {
  type FileFormat,
  type ImportOptions,
  type ImportResult,
  type ImportedRun,
  type OnConflict,
  type SkippedRun,
  importExperiment,
  importExperimentTask,
  sniffFormat,
} from "./import.js";
export { type LoadOptions, type LoadedExperiment, loadExperiment, loadExperimentWithReport } from "./load.js";
export type { ProgressCallback, ProgressEvent } from "./progress.js";
export {
  type DimtensorArray,
  type WriteDimArrayJsonOptions,
  readDimArrayJson,
  readDimArrayJsonTask,
  writeDimArrayJson,
  writeDimArrayJsonTask,
} from "./dimtensor-json.js";
export {
  type DimArrayHdf5Options,
  type WriteDimArrayHdf5Options,
  readDimArrayHdf5,
  readDimArrayHdf5Task,
  writeDimArrayHdf5,
  writeDimArrayHdf5Task,
} from "./dimtensor-hdf5.js";
export * from "./errors.js";
export {
  FORMAT_NAME,
  COPY_OF_TAG,
  FORMAT_VERSION,
  INCOMPLETE_IMPORT_TAG,
  ORIGIN_CREATED_AT_TAG,
  ORIGIN_RUN_ID_TAG,
} from "./internal/model.js";
