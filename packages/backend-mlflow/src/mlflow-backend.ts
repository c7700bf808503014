// The MLflow backend: an ExperimentBackend over an MLflow tracking server's
// REST API. See internal/ for the pieces: the REST client (retries, auth),
// the batch planner (server limits), the run writer (exactly-once chunks),
// fidelity (exact values and logging order from a server that keeps less),
// filters (pushdown) and arrays (dimtensor-format artifacts).

import { randomUUID } from "node:crypto";
import {
  type ArrayRecord,
  type BackendCapabilities,
  type BackendFailure,
  type CoreError,
  type CreateRunOptions,
  type Either,
  type ExperimentBackend,
  type ExperimentInfo,
  type LogBatch,
  type MetricSeries,
  type RunInfo,
  type RunRecord,
  type SearchOptions,
  type TaskEither,
  type UpdateRunOptions,
  type ArrayStorage,
  arrayFileFolder,
  arrayFilePath,
  backendFailure,
  batchShapeProblem,
  decodeArrayFile,
  describeCause,
  describeStoredParam,
  encodeArrayFile,
  invalidValue,
  notFound,
  paramChanged,
} from "@dimexp/core";
import { type ArtifactPlace, artifactPlace, storeFor } from "./internal/artifact-store.js";
import { probeDistinctTagValues } from "./internal/distinct-tags.js";
import { reconstruct } from "./internal/fidelity.js";
import { toMlflowFilters } from "./internal/filter.js";
import { LIMITS } from "./internal/plan.js";
import {
  ARRAYS_UNAVAILABLE_TAG,
  CREATE_TOKEN_TAG,
  fixesByMetric,
  isDeleted,
  runIdOf,
  toExperimentInfo,
  toRunRecord,
} from "./internal/records.js";
import { type Auth, type RequestStats, RestClient, RestError, type RetryEvent } from "./internal/rest-client.js";
import { type RetryPolicy, retryPolicy, sleep } from "./internal/retry.js";
import { type RunState, planFor, pool, readStoredHistory, undoPlan, writePlanned } from "./internal/run-writer.js";
import { type TlsOptions, type Transport, fetchTransport, nodeTransport } from "./internal/transport.js";
import { type WireExperiment, type WireRun, recordOf } from "./internal/wire.js";

/** Both values of a refused param as people read them ("1 m", "100 cm"): the run's tags describe the stored one, the batch's the new one. */
const paramTexts = (key: string, previous: string, attempted: string, runTags: Record<string, string>, batch: LogBatch) => ({
  previous: describeStoredParam(key, previous, runTags),
  attempted: describeStoredParam(key, attempted, { ...runTags, ...Object.fromEntries(batch.tags.map((t) => [t.key, t.value])) }),
});

export interface MlflowBackendOptions {
  /** the tracking server, http(s)://host:port[/prefix]; user:password@ in it means Basic auth */
  readonly trackingUri: string;
  /** Basic auth (MLFLOW_TRACKING_USERNAME / MLFLOW_TRACKING_PASSWORD) */
  readonly username?: string | undefined;
  readonly password?: string | undefined;
  /** Bearer token (MLFLOW_TRACKING_TOKEN) */
  readonly token?: string | undefined;
  /** accept any TLS certificate (MLFLOW_TRACKING_INSECURE_TLS) */
  readonly insecureTls?: boolean | undefined;
  /** PEM certificate(s) to trust, e.g. a lab's own CA (MLFLOW_TRACKING_SERVER_CERT_PATH, read by fromTrackingUri) */
  readonly caCertificate?: string | Buffer | undefined;
  /** retries of failed calls (default: 8 attempts, 250 ms doubling to 15 s, within 120 s) */
  readonly retry?: Partial<RetryPolicy> | undefined;
  /** per request, in ms (default 120 000) */
  readonly timeoutMs?: number | undefined;
  /** log-batch requests in flight at once for one batch (default 2) */
  readonly maxInFlight?: number | undefined;
  /** points per metric-history page (default 25 000) */
  readonly historyPageSize?: number | undefined;
  /** runs per search page (default 1000) */
  readonly searchPageSize?: number | undefined;
  /** keep full arrays from logArray as artifacts (default true) */
  readonly arrays?: boolean | undefined;
  /** an experiment deleted on the server (but not purged) whose name is asked for: fail (default) or restore it */
  readonly onDeletedExperiment?: "error" | "restore" | undefined;
  /** called before every retry (for logs; never given credentials) */
  readonly onRetry?: ((event: RetryEvent) => void) | undefined;
  /** replaces the HTTP transport (tests) */
  readonly transport?: Transport | undefined;
}

