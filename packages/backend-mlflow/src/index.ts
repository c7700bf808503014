// @dimexp/backend-mlflow — dimexp on an MLflow tracking server.

export { type MlflowBackend, type MlflowBackendOptions, createMlflowBackend, parseMlflowUri, requestStatsOf } from "./mlflow-backend.js";
export { type Env, MLFLOW_VARIABLES, fromTrackingUri, openMlflowBackend, optionsFromEnv, provider, trackingUriFromEnv } from "./open.js";
export type { RequestStats, RetryEvent } from "./internal/rest-client.js";
export type { RetryPolicy } from "./internal/retry.js";
export { ARRAY_FORMAT, ARRAYS_DIR } from "./internal/arrays.js";
