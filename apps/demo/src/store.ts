// Where the demo logs: the tracking URI (DIMEXP_TRACKING_URI, else
// MLFLOW_TRACKING_URI, else ./dimexp.db), which backend it means, and whether
// that backend's server answers at all. The demo checks reachability itself,
// before logging anything, because the backends retry patiently (MLflow for up
// to 2 minutes, W&B for 10) — right for a training job, wrong for a demo that
// should say "nothing answers at that address" and stop within seconds.

import { provider as localProvider } from "@dimexp/backend-local";
import { provider as mlflowProvider } from "@dimexp/backend-mlflow";
import { provider as wandbProvider, optionsFromTrackingUri as wandbOptions } from "@dimexp/backend-wandb";
import { type Env, redactUri, registerBackendProvider, resolveBackend, resolveTrackingUri } from "@dimexp/core";
import { DemoFailure } from "./failure.js";

/** How long the reachability check waits for any answer from a server. */
export const PROBE_TIMEOUT_MS = 5000;

export interface Store {
  /** the tracking URI in force, a backend name ("mlflow") replaced by the URI its variables give */
  readonly uri: string;
  /** the same without credentials, for printing */
  readonly shownUri: string;
  /** "local", "mlflow", "wandb", or "memory" */
  readonly kind: string;
  /** the variable the URI came from, or undefined for the default */
  readonly variable: "DIMEXP_TRACKING_URI" | "MLFLOW_TRACKING_URI" | undefined;
}

/**
 * The three backends are registered with core explicitly, as the CLI does:
 * core would otherwise look for them in the project of the current directory,
 * and `pnpm demo` must work from anywhere.
 */
export const registerDemoBackends = (): void => {
  registerBackendProvider(localProvider);
  registerBackendProvider(mlflowProvider);
  registerBackendProvider(wandbProvider);
};

/** The store the environment names: a tracking URI, a store path, or a backend name ("mlflow", "wandb") read through its variables. */
export const resolveStore = async (env: Env): Promise<Store> => {
  const requested = resolveTrackingUri(undefined, env);
  const variable = env.DIMEXP_TRACKING_URI?.trim() ? "DIMEXP_TRACKING_URI" : env.MLFLOW_TRACKING_URI?.trim() ? "MLFLOW_TRACKING_URI" : undefined;
  const resolved = await resolveBackend(requested, env);
  if (resolved._tag === "Left") throw new DemoFailure(`${resolved.left.message} (from ${variable ?? "the default"}); see pnpm demo --help`);
  const { uri, provider } = resolved.right;
  return { uri, shownUri: redactUri(uri), kind: provider.name, variable };
};

/** Why a fetch got no HTTP answer, in words. */
const whyUnreachable = (cause: unknown, port: string): string => {
  const error = cause as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (error?.name === "TimeoutError" || error?.name === "AbortError") {
    return `it accepted no request or sent no answer within ${PROBE_TIMEOUT_MS / 1000} s`;
  }
  const code = error?.cause?.code;
  if (code === "ECONNREFUSED") return `connection refused (nothing listens on port ${port})`;
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return "the host name does not resolve";
  if (code === "ECONNRESET" || code === "UND_ERR_SOCKET") return "the connection was closed without an answer";
  return error?.cause?.message ?? error?.message ?? String(cause);
};

/** Any HTTP answer (even 401 or 404) means a server is there; only silence or a refused connection fails. */
const probe = async (url: URL): Promise<string | undefined> => {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS), redirect: "manual" });
    await response.body?.cancel();
    return undefined;
  } catch (cause) {
    return whyUnreachable(cause, url.port || (url.protocol === "https:" ? "443" : "80"));
  }
};

const withoutCredentials = (text: string): URL => {
  const url = new URL(text);
  url.username = "";
  url.password = "";
  return url;
};

/**
 * Fails with one line when the store is a server that does not answer: an
 * MLflow tracking server, or W&B online (WANDB_BASE_URL). Local files, W&B
 * offline and the memory store need no check.
 */
export const checkReachable = async (store: Store, env: Env): Promise<void> => {
  const from = store.variable ?? "the default";
  if (store.kind === "mlflow") {
    let base: URL;
    try {
      base = withoutCredentials(store.uri);
    } catch {
      throw new DemoFailure(`the tracking URI ${store.shownUri} (from ${from}) is not a valid URL; an MLflow server looks like http://127.0.0.1:5000`);
    }
    const api = new URL(`${base.pathname.replace(/\/$/, "")}/api/2.0/mlflow/experiments/get-by-name?experiment_name=x`, base);
    const problem = await probe(api);
    if (problem) {
      throw new DemoFailure(
        `cannot reach the MLflow tracking server at ${base.origin}${base.pathname.replace(/\/$/, "")} (from ${from}): ${problem}. Start it (mlflow server --host ${base.hostname} --port ${base.port || 5000}) or point ${store.variable ?? "DIMEXP_TRACKING_URI"} at a running one; without it the demo uses the embedded store ./dimexp.db.`,
      );
    }
    return;
  }
  if (store.kind === "wandb") {
    const options = wandbOptions(store.uri, env);
    if (options._tag === "Left") throw new DemoFailure(`${options.left.message}; see pnpm demo --help`);
    const { mode, baseUrl } = options.right;
    if (mode === "disabled") {
      throw new DemoFailure(
        "WANDB_MODE=disabled keeps nothing, so the demo could not read its runs back: use WANDB_MODE=offline (.wandb files for a later wandb sync) or online.",
      );
    }
    if (mode !== "online") return;
    let base: URL;
    try {
      base = withoutCredentials(baseUrl ?? "");
    } catch {
      throw new DemoFailure(`WANDB_BASE_URL ${JSON.stringify(baseUrl)} is not a URL; it looks like https://api.wandb.ai`);
    }
    const problem = await probe(base);
    if (problem) {
      throw new DemoFailure(
        `cannot reach the W&B server at ${base.origin}${env.WANDB_BASE_URL?.trim() ? " (WANDB_BASE_URL)" : ""} for ${store.shownUri}: ${problem}. Check WANDB_BASE_URL, or log offline with WANDB_MODE=offline and upload later with wandb sync.`,
      );
    }
  }
};