export interface MlflowBackend extends ExperimentBackend {
  readonly kind: "mlflow";
  /** the server root, without credentials */
  readonly serverUrl: string;
  deleteRun(runId: string): TaskEither<BackendFailure, void>;
  /** Undoes deleteRun (MLflow deletes softly until its garbage collection runs). */
  restoreRun(runId: string): TaskEither<BackendFailure, void>;
  deleteExperiment(experimentId: string): TaskEither<BackendFailure, void>;
  /** HTTP requests this backend has sent (retries included) and runs it has received, so far. */
  requestStats(): RequestStats;
}

/** The request counts of an MLflow backend; undefined for any other backend. */
export const requestStatsOf = (backend: ExperimentBackend): RequestStats | undefined =>
  backend.kind === "mlflow" && typeof (backend as Partial<MlflowBackend>).requestStats === "function" ? (backend as MlflowBackend).requestStats() : undefined;

const BACKEND = "mlflow";
/** Searches of one searchRuns call in flight at once (one per unit group of a filter). */
const SEARCH_CONCURRENCY = 4;
/** Most tag keys whose values distinctTagValues finds by probing (internal/distinct-tags.ts); beyond, one full scan. */
const MAX_PROBED_KEYS = 32;
/** Most run ids a later search of searchRuns leaves out by `attributes.run_id NOT IN (…)`. */
const MAX_EXCLUDED_RUN_IDS = 1000;

/** Whether a search is for a unit group of dimexp's own tags (`tags.\`dimexp.metric.loss\` = '{…}'). */
const namesDimexpGroup = (filter: string): boolean => /tags\.`dimexp\.(metric|param)\./.test(filter);

const left = <E, A = never>(error: E): Either<E, A> => ({ _tag: "Left", left: error });
const right = <A, E = never>(value: A): Either<E, A> => ({ _tag: "Right", right: value });

/** The server URL and any credentials in it, or why the URI is not one. */
export const parseMlflowUri = (uri: string): Either<string, { url: URL; username?: string; password?: string }> => {
  let url: URL;
  try {
    url = new URL(uri.trim());
  } catch {
    return left("it is not a URL");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return left(`the scheme "${url.protocol}" is not http: or https:`);
  if (url.hostname === "") return left("it names no host");
  const username = url.username ? decodeURIComponent(url.username) : undefined;
  const password = url.password ? decodeURIComponent(url.password) : undefined;
  url.username = "";
  url.password = "";
  url.search = "";
  url.hash = "";
  return right({ url, ...(username !== undefined ? { username } : {}), ...(password !== undefined ? { password } : {}) });
};

const CAPABILITIES: BackendCapabilities = { arrays: true, pushdown: { or: false, numericParams: false, like: true } };
const NO_ARRAYS: BackendCapabilities = { arrays: false, pushdown: CAPABILITIES.pushdown };

/** Opens a backend on an MLflow tracking server (no request is made until the first call). */
export const createMlflowBackend = (options: MlflowBackendOptions): Either<CoreError, MlflowBackend> => {
  const parsed = parseMlflowUri(options.trackingUri);
  if (parsed._tag === "Left") {
    const shown = options.trackingUri.replace(/\/\/[^/@\s]*@/, "//***@");
    return left({
      _tag: "InvalidTrackingUri",
      uri: shown,
      message: `Invalid MLflow tracking URI ${JSON.stringify(shown)}: ${parsed.left}. Use http(s)://host:port, e.g. http://127.0.0.1:5000.`,
    });
  }
  const { url } = parsed.right;
  const username = options.username ?? parsed.right.username;
  const password = options.password ?? parsed.right.password;
  let auth: Auth | undefined;
  if (username !== undefined && username !== "") auth = { kind: "basic", username, password: password ?? "" };
  else if (options.token) auth = { kind: "bearer", token: options.token };
  const tls: TlsOptions = { insecure: options.insecureTls === true, ...(options.caCertificate ? { ca: options.caCertificate } : {}) };
  const transport = options.transport ?? (tls.insecure || tls.ca ? nodeTransport(tls) : fetchTransport);
  const timeoutMs = options.timeoutMs !== undefined && options.timeoutMs > 0 ? options.timeoutMs : 120_000;
  const client = new RestClient({ baseUrl: url, auth, transport, retry: retryPolicy(options.retry), timeoutMs, onRetry: options.onRetry });
  return right(new Mlflow(client, options));
};

