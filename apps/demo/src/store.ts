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

/** What the reachability check found wrong: no server, or one whose TLS certificate is not trusted here. */
interface ProbeProblem {
  readonly kind: "unreachable" | "certificate";
  readonly why: string;
}

/** Why a fetch got no HTTP answer, in words. */
const problemOf = (cause: unknown, port: string): ProbeProblem => {
  const error = cause as { name?: string; message?: string; cause?: { code?: unknown; message?: string } };
  if (error?.name === "TimeoutError" || error?.name === "AbortError") {
    return { kind: "unreachable", why: `it accepted no request or sent no answer within ${PROBE_TIMEOUT_MS / 1000} s` };
  }
  const code = String(error?.cause?.code ?? "");
  const detail = error?.cause?.message ?? error?.message ?? String(cause);
  // the server is there, but the handshake failed on its certificate
  if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|TLS|SSL/i.test(code)) return { kind: "certificate", why: detail };
  if (code === "ECONNREFUSED") return { kind: "unreachable", why: `connection refused (nothing listens on port ${port})` };
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return { kind: "unreachable", why: "the host name does not resolve" };
  if (code === "ECONNRESET" || code === "UND_ERR_SOCKET") return { kind: "unreachable", why: "the connection was closed without an answer" };
  return { kind: "unreachable", why: detail };
};

/** Any HTTP answer (even 401 or 404) means a server is there; only silence, a refused connection or an untrusted certificate fails. */
const probe = async (url: URL): Promise<ProbeProblem | undefined> => {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS), redirect: "manual" });
    await response.body?.cancel();
    return undefined;
  } catch (cause) {
    return problemOf(cause, url.port || (url.protocol === "https:" ? "443" : "80"));
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
    const server = `${base.origin}${base.pathname.replace(/\/$/, "")}`;
    const problem = await probe(new URL(`${base.pathname.replace(/\/$/, "")}/api/2.0/mlflow/experiments/get-by-name?experiment_name=x`, base));
    // The backend verifies TLS by its own variables, which this check cannot apply: with them set, it decides.
    const ownTls = /^(1|true|yes|on)$/i.test(env.MLFLOW_TRACKING_INSECURE_TLS?.trim() ?? "") || Boolean(env.MLFLOW_TRACKING_SERVER_CERT_PATH?.trim());
    if (problem?.kind === "certificate" && !ownTls) {
      throw new DemoFailure(
        `the MLflow tracking server at ${server} (from ${from}) presents a TLS certificate this machine does not trust: ${problem.why}. Set MLFLOW_TRACKING_SERVER_CERT_PATH (or NODE_EXTRA_CA_CERTS) to its CA bundle, or MLFLOW_TRACKING_INSECURE_TLS=true to skip verification.`,
      );
    }
    if (problem?.kind === "unreachable") {
      throw new DemoFailure(
        `cannot reach the MLflow tracking server at ${server} (from ${from}): ${problem.why}. Start it (mlflow server --host ${base.hostname} --port ${base.port || 5000}) or point ${store.variable ?? "DIMEXP_TRACKING_URI"} at a running one; without it the demo uses the embedded store ./dimexp.db.`,
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
    const where = `the W&B server at ${base.origin}${env.WANDB_BASE_URL?.trim() ? " (WANDB_BASE_URL)" : ""} for ${store.shownUri}`;
    if (problem?.kind === "certificate") {
      throw new DemoFailure(`${where} presents a TLS certificate this machine does not trust: ${problem.why}. Set NODE_EXTRA_CA_CERTS to its CA bundle.`);
    }
    if (problem) {
      throw new DemoFailure(
        `cannot reach ${where}: ${problem.why}. Check WANDB_BASE_URL, or log offline with WANDB_MODE=offline and upload later with wandb sync.`,
      );
    }
  }
};
