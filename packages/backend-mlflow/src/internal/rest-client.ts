// A typed client for the MLflow tracking REST API (2.0 endpoints, as served by
// MLflow 3.x) and its artifact proxy. No dependency on the abandoned `mlflow`
// npm package: Node's fetch (or node:https for custom TLS), JSON in and out.
//
// Retries: calls that are safe to repeat (reads, upserts, creates whose
// repetition the caller recognises) retry on 408/429/5xx and network failures
// with backoff, jitter and Retry-After. Writes that are not idempotent
// (log-batch, runs/create) go through `once`: one attempt, and the caller
// decides — after checking what the server applied — whether to send again.
//
// Credentials: the base URL never carries them (they are moved into an
// Authorization header when the client is built), no header is ever put into
// a message, and every message names only the method and the API path.

import { type RetryPolicy, RETRYABLE_STATUSES, backoffDelay, parseRetryAfter, sleep } from "./retry.js";
import { NetworkError, type Transport } from "./transport.js";
import type { WireExperiment, WireKeyValue, WireMetric, WireRun } from "./wire.js";

export type Auth = { readonly kind: "basic"; readonly username: string; readonly password: string } | { readonly kind: "bearer"; readonly token: string };

export interface RestClientOptions {
  /** the server's root, e.g. http://127.0.0.1:5000/ (no credentials in it) */
  readonly baseUrl: URL;
  readonly auth?: Auth | undefined;
  readonly transport: Transport;
  readonly retry: RetryPolicy;
  /** per attempt, in ms */
  readonly timeoutMs: number;
  /** told about every retry (never given credentials) */
  readonly onRetry?: ((event: RetryEvent) => void) | undefined;
}

export interface RetryEvent {
  readonly method: string;
  readonly path: string;
  readonly attempt: number;
  readonly delayMs: number;
  readonly reason: string;
}

/** Why a call failed, in terms the backend maps to its errors. */
export class RestError extends Error {
  constructor(
    message: string,
    /** HTTP status, 0 when there was no response */
    readonly status: number,
    /** MLflow's error_code (RESOURCE_DOES_NOT_EXIST, INVALID_PARAMETER_VALUE, …) or a network code */
    readonly code: string,
    /** whether trying again may succeed */
    readonly retryable: boolean,
    /** false only when the server certainly never saw the request */
    readonly delivered: boolean,
  ) {
    super(message);
    this.name = "RestError";
  }

  get notFound(): boolean {
    return this.status === 404 || this.code === "RESOURCE_DOES_NOT_EXIST";
  }
}

type Query = Readonly<Record<string, string | number | readonly string[] | undefined>>;

interface CallOptions {
  readonly query?: Query;
  readonly body?: string | Uint8Array;
  readonly contentType?: string;
  /** retry on retryable failures (default true) */
  readonly retry?: boolean;
  readonly raw?: boolean;
}

const API = "api/2.0/mlflow/";
const ARTIFACTS = "api/2.0/mlflow-artifacts/artifacts";

/** The first line of a server message, without the SQL MLflow sometimes appends. */
const tidy = (message: string): string => {
  const first = message.split("\n")[0] ?? "";
  const cut = first.replace(/\s*\(sqlite3\.[^)]*\).*$/, "").replace(/\s*Error: \(.*$/, "");
  return cut.length > 400 ? `${cut.slice(0, 400)}…` : cut;
};

/** What a client has asked of the server so far (`dimexp runs ls --stats` prints it). */
export interface RequestStats {
  /** HTTP requests sent, retries included */
  readonly requests: number;
  /** runs received from runs/search and runs/get (a run fetched twice counts twice) */
  readonly runsFetched: number;
}

export class RestClient {
  readonly #options: RestClientOptions;
  readonly #root: string;
  readonly #headers: Record<string, string>;
  #requests = 0;
  #runsFetched = 0;

  constructor(options: RestClientOptions) {
    this.#options = options;
    const url = new URL(options.baseUrl.href);
    url.username = "";
    url.password = "";
    url.search = "";
    url.hash = "";
    this.#root = url.href.endsWith("/") ? url.href : `${url.href}/`;
    this.#headers = { "user-agent": "dimexp-backend-mlflow", accept: "application/json" };
    const auth = options.auth;
    if (auth?.kind === "basic") {
      this.#headers.authorization = `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString("base64")}`;
    } else if (auth?.kind === "bearer") {
      this.#headers.authorization = `Bearer ${auth.token}`;
    }
  }

