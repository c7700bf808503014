// @dimexp/backend-mlflow — dimexp on an MLflow tracking server.

export { type MlflowBackend, type MlflowBackendOptions, createMlflowBackend, parseMlflowUri, requestStatsOf } from "./mlflow-backend.js";
export { type Env, MLFLOW_VARIABLES, fromTrackingUri, openMlflowBackend, optionsFromEnv, provider, trackingUriFromEnv } from "./open.js";
export type { RequestStats, RetryEvent } from "./internal/rest-client.js";
export type { RetryPolicy, RetryPolicyOptions } from "./internal/retry.js";
