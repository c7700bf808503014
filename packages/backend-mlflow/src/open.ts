// Tracking URIs for MLflow: http(s)://host:port[/prefix]. The credentials and
// TLS settings come from the environment variables the official client reads.

import { readFileSync } from "node:fs";
import { type CoreError, type Either, type ExperimentBackend, backendFailure } from "@dimexp/core";
import { type MlflowBackend, type MlflowBackendOptions, createMlflowBackend } from "./mlflow-backend.js";

export type Env = Readonly<Record<string, string | undefined>>;

const truthy = (value: string | undefined): boolean => value !== undefined && /^(1|true|yes|on)$/i.test(value.trim());

/**
 * The backend options a tracking URI and an environment mean:
 * MLFLOW_TRACKING_USERNAME + MLFLOW_TRACKING_PASSWORD (Basic auth),
 * MLFLOW_TRACKING_TOKEN (Bearer), MLFLOW_TRACKING_INSECURE_TLS,
 * MLFLOW_TRACKING_SERVER_CERT_PATH (a CA bundle to trust), and
 * MLFLOW_HTTP_REQUEST_TIMEOUT / MLFLOW_HTTP_REQUEST_MAX_RETRIES (seconds / count).
 */
export const optionsFromEnv = (uri: string, env: Env): Either<CoreError, MlflowBackendOptions> => {
  let caCertificate: Buffer | undefined;
  const certPath = env.MLFLOW_TRACKING_SERVER_CERT_PATH?.trim();
  if (certPath) {
    try {
      caCertificate = readFileSync(certPath);
    } catch (cause) {
      return { _tag: "Left", left: backendFailure("mlflow", "open", `cannot read MLFLOW_TRACKING_SERVER_CERT_PATH (${certPath}): ${(cause as Error).message}`) };
    }
  }
  const timeout = Number(env.MLFLOW_HTTP_REQUEST_TIMEOUT);
  const retries = Number(env.MLFLOW_HTTP_REQUEST_MAX_RETRIES);
  return {
    _tag: "Right",
    right: {
      trackingUri: uri,
      username: env.MLFLOW_TRACKING_USERNAME || undefined,
      password: env.MLFLOW_TRACKING_PASSWORD || undefined,
      token: env.MLFLOW_TRACKING_TOKEN || undefined,
      insecureTls: truthy(env.MLFLOW_TRACKING_INSECURE_TLS),
      caCertificate,
      ...(Number.isFinite(timeout) && timeout > 0 ? { timeoutMs: timeout * 1000 } : {}),
      ...(Number.isInteger(retries) && retries >= 0 ? { retry: { maxAttempts: retries + 1 } } : {}),
    },
  };
};

/** Opens the MLflow backend for a tracking URI, with credentials from `env`. */
export const openMlflowBackend = (uri: string, env: Env = process.env): Either<CoreError, MlflowBackend> => {
  const options = optionsFromEnv(uri, env);
  if (options._tag === "Left") return options;
  return createMlflowBackend(options.right);
};

/** The hook @dimexp/core's openBackend() calls for http(s) tracking URIs. */
export const fromTrackingUri = async (uri: string, env: Env = process.env): Promise<Either<CoreError, ExperimentBackend>> =>
  openMlflowBackend(uri, env);