  /** Requests sent and runs received so far. */
  stats(): RequestStats {
    return { requests: this.#requests, runsFetched: this.#runsFetched };
  }

  /** The server root, safe to print. */
  get root(): string {
    return this.#root;
  }

  #url(path: string, query: Query | undefined): URL {
    const url = new URL(path, this.#root);
    for (const [k, v] of Object.entries(query ?? {})) {
      if (v === undefined) continue;
      if (Array.isArray(v)) for (const item of v) url.searchParams.append(k, item);
      else url.searchParams.append(k, String(v));
    }
    return url;
  }

  /** One attempt; resolves to the response body (parsed JSON unless raw) or rejects with a RestError. */
  async #attempt(method: "GET" | "POST" | "PUT", path: string, options: CallOptions): Promise<{ value: unknown; retryAfterMs?: number }> {
    const headers: Record<string, string> = { ...this.#headers };
    if (options.body !== undefined) headers["content-type"] = options.contentType ?? "application/json";
    let response: Awaited<ReturnType<Transport>>;
    this.#requests++;
    try {
      response = await this.#options.transport({
        method,
        url: this.#url(path, options.query),
        headers,
        body: options.body,
        timeoutMs: this.#options.timeoutMs,
      });
    } catch (error) {
      if (error instanceof NetworkError) throw new RestError(`${method} /${path}: ${error.message.replace(/^\S+ \S+: /, "")}`, 0, error.code, true, error.delivered);
      throw error;
    }
    let bytes: Uint8Array;
    try {
      bytes = await response.bytes();
    } catch (error) {
      // headers arrived but the body did not: the server did handle the request
      const code = error instanceof NetworkError ? error.code : "UNKNOWN";
      throw new RestError(`${method} /${path}: the response was cut off (${code})`, response.status, code, true, true);
    }
    const status = response.status;
    if (status >= 200 && status < 300) {
      if (options.raw) return { value: bytes };
      const text = new TextDecoder().decode(bytes);
      try {
        return { value: text.trim() === "" ? {} : (JSON.parse(text) as unknown) };
      } catch {
        throw new RestError(`${method} /${path}: the server answered ${status} with a body that is not JSON`, status, "BAD_RESPONSE", true, true);
      }
    }
    const text = new TextDecoder().decode(bytes);
    let code = `HTTP_${status}`;
    let message = "";
    try {
      const parsed = JSON.parse(text) as { error_code?: string; message?: string };
      if (typeof parsed.error_code === "string") code = parsed.error_code;
      if (typeof parsed.message === "string") message = tidy(parsed.message);
    } catch {
      message = tidy(text.replace(/<[^>]*>/g, " ").replace(/\s+/g, " ").trim());
    }
    if (status === 401 || status === 403) {
      message = `${message ? `${message}; ` : ""}check MLFLOW_TRACKING_USERNAME/MLFLOW_TRACKING_PASSWORD or MLFLOW_TRACKING_TOKEN`;
    }
    const retryable = RETRYABLE_STATUSES.has(status);
    const error = new RestError(`${method} /${path} → ${status} ${code}${message ? `: ${message}` : ""}`, status, code, retryable, true);
    const retryAfterMs = parseRetryAfter(response.header("retry-after"));
    throw Object.assign(error, { retryAfterMs });
  }

  /** A call with retries (unless options.retry is false). */
  async call<T>(method: "GET" | "POST" | "PUT", path: string, options: CallOptions = {}): Promise<T> {
    const policy = this.#options.retry;
    const started = Date.now();
    for (let attempt = 0; ; attempt++) {
      try {
        return (await this.#attempt(method, path, options)).value as T;
      } catch (error) {
        if (!(error instanceof RestError) || !error.retryable || options.retry === false) throw error;
        const delay = backoffDelay(policy, attempt, (error as RestError & { retryAfterMs?: number }).retryAfterMs);
        if (attempt + 1 >= policy.maxAttempts || Date.now() - started + delay > policy.budgetMs) throw error;
        this.#options.onRetry?.({ method, path: `/${path}`, attempt: attempt + 1, delayMs: Math.round(delay), reason: error.message });
        await sleep(delay);
      }
    }
  }

  /** Exactly one attempt (for writes whose repetition the caller must check first). */
  once<T>(method: "GET" | "POST" | "PUT", path: string, options: CallOptions = {}): Promise<T> {
    return this.call<T>(method, path, { ...options, retry: false });
  }

  /** The wait before the next attempt of a write the caller retries itself (attempt from 0). */
  backoff(attempt: number, error: unknown): number {
    return backoffDelay(this.#options.retry, attempt, (error as { retryAfterMs?: number })?.retryAfterMs);
  }

  get policy(): RetryPolicy {
    return this.#options.retry;
  }

  reportRetry(event: RetryEvent): void {
    this.#options.onRetry?.(event);
  }

  // ------------------------------------------------------------ experiments

  async getExperimentByName(name: string): Promise<WireExperiment | undefined> {
    try {
      const r = await this.call<{ experiment: WireExperiment }>("GET", `${API}experiments/get-by-name`, { query: { experiment_name: name } });
      return r.experiment;
    } catch (error) {
      if (error instanceof RestError && error.notFound) return undefined;
      throw error;
    }
  }

  async getExperiment(id: string): Promise<WireExperiment | undefined> {
    try {
      return (await this.call<{ experiment: WireExperiment }>("GET", `${API}experiments/get`, { query: { experiment_id: id } })).experiment;
    } catch (error) {
      if (error instanceof RestError && error.notFound) return undefined;
      throw error;
    }
  }

  /** The new experiment's id, or "exists" when the name is taken (active or deleted). */
  async createExperiment(name: string, tags: readonly WireKeyValue[]): Promise<string | "exists"> {
    try {
      const r = await this.call<{ experiment_id: string }>("POST", `${API}experiments/create`, { body: JSON.stringify({ name, tags }) });
      return r.experiment_id;
    } catch (error) {
      if (error instanceof RestError && error.code === "RESOURCE_ALREADY_EXISTS") return "exists";
      throw error;
    }
  }

  async searchExperiments(viewType: "ACTIVE_ONLY" | "ALL" = "ACTIVE_ONLY"): Promise<WireExperiment[]> {
    const out: WireExperiment[] = [];
    let pageToken: string | undefined;
    do {
      const r = await this.call<{ experiments?: WireExperiment[]; next_page_token?: string }>("POST", `${API}experiments/search`, {
        body: JSON.stringify({ max_results: 1000, view_type: viewType, ...(pageToken ? { page_token: pageToken } : {}) }),
      });
      out.push(...(r.experiments ?? []));
      pageToken = r.next_page_token || undefined;
    } while (pageToken);
    return out;
  }

  async deleteExperiment(id: string): Promise<void> {
    await this.call("POST", `${API}experiments/delete`, { body: JSON.stringify({ experiment_id: id }) });
  }

  async restoreExperiment(id: string): Promise<void> {
    await this.call("POST", `${API}experiments/restore`, { body: JSON.stringify({ experiment_id: id }) });
  }

  async renameExperiment(id: string, newName: string): Promise<void> {
    await this.call("POST", `${API}experiments/update`, { body: JSON.stringify({ experiment_id: id, new_name: newName }) });
  }

  // ------------------------------------------------------------ runs

  /** One attempt: a lost response may have created the run (the caller looks for it by its token). */
  async createRunOnce(body: { experiment_id: string; run_name: string; start_time: number; tags: readonly WireKeyValue[] }): Promise<WireRun> {
    return (await this.once<{ run: WireRun }>("POST", `${API}runs/create`, { body: JSON.stringify(body) })).run;
  }

  async updateRun(body: { run_id: string; status?: string; end_time?: number; run_name?: string }): Promise<void> {
    await this.call("POST", `${API}runs/update`, { body: JSON.stringify(body) });
  }

  async getRun(runId: string): Promise<WireRun | undefined> {
    try {
      const { run } = await this.call<{ run: WireRun }>("GET", `${API}runs/get`, { query: { run_id: runId } });
      if (run) this.#runsFetched++;
      return run;
    } catch (error) {
      if (error instanceof RestError && (error.notFound || (error.status === 400 && /run.*not found|invalid.*run/i.test(error.message)))) return undefined;
      throw error;
    }
  }

  async deleteRun(runId: string): Promise<void> {
    await this.call("POST", `${API}runs/delete`, { body: JSON.stringify({ run_id: runId }) });
  }

  async restoreRun(runId: string): Promise<void> {
    await this.call("POST", `${API}runs/restore`, { body: JSON.stringify({ run_id: runId }) });
  }

  async setTag(runId: string, key: string, value: string): Promise<void> {
    await this.call("POST", `${API}runs/set-tag`, { body: JSON.stringify({ run_id: runId, key, value }) });
  }

  /** One attempt of a pre-serialized log-batch body. */
  async logBatchOnce(body: string): Promise<void> {
    await this.once("POST", `${API}runs/log-batch`, { body });
  }

  /** log-batch for bodies that are safe to repeat (params and tags only). */
  async logBatchIdempotent(body: string): Promise<void> {
    await this.call("POST", `${API}runs/log-batch`, { body });
  }

  async searchRunsPage(body: {
    experiment_ids: readonly string[];
    filter?: string;
    run_view_type?: "ACTIVE_ONLY" | "DELETED_ONLY" | "ALL";
    max_results: number;
    order_by?: readonly string[];
    page_token?: string;
  }): Promise<{ runs: WireRun[]; nextPageToken: string | undefined }> {
    const r = await this.call<{ runs?: WireRun[]; next_page_token?: string }>("POST", `${API}runs/search`, { body: JSON.stringify(body) });
    this.#runsFetched += r.runs?.length ?? 0;
    return { runs: r.runs ?? [], nextPageToken: r.next_page_token || undefined };
  }

  async metricHistoryPage(runId: string, key: string, maxResults: number, pageToken: string | undefined): Promise<{ metrics: WireMetric[]; nextPageToken: string | undefined }> {
    const r = await this.call<{ metrics?: WireMetric[]; next_page_token?: string }>("GET", `${API}metrics/get-history`, {
      query: { run_id: runId, metric_key: key, max_results: maxResults, page_token: pageToken },
    });
    return { metrics: r.metrics ?? [], nextPageToken: r.next_page_token || undefined };
  }

  /** Points of one metric between two steps (all of them when there are at most maxResults ≤ 2500). */
  async metricHistoryAtSteps(runId: string, key: string, startStep: string, endStep: string, maxResults: number): Promise<WireMetric[]> {
    const r = await this.call<{ metrics?: WireMetric[] }>("GET", `${API}metrics/get-history-bulk-interval`, {
      query: { run_ids: [runId], metric_key: key, start_step: startStep, end_step: endStep, max_results: maxResults },
    });
    return r.metrics ?? [];
  }

  // ------------------------------------------------------------ artifacts (through the server's proxy)

  static artifactPath(root: string, relative: string): string {
    return `${ARTIFACTS}/${`${root}/${relative}`.split("/").filter((s) => s !== "").map(encodeURIComponent).join("/")}`;
  }

  async putArtifact(root: string, relative: string, body: Uint8Array | string, contentType: string): Promise<void> {
    await this.call("PUT", RestClient.artifactPath(root, relative), { body, contentType });
  }

  async getArtifact(root: string, relative: string): Promise<Uint8Array | undefined> {
    try {
      return await this.call<Uint8Array>("GET", RestClient.artifactPath(root, relative), { raw: true });
    } catch (error) {
      if (error instanceof RestError && error.notFound) return undefined;
      throw error;
    }
  }

  async listArtifacts(root: string, relative: string): Promise<Array<{ path: string; is_dir?: boolean; file_size?: number | string }>> {
    try {
      const r = await this.call<{ files?: Array<{ path: string; is_dir?: boolean; file_size?: number | string }> }>("GET", ARTIFACTS, {
        query: { path: `${root}/${relative}`.replace(/\/+/g, "/").replace(/\/$/, "") },
      });
      return r.files ?? [];
    } catch (error) {
      if (error instanceof RestError && error.notFound) return [];
      throw error;
    }
  }
}