const positive = (x: number | undefined, fallback: number): number => (x !== undefined && Number.isFinite(x) && x >= 1 ? Math.floor(x) : fallback);

class Mlflow implements MlflowBackend {
  readonly kind = "mlflow" as const;
  readonly capabilities: BackendCapabilities;
  readonly location: string;
  readonly serverUrl: string;

  readonly #client: RestClient;
  readonly #options: MlflowBackendOptions;
  readonly #runs = new Map<string, RunState>();
  readonly #applied = new Set<string>();
  /** artifact places of runs read (not written) by this backend, for arrayStorage */
  readonly #places = new Map<string, ArtifactPlace>();
  readonly #maxInFlight: number;
  readonly #historyPageSize: number;
  readonly #searchPageSize: number;
  #closed = false;

  constructor(client: RestClient, options: MlflowBackendOptions) {
    this.#client = client;
    this.#options = options;
    this.serverUrl = client.root;
    this.location = client.root.replace(/\/$/, "");
    this.capabilities = options.arrays === false ? NO_ARRAYS : CAPABILITIES;
    this.#maxInFlight = positive(options.maxInFlight, 2);
    this.#historyPageSize = positive(options.historyPageSize, 25_000);
    this.#searchPageSize = Math.min(positive(options.searchPageSize, 1000), 50_000);
  }

  // ------------------------------------------------------------ plumbing

  requestStats(): RequestStats {
    return this.#client.stats();
  }

