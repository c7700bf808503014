// Tracking URIs for MLflow: http(s)://host:port[/prefix]. The credentials and
// TLS settings come from the environment variables the official client reads.

import { readFileSync } from "node:fs";
import {
  type BackendProvider,
  type CoreError,
  type Either,
  type ExperimentBackend,
  backendFailure,
  backendNotConfigured,
  redactUri,
} from "@dimexp/core";
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

/** MLflow's own variables, the tracking URI first: what a user sets for `backend: "mlflow"`. */
export const MLFLOW_VARIABLES = [
  "MLFLOW_TRACKING_URI",
  "MLFLOW_TRACKING_USERNAME",
  "MLFLOW_TRACKING_PASSWORD",
  "MLFLOW_TRACKING_TOKEN",
  "MLFLOW_TRACKING_INSECURE_TLS",
  "MLFLOW_TRACKING_SERVER_CERT_PATH",
] as const;

const LOGIN_HINT =
  "(with MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD, or MLFLOW_TRACKING_TOKEN, if the server needs a login)";

/**
 * What the name "mlflow" means: the server MLFLOW_TRACKING_URI names, as for
 * MLflow's own client. Unset, or not an http(s) URL (MLflow's file and
 * database stores, which only MLflow opens), it is a BackendNotConfigured
 * error naming the variable; never a fallback to another store.
 */
export const trackingUriFromEnv = (env: Env): Either<CoreError, string> => {
  const value = env.MLFLOW_TRACKING_URI?.trim();
  if (!value) {
    return {
      _tag: "Left",
      left: backendNotConfigured(
        "mlflow",
        MLFLOW_VARIABLES,
        "needs MLFLOW_TRACKING_URI, which is not set",
        `Set it to your tracking server's URL, e.g. export MLFLOW_TRACKING_URI=http://127.0.0.1:5000 ${LOGIN_HINT}, or pass that URL itself as the backend.`,
      ),
    };
  }
  if (!/^https?:\/\/[^/?#\s]/i.test(value)) {
    const shown = JSON.stringify(redactUri(value).slice(0, 200));
    return {
      _tag: "Left",
      left: backendNotConfigured(
        "mlflow",
        MLFLOW_VARIABLES,
        `reads MLFLOW_TRACKING_URI, which is ${shown}: not an http(s) URL of a tracking server (dimexp speaks MLflow's REST API; MLflow's file and database stores are opened only by MLflow itself)`,
        `Serve that store with \`mlflow server --backend-store-uri <store>\` and set MLFLOW_TRACKING_URI to the server's URL, e.g. http://127.0.0.1:5000 ${LOGIN_HINT}.`,
      ),
    };
  }
  return { _tag: "Right", right: value };
};

/**
 * MLflow as a backend provider for @dimexp/core: the name "mlflow"
 * (MLFLOW_TRACKING_URI) and http(s):// tracking URIs, with MLflow's
 * credential and TLS variables (see optionsFromEnv).
 */
export const provider: BackendProvider = {
  name: "mlflow",
  schemes: ["http", "https"],
  uriFromEnv: trackingUriFromEnv,
  open: (uri, options) => fromTrackingUri(uri, options.env),
};