  #failure(operation: string, cause: unknown): BackendFailure {
    if (cause instanceof RestError) return backendFailure(BACKEND, operation, `${cause.message} (server ${this.location})`, cause.retryable);
    return backendFailure(BACKEND, operation, describeCause(cause));
  }

  #task<A>(operation: string, body: () => Promise<A>): TaskEither<BackendFailure, A> {
    return async () => {
      if (this.#closed) return left(backendFailure(BACKEND, operation, `the backend for ${this.location} is closed`));
      try {
        return right(await body());
      } catch (cause) {
        return left(this.#failure(operation, cause));
      }
    };
  }

  // ------------------------------------------------------------ experiments

  async #experimentByName(name: string): Promise<WireExperiment | undefined> {
    const found = await this.#client.getExperimentByName(name);
    if (found === undefined || found.lifecycle_stage !== "deleted") return found;
    if (this.#options.onDeletedExperiment === "restore") {
      await this.#client.restoreExperiment(found.experiment_id);
      return { ...found, lifecycle_stage: "active" };
    }
    throw new Error(
      `the experiment ${JSON.stringify(name)} was deleted on the server (id ${found.experiment_id}) and still holds its name: restore it (mlflow experiments restore --experiment-id ${found.experiment_id}), purge it (mlflow gc), or open the backend with onDeletedExperiment: "restore"`,
    );
  }

  getOrCreateExperiment(name: string, tags: Readonly<Record<string, string>> = {}): TaskEither<BackendFailure, ExperimentInfo> {
    return this.#task(`get or create experiment ${JSON.stringify(name)}`, async () => {
      const existing = await this.#experimentByName(name);
      if (existing) return toExperimentInfo(existing);
      const created = await this.#client.createExperiment(
        name,
        Object.entries(tags).map(([key, value]) => ({ key, value })),
      );
      // "exists": created concurrently by someone else (or by our own lost response)
      const info = await this.#experimentByName(name);
      if (info === undefined) throw new Error(`experiment ${JSON.stringify(name)} ${created === "exists" ? "exists but cannot be read" : "vanished after it was created"}`);
      return toExperimentInfo(info);
    });
  }

  findExperiment(name: string): TaskEither<BackendFailure, ExperimentInfo | undefined> {
    return this.#task(`find experiment ${JSON.stringify(name)}`, async () => {
      const found = await this.#client.getExperimentByName(name);
      return found && found.lifecycle_stage !== "deleted" ? toExperimentInfo(found) : undefined;
    });
  }

  listExperiments(): TaskEither<BackendFailure, ExperimentInfo[]> {
    return this.#task("list experiments", async () => {
      const all = await this.#client.searchExperiments("ACTIVE_ONLY");
      return all.map(toExperimentInfo).sort((a, b) => Number(a.id) - Number(b.id) || (a.id < b.id ? -1 : 1));
    });
  }

  deleteExperiment(experimentId: string): TaskEither<BackendFailure, void> {
    return this.#task(`delete experiment ${JSON.stringify(experimentId)}`, async () => {
      const experiment = await this.#client.getExperiment(experimentId).catch((error: unknown) => {
        if (error instanceof RestError && error.status === 400) return undefined;
        throw error;
      });
      if (experiment === undefined) return;
      // MLflow keeps a deleted experiment's runs "active": delete them too, so none is read back
      for (const run of await this.#searchAll([experimentId], "", "ACTIVE_ONLY")) await this.#client.deleteRun(runIdOf(run));
      if (experiment.lifecycle_stage !== "deleted") {
        // a deleted experiment keeps its name until purged: free the name, as deleting promises
        await this.#client.renameExperiment(experimentId, `${experiment.name} (deleted ${experimentId}-${Date.now().toString(36)})`.slice(0, 500));
        await this.#client.deleteExperiment(experimentId);
      }
    });
  }

  // ------------------------------------------------------------ runs

  #state(run: WireRun, fresh: boolean): RunState {
    const id = runIdOf(run);
    let state = this.#runs.get(id);
    if (state === undefined) {
      state = {
        runId: id,
        experimentId: run.info.experiment_id,
        artifacts: artifactPlace(run.info.artifact_uri),
        fresh,
        cursors: new Map(),
        loadedKeys: new Set(),
        lastSequence: 0,
        chain: Promise.resolve(),
        plans: new Map(),
      };
      if (this.#runs.size >= 2000) this.#runs.delete(this.#runs.keys().next().value as string);
      this.#runs.set(id, state);
    }
    return state;
  }

  createRun(experimentId: string, options: CreateRunOptions): TaskEither<BackendFailure, RunInfo> {
    return this.#task(`create a run in experiment ${JSON.stringify(experimentId)}`, async () => {
      const token = randomUUID();
      const tags = [...Object.entries(options.tags).map(([key, value]) => ({ key, value })), { key: CREATE_TOKEN_TAG, value: token }];
      const body = { experiment_id: experimentId, run_name: options.name, start_time: Math.floor(options.startTime), tags };
      const policy = this.#client.policy;
      const started = Date.now();
      let uncertain = false;
      for (let attempt = 0; ; attempt++) {
        try {
          if (uncertain) {
            // the response of an earlier attempt was lost: did it create the run?
            const found = await this.#client.searchRunsPage({
              experiment_ids: [experimentId],
              filter: `tags.\`${CREATE_TOKEN_TAG}\` = '${token}'`,
              run_view_type: "ALL",
              max_results: 1,
            });
            const run = found.runs[0];
            if (run) return this.#runInfo(run, true);
          }
          return this.#runInfo(await this.#client.createRunOnce(body), true);
        } catch (error) {
          if (!(error instanceof RestError) || !error.retryable) throw error;
          if (error.delivered) uncertain = true;
          const delay = this.#client.backoff(attempt, error);
          if (attempt + 1 >= policy.maxAttempts || Date.now() - started + delay > policy.budgetMs) throw error;
          this.#client.reportRetry({ method: "POST", path: "/api/2.0/mlflow/runs/create", attempt: attempt + 1, delayMs: Math.round(delay), reason: error.message });
          await sleep(delay);
        }
      }
    });
  }

  #runInfo(run: WireRun, fresh: boolean): RunInfo {
    this.#state(run, fresh);
    return toRunRecord(run).info;
  }

  updateRun(runId: string, options: UpdateRunOptions): TaskEither<BackendFailure, void> {
    return this.#task(`update run ${runId}`, async () => {
      await this.#client.updateRun({
        run_id: runId,
        ...(options.status ? { status: options.status } : {}),
        ...(options.endTime !== undefined ? { end_time: Math.floor(options.endTime) } : {}),
        ...(options.name ? { run_name: options.name } : {}),
      });
    });
  }

  deleteRun(runId: string): TaskEither<BackendFailure, void> {
    return this.#task(`delete run ${runId}`, async () => {
      try {
        await this.#client.deleteRun(runId);
      } catch (error) {
        if (error instanceof RestError && (error.notFound || error.status === 400)) {
          if ((await this.#client.getRun(runId).catch(() => undefined)) === undefined) return;
        }
        throw error;
      }
    });
  }

  restoreRun(runId: string): TaskEither<BackendFailure, void> {
    return this.#task(`restore run ${runId}`, () => this.#client.restoreRun(runId));
  }

  logBatch(runId: string, batch: LogBatch): TaskEither<CoreError, void> {
    const operation = `log batch ${JSON.stringify(batch.id)} to run ${runId}`;
    return async () => {
      if (this.#closed) return left(backendFailure(BACKEND, operation, `the backend for ${this.location} is closed`));
      if (this.#applied.has(batch.id)) return right(undefined);
      const invalid = validateBatch(batch);
      if (invalid) return left(invalid);
      try {
        let state = this.#runs.get(runId);
        let run: WireRun | undefined;
        if (state === undefined) {
          run = await this.#client.getRun(runId);
          if (run === undefined || isDeleted(run)) return left(notFound("run", runId, `There is no active run with that id on ${this.location}.`));
          state = this.#state(run, false);
        }
        const ready = state;
        const result = ready.chain.then(() => this.#write(ready, batch, run));
        ready.chain = result.catch(() => undefined);
        return await result;
      } catch (cause) {
        return left(this.#failure(operation, cause));
      }
    };
  }

  async #write(state: RunState, batch: LogBatch, run: WireRun | undefined): Promise<Either<CoreError, void>> {
    if (this.#applied.has(batch.id)) return right(undefined);
    const existing = state.plans.get(batch.id);
    // A changed param is refused before anything is written (the server checks params first too).
    if (batch.params.length > 0 && (existing === undefined || existing.done.size === 0)) {
      const wire = run ?? (await this.#client.getRun(state.runId));
      const stored = recordOf(wire?.data?.params);
      for (const p of batch.params) {
        const previous = Object.hasOwn(stored, p.key) ? stored[p.key] : undefined; // a param named toString is not Object.prototype's
        if (previous !== undefined && previous !== p.value) {
          undoPlan(state, batch.id);
          return left(paramChanged(p.key, previous, p.value, paramTexts(p.key, previous, p.value, recordOf(wire?.data?.tags), batch)));
        }
      }
    }
    let effective = batch;
    const store = storeFor(this.#client, state.artifacts);
    if (batch.arrays.length > 0 && (!this.capabilities.arrays || store === undefined)) {
      // core asks arrayStorage() first and warns the user; this covers a run it knew nothing about
      const reason = !this.capabilities.arrays
        ? "arrays are switched off for this backend (arrays: false)"
        : state.artifacts.kind === "unsupported"
          ? state.artifacts.reason
          : "the run's artifacts cannot be written";
      effective = { ...batch, arrays: [], tags: [...batch.tags.filter((t) => t.key !== ARRAYS_UNAVAILABLE_TAG), { key: ARRAYS_UNAVAILABLE_TAG, value: reason }] };
    }
    const ctx = { client: this.#client, maxInFlight: this.#maxInFlight, historyPageSize: this.#historyPageSize };
    const progress = await planFor(ctx, state, effective, arrayFilePath, (i) => encodeArrayFile(effective.arrays[i] as ArrayRecord));
    try {
      await writePlanned(ctx, state, progress, (path, body) => (store as NonNullable<typeof store>).put(path, body));
    } catch (error) {
      if (error instanceof RestError && error.status === 400 && /Changing param values is not allowed/i.test(error.message)) {
        undoPlan(state, batch.id);
        const m = /'key': '([^']*)', 'old_value': '([^']*)', 'new_value': '([^']*)'/.exec(error.message);
        if (!m) return left(paramChanged("?", "?", "?"));
        const [, key = "?", previous = "?", attempted = "?"] = m;
        const tags = recordOf((await this.#client.getRun(state.runId).catch(() => undefined))?.data?.tags);
        return left(paramChanged(key, previous, attempted, paramTexts(key, previous, attempted, tags, batch)));
      }
      if (error instanceof RestError && error.status === 400 && /must be in the 'active' state/i.test(error.message)) {
        undoPlan(state, batch.id);
        return left(notFound("run", state.runId, `The run was deleted on ${this.location}.`));
      }
      if (error instanceof RestError && error.status === 400) {
        undoPlan(state, batch.id);
        return left(invalidValue(`batch ${batch.id}`, `the server refused it: ${error.message}`));
      }
      throw error;
    }
    state.plans.delete(batch.id);
    this.#applied.add(batch.id);
    if (this.#applied.size > 100_000) this.#applied.delete(this.#applied.values().next().value as string);
    return right(undefined);
  }

  // ------------------------------------------------------------ reading

  getRun(runId: string): TaskEither<BackendFailure, RunRecord | undefined> {
    return this.#task(`read run ${runId}`, async () => {
      if (!/^[\w-]{1,256}$/.test(runId)) return undefined;
      const run = await this.#client.getRun(runId);
      if (run === undefined || isDeleted(run)) return undefined;
      this.#remember(runId, artifactPlace(run.info.artifact_uri));
      return toRunRecord(run);
    });
  }

  async #searchAll(experimentIds: readonly string[], filter: string, viewType: "ACTIVE_ONLY" | "ALL", orderBy?: readonly string[], limit?: number): Promise<WireRun[]> {
    const runs: WireRun[] = [];
    let pageToken: string | undefined;
    do {
      const max = limit === undefined ? this.#searchPageSize : Math.min(this.#searchPageSize, limit - runs.length);
      if (max <= 0) break;
      const page = await this.#client.searchRunsPage({
        experiment_ids: experimentIds,
        ...(filter ? { filter } : {}),
        run_view_type: viewType,
        max_results: max,
        ...(orderBy ? { order_by: orderBy } : {}),
        ...(pageToken ? { page_token: pageToken } : {}),
      });
      runs.push(...page.runs);
      pageToken = page.nextPageToken;
    } while (pageToken);
    return runs;
  }

  searchRuns(experimentId: string, options: SearchOptions = {}): TaskEither<BackendFailure, RunRecord[]> {
    return this.#task(`search runs of experiment ${JSON.stringify(experimentId)}`, async () => {
      if (!/^\d+$/.test(experimentId)) return [];
      const filters = toMlflowFilters(options.filter);
      if (filters.length === 0) return [];
      const order = options.orderBy ?? { key: "startTime", descending: true };
      const direction = order.descending ? "DESC" : "ASC";
      const orderBy = order.key === "name" ? [`attributes.run_name ${direction}`] : [`attributes.start_time ${direction}`];
      // the server can cut at `limit` only when its order is ours and one search answers
      const serverLimit = filters.length === 1 && order.key === "startTime" ? options.limit : undefined;
      // One search per unit group, side by side (each waits on the server). The groups of
      // dimexp's own unit tags go first: they hold every run dimexp wrote, and those runs carry
      // dimtensor's unit.* tag too, so the dimtensor groups' searches then leave out the runs
      // already fetched (MLflow returns runs whole: fetching each twice doubled the time).
      const waves = [filters.filter(namesDimexpGroup), filters.filter((f) => !namesDimexpGroup(f))].filter((wave) => wave.length > 0);
      const pages: WireRun[][] = [];
      const fetched = new Set<string>();
      try {
        for (const wave of waves) {
          const ids = [...fetched];
          const exclude = ids.length > 0 && ids.length <= MAX_EXCLUDED_RUN_IDS && ids.every((id) => /^[\w-]+$/.test(id)) ? `attributes.run_id NOT IN (${ids.map((id) => `'${id}'`).join(", ")}) AND ` : "";
          const results: WireRun[][] = new Array(wave.length);
          await pool(
            wave.map((filter, i) => ({ filter, i })),
            SEARCH_CONCURRENCY,
            async ({ filter, i }) => {
              results[i] = await this.#searchAll([experimentId], `${exclude}${filter}`, "ACTIVE_ONLY", orderBy, serverLimit);
            },
          );
          for (const page of results) {
            pages.push(page);
            for (const run of page) fetched.add(runIdOf(run));
          }
        }
      } catch (error) {
        if (error instanceof RestError && (error.notFound || /experiment/i.test(error.message)) && error.status < 500) return [];
        throw error;
      }
      const byId = new Map<string, RunRecord>();
      for (const page of pages) {
        for (const run of page) {
          const id = runIdOf(run);
          if (!byId.has(id) && !isDeleted(run)) byId.set(id, toRunRecord(run));
        }
      }
      const records = [...byId.values()];
      if (filters.length > 1 || order.key === "name") {
        records.sort((a, b) => {
          const x = order.key === "name" ? a.info.name.localeCompare(b.info.name) : a.info.startTime - b.info.startTime;
          return order.descending ? -x : x;
        });
      }
      return options.limit !== undefined ? records.slice(0, Math.max(0, options.limit)) : records;
    });
  }

  getMetricHistory(runId: string, key: string): TaskEither<BackendFailure, MetricSeries> {
    return this.#task(`read the history of metric ${JSON.stringify(key)} of run ${runId}`, async () => {
      const empty: MetricSeries = { key, steps: new Float64Array(0), values: new Float64Array(0), timestamps: new Float64Array(0) };
      if (!/^[\w-]{1,256}$/.test(runId)) return empty;
      const run = await this.#client.getRun(runId);
      if (run === undefined || isDeleted(run)) return empty;
      const stored = await readStoredHistory(this.#client, runId, key, this.#historyPageSize);
      const fixes = fixesByMetric(recordOf(run.data?.tags)).get(key) ?? [];
      const logged = reconstruct(stored, fixes);
      return { key, steps: logged.step, values: logged.value, timestamps: logged.ts };
    });
  }

  getArrays(runId: string, key: string): TaskEither<BackendFailure, ArrayRecord[]> {
    return this.#task(`read arrays ${JSON.stringify(key)} of run ${runId}`, async () => {
      if (!/^[\w-]{1,256}$/.test(runId)) return [];
      const run = await this.#client.getRun(runId);
      if (run === undefined || isDeleted(run)) return [];
      const place = artifactPlace(run.info.artifact_uri);
      this.#remember(runId, place);
      const store = storeFor(this.#client, place);
      if (store === undefined) return [];
      const folder = arrayFileFolder(key);
      const files = (await store.list(folder)).filter((name) => name.endsWith(".json")).sort();
      const out: Array<ArrayRecord | undefined> = new Array(files.length);
      await pool(
        files.map((name, i) => ({ name, i })),
        4,
        async ({ name, i }) => {
          const bytes = await store.get(`${folder}/${name}`);
          out[i] = bytes ? decodeArrayFile(new TextDecoder().decode(bytes), key) : undefined;
        },
      );
      return out.filter((a): a is ArrayRecord => a !== undefined && a.key === key);
    });
  }

  #remember(runId: string, place: ArtifactPlace): void {
    if (this.#places.size >= 2000) this.#places.delete(this.#places.keys().next().value as string);
    this.#places.set(runId, place);
  }

  arrayStorage(runId: string): ArrayStorage | undefined {
    if (!this.capabilities.arrays) return { kept: false, reason: "arrays are switched off for this backend (arrays: false)" };
    const place = this.#runs.get(runId)?.artifacts ?? this.#places.get(runId);
    if (place === undefined) return undefined;
    return place.kind === "unsupported" ? { kept: false, reason: place.reason } : { kept: true };
  }

  distinctTagValues(experimentId: string, keys: readonly string[]): TaskEither<BackendFailure, Record<string, string[]>> {
    return this.#task(`list tag values in experiment ${JSON.stringify(experimentId)}`, async () => {
      const out: Record<string, string[]> = {};
      if (keys.length === 0) return out;
      const values = new Map<string, Set<string>>(keys.map((k) => [k, new Set()]));
      const collect = (runs: WireRun[]) => {
        for (const run of runs) {
          if (isDeleted(run)) continue;
          for (const t of run.data?.tags ?? []) values.get(t.key)?.add(t.value);
        }
      };
      if (!/^\d+$/.test(experimentId)) return Object.fromEntries(keys.map((k) => [k, []]));
      // Probing reads a run per distinct value (internal/distinct-tags.ts); a
      // key the filter language cannot name, or very many keys, read every run once.
      const probe = keys.length <= MAX_PROBED_KEYS && keys.every((k) => !k.includes("`"));
      if (probe) {
        const search = (filter: string, maxResults: number, pageToken: string | undefined) =>
          this.#client.searchRunsPage({ experiment_ids: [experimentId], filter, run_view_type: "ACTIVE_ONLY", max_results: maxResults, ...(pageToken ? { page_token: pageToken } : {}) });
        for (const [k, set] of await probeDistinctTagValues(search, keys, this.#searchPageSize)) for (const v of set) values.get(k)?.add(v);
      } else collect(await this.#searchAll([experimentId], "", "ACTIVE_ONLY"));
      for (const [k, set] of values) out[k] = [...set].sort();
      return out;
    });
  }

  close(): TaskEither<BackendFailure, void> {
    return async () => {
      if (!this.#closed) {
        this.#closed = true;
        await Promise.all([...this.#runs.values()].map((s) => s.chain.catch(() => undefined)));
        this.#runs.clear();
      }
      return right(undefined);
    };
  }
}

/** What the server would refuse anyway, refused before anything is sent. */
const validateBatch = (batch: LogBatch): CoreError | undefined => {
  for (const p of batch.params) {
    if (p.value.length > LIMITS.paramValueChars) {
      return invalidValue(`param "${p.key}"`, `MLflow keeps at most ${LIMITS.paramValueChars} characters, it has ${p.value.length}`);
    }
  }
  for (const t of batch.tags) {
    if (t.value.length > LIMITS.tagValueChars) {
      return invalidValue(`tag "${t.key}"`, `MLflow keeps at most ${LIMITS.tagValueChars} characters, it has ${t.value.length}`);
    }
  }
  return batchShapeProblem(batch);
};

