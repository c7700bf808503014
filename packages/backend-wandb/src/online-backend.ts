// The online W&B backend: runs are created and updated with GraphQL
// UpsertBucket, their history and summary go through file_stream (paced and
// coalesced per run), and they are read back with the Runs query (filters
// pushed down as Mongo-style run filters) and run history.

import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import {
  type BackendFailure,
  type CoreError,
  type CreateRunOptions,
  type ExperimentInfo,
  type LogBatch,
  type MetricSeries,
  type RunInfo,
  type RunRecord,
  type SearchOptions,
  type TaskEither,
  type UpdateRunOptions,
  backendFailure,
  describeCause,
  matchesRawFilter,
  notFound,
} from "@dimexp/core";
import { type ArrayFile, arrayFiles, readOnlineArrays, uploadRunFiles } from "./internal/array-files.js";
import { FileStream } from "./internal/file-stream.js";
import { GraphQLError, type RawRun, WandbGraphQL } from "./internal/graphql-client.js";
import { DEFAULT_RETRY, HttpClient, HttpFailure } from "./internal/http.js";
import { generateRunId, isValidRunId } from "./internal/ids.js";
import { toMongoFilter } from "./internal/pushdown.js";
import {
  CONFIG_KEY,
  type WandbRunState,
  batchProblem,
  configOf,
  exitCodeOf,
  historyRows,
  newRunState,
  recordOf,
  seriesFromRows,
  stateFromWandb,
  summaryOf,
  wandbStateOf,
  wandbTagsOf,
} from "./internal/run-mapping.js";
import { isJsonObject } from "./internal/json.js";
import { DEFAULT_BASE_URL, type WandbBackendOptions } from "./options.js";
import { type WandbBackend, WANDB_CAPABILITIES, sortRecords } from "./backend-types.js";

type Result<E, A> = { _tag: "Left"; left: E } | { _tag: "Right"; right: A };
const right = <A>(value: A): Result<never, A> => ({ _tag: "Right", right: value });
const left = <E>(error: E): Result<E, never> => ({ _tag: "Left", left: error });

interface ActiveRunEntry {
  readonly state: WandbRunState;
  readonly stream: FileStream;
  readonly applied: Set<string>;
  lock: Promise<unknown>;
  /** the last array file sequence, and each pending batch's file names (a retried batch overwrites the same files) */
  readonly arrays: { last: number; readonly names: Map<string, ArrayFile[]> };
}

const newEntry = (state: WandbRunState, stream: FileStream, applied: Set<string> = new Set()): ActiveRunEntry => ({
  state,
  stream,
  applied,
  lock: Promise.resolve(),
  arrays: { last: 0, names: new Map() },
});

const errorMessage = (cause: unknown): string => describeCause(cause);
const isRetryable = (cause: unknown): boolean =>
  (cause instanceof GraphQLError || cause instanceof HttpFailure) && cause.retryable;

export const createOnlineBackend = (options: WandbBackendOptions): WandbBackend => {
  const baseUrl = (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, "");
  if (!options.apiKey) throw new Error("W&B online mode needs an API key: set WANDB_API_KEY (https://wandb.ai/authorize), run `wandb login`, or use WANDB_MODE=offline");
  const retry = { ...DEFAULT_RETRY, ...(options.retry ?? {}) };
  const http = new HttpClient({ baseUrl, apiKey: options.apiKey, retry });
  const gql = new WandbGraphQL(http);
  const project = options.project;
  const streamOptions = {
    minIntervalMs: options.fileStreamIntervalMs ?? 500,
    maxRequestBytes: options.fileStreamMaxBytes ?? 10 * 1024 * 1024,
    heartbeatMs: options.heartbeatMs ?? 30_000,
    retry,
  };
  const experiments = new Map<string, ExperimentInfo>();
  const pendingExperiments = new Map<string, Promise<ExperimentInfo>>();
  const active = new Map<string, ActiveRunEntry>();
  let entityPromise: Promise<string> | undefined;
  let closed = false;

  const entity = (): Promise<string> => {
    if (options.entity) return Promise.resolve(options.entity);
    entityPromise ??= gql.viewerEntity().then((e) => {
      if (!e) throw new Error("the API key has no default entity: set WANDB_ENTITY or use wandb://<entity>/<project>");
      return e;
    });
    return entityPromise;
  };

  const task =
    <E extends CoreError, A>(operation: string, body: () => Promise<Result<E, A>>): TaskEither<E | BackendFailure, A> =>
    async () => {
      if (closed) return left(backendFailure("wandb", operation, "the backend is closed"));
      try {
        return await body();
      } catch (cause) {
        return left(backendFailure("wandb", operation, errorMessage(cause), isRetryable(cause)));
      }
    };

  const stateOf = async (raw: RawRun): Promise<WandbRunState> =>
    stateFromWandb({ ...raw, id: raw.name, entity: await entity(), project });

  /** Serializes the writes to one run. */
  const locked = <A>(entry: ActiveRunEntry, body: () => Promise<A>): Promise<A> => {
    const next = entry.lock.then(body, body);
    entry.lock = next.catch(() => undefined);
    return next;
  };

  const openStream = async (id: string, offset: number): Promise<FileStream> => {
    const e = await entity();
    return new FileStream(http, `/files/${encodeURIComponent(e)}/${encodeURIComponent(project)}/${encodeURIComponent(id)}/file_stream`, offset, streamOptions);
  };

  /** The run's writable state: cached for runs this backend writes, else read from W&B. */
  const activeRun = async (runId: string): Promise<ActiveRunEntry | undefined> => {
    const cached = active.get(runId);
    if (cached) return cached;
    if (!isValidRunId(runId)) return undefined;
    const raw = await gql.run(await entity(), project, runId);
    if (!raw) return undefined;
    const again = active.get(runId);
    if (again) return again;
    const state = await stateOf(raw);
    const entry = newEntry(state, await openStream(runId, raw.historyLineCount));
    active.set(runId, entry);
    return entry;
  };

  const upsert = async (state: WandbRunState, what: string, extra: { state?: string; withConfig?: boolean } = {}) =>
    gql.upsertRun(
      {
        name: state.id,
        project,
        entity: await entity(),
        ...(state.group !== null ? { groupName: state.group } : {}),
        displayName: state.displayName,
        ...(extra.withConfig === false ? {} : { config: configOf(state) }),
        tags: wandbTagsOf(state),
        ...(extra.state !== undefined ? { state: extra.state } : {}),
      },
      what,
    );

  const experimentInfo = (name: string, createdAt: number | undefined, config: Record<string, unknown> | undefined): ExperimentInfo => {
    const meta = config?.[CONFIG_KEY];
    const value = isJsonObject(meta) ? meta.value : undefined;
    const tags = isJsonObject(value) && isJsonObject(value.experimentTags) ? (value.experimentTags as Record<string, string>) : {};
    return { id: name, name, createdAt: createdAt ?? Date.now(), tags: { ...tags } };
  };

  const findOnServer = async (name: string): Promise<ExperimentInfo | undefined> => {
    const e = await entity();
    if (name === project) {
      const first = (await gql.runs(e, project, { limit: 1, order: "+created_at" }))[0];
      return experimentInfo(name, first?.createdAt, first?.config);
    }
    const first = (await gql.runs(e, project, { filters: { group: name }, limit: 1, order: "+created_at" }))[0];
    return first ? experimentInfo(name, first.createdAt, first.config) : undefined;
  };

  const withExperiment = (info: ExperimentInfo): ExperimentInfo => {
    const known = experiments.get(info.name);
    if (known) return known;
    experiments.set(info.name, info);
    return info;
  };

  const backend: WandbBackend = {
    kind: "wandb",
    mode: "online",
    project,
    get entity() {
      return options.entity;
    },
    location: `wandb://${options.entity ?? "(default entity)"}/${project} at ${baseUrl}`,
    capabilities: WANDB_CAPABILITIES,
    stats: http.stats,

    runUrl: async (runId: string) => {
      const app = baseUrl === DEFAULT_BASE_URL ? "https://wandb.ai" : baseUrl;
      return `${app}/${encodeURIComponent(await entity())}/${encodeURIComponent(project)}/runs/${encodeURIComponent(runId)}`;
    },

    getOrCreateExperiment: (name, tags = {}) =>
      task("create an experiment", async () => {
        const known = experiments.get(name);
        if (known) return right(known);
        let pending = pendingExperiments.get(name);
        if (!pending) {
          pending = (async () => withExperiment((await findOnServer(name)) ?? { id: name, name, createdAt: Date.now(), tags: { ...tags } }))();
          pendingExperiments.set(name, pending);
          pending.finally(() => pendingExperiments.delete(name)).catch(() => undefined);
        }
        return right(await pending);
      }),

    findExperiment: (name) =>
      task("find an experiment", async () => {
        const known = experiments.get(name);
        if (known) return right(known);
        const found = await findOnServer(name);
        return right(found ? withExperiment(found) : undefined);
      }),

    listExperiments: () =>
      task("list experiments", async () => {
        const runs = await gql.runGroups(await entity(), project);
        const found = new Map<string, ExperimentInfo>();
        for (const run of runs) {
          const name = run.group ?? project;
          if (!found.has(name)) found.set(name, experimentInfo(name, run.createdAt, run.config));
        }
        for (const [name, info] of experiments) if (!found.has(name)) found.set(name, info);
        return right([...found.values()]);
      }),

    createRun: (experimentId: string, runOptions: CreateRunOptions) =>
      task("create a run", async () => {
        const e = await entity();
        const experiment = experiments.get(experimentId);
        for (let attempt = 0; ; attempt++) {
          const state = newRunState({
            id: generateRunId(),
            entity: e,
            project,
            group: experimentId === project ? null : experimentId,
            displayName: runOptions.name,
            startTime: runOptions.startTime,
            tags: runOptions.tags,
            experimentTags: experiment?.tags ?? {},
          });
          state.createToken = randomBytes(16).toString("hex");
          const result = await gql.upsertRun(
            {
              name: state.id,
              project,
              entity: e,
              ...(state.group !== null ? { groupName: state.group } : {}),
              displayName: state.displayName,
              config: configOf(state),
              tags: wandbTagsOf(state),
              host: hostname(),
              state: "running",
              ...(options.notes !== undefined ? { notes: options.notes } : {}),
              ...(options.jobType !== undefined ? { jobType: options.jobType } : {}),
            },
            `create run "${runOptions.name}"`,
          );
          // inserted:false is either our own creation whose response was lost and
          // was retried (the run carries our token: it is ours, keep it), or a
          // generated id that already existed (1 in 2.8e12): pick another.
          const ours = result.inserted || JSON.stringify((await gql.run(e, project, state.id))?.config ?? {}).includes(state.createToken);
          if (!ours && attempt < 4) continue;
          if (!ours) return left(backendFailure("wandb", "create a run", "could not find a free run id"));
          const stream = await openStream(state.id, 0);
          stream.startHeartbeat();
          active.set(state.id, newEntry(state, stream));
          if (!experiments.has(experimentId)) experiments.set(experimentId, { id: experimentId, name: experimentId, createdAt: Date.now(), tags: {} });
          const info: RunInfo = { id: state.id, experimentId, name: state.displayName, status: "RUNNING", startTime: state.startTime, endTime: undefined };
          return right(info);
        }
      }),

    updateRun: (runId: string, update: UpdateRunOptions) =>
      task("update a run", async () => {
        const entry = await activeRun(runId);
        if (!entry) return left(backendFailure("wandb", "update a run", `no run ${runId} in ${await entity()}/${project}`));
        return locked(entry, async () => {
          const { state, stream } = entry;
          if (update.name !== undefined && update.name !== state.displayName) {
            const previous = state.displayName;
            state.displayName = update.name;
            try {
              await upsert(state, `rename run ${runId}`, { withConfig: false });
            } catch (error) {
              state.displayName = previous;
              throw error;
            }
          }
          const status = update.status;
          if (status === "RUNNING" || status === "SCHEDULED") {
            state.status = status;
            state.endTime = undefined;
            await upsert(state, `reopen run ${runId}`, { state: wandbStateOf(status), withConfig: false });
            stream.setSummary(summaryOf(state));
            await stream.flush();
            stream.startHeartbeat();
          } else if (status !== undefined) {
            state.status = status;
            state.endTime = update.endTime ?? state.endTime ?? Date.now();
            stream.setSummary(summaryOf(state));
            stream.complete(exitCodeOf(status));
            await stream.flush();
            stream.stopHeartbeat();
            // file_stream's exit code says finished or failed; W&B's state for a stopped run is "killed"
            if (status === "KILLED") await upsert(state, `mark run ${runId} killed`, { state: "killed", withConfig: false });
          } else if (update.endTime !== undefined) {
            state.endTime = update.endTime;
            stream.setSummary(summaryOf(state));
            await stream.flush();
          }
          return right(undefined);
        });
      }),

    logBatch: (runId: string, batch: LogBatch) =>
      task<CoreError, void>("log a batch", async () => {
        const entry = await activeRun(runId);
        if (!entry) return left(notFound("run", runId, `W&B project ${await entity()}/${project} has no such run.`));
        // Under the run's lock: check, update the config, queue the rows. The wait for
        // W&B's acknowledgement happens outside it, so concurrent batches coalesce.
        const queued = await locked(entry, async (): Promise<Result<CoreError, void>> => {
          const { state, stream } = entry;
          if (entry.applied.has(batch.id)) return right(undefined);
          const problem = batchProblem(state, batch);
          if (problem) return left(problem);
          // Arrays first: an upload that fails leaves nothing of the batch applied, and the
          // batch sent again uploads the same file names (overwriting, never duplicating).
          if (batch.arrays.length > 0) {
            const files = entry.arrays.names.get(batch.id) ?? arrayFiles(batch.arrays, entry.arrays);
            entry.arrays.names.set(batch.id, files);
            await uploadRunFiles(http, gql, { entity: await entity(), project, run: runId }, files);
            stream.markUploaded(files.map((f) => f.name));
          }
          const newParams = batch.params.filter((p) => state.params.get(p.key) !== p.value);
          const newTags = batch.tags.filter((t) => state.tags.get(t.key) !== t.value);
          if (newParams.length > 0 || newTags.length > 0) {
            const before = { params: new Map(state.params), tags: new Map(state.tags) };
            for (const p of newParams) state.params.set(p.key, p.value);
            for (const t of newTags) state.tags.set(t.key, t.value);
            try {
              await upsert(state, `update the config of run ${runId}`);
            } catch (error) {
              state.params.clear();
              for (const [k, v] of before.params) state.params.set(k, v);
              state.tags.clear();
              for (const [k, v] of before.tags) state.tags.set(k, v);
              throw error;
            }
          }
          const chunk = historyRows(state, batch.metrics);
          for (const [key, point] of chunk.latest) state.latest.set(key, point);
          stream.append(chunk.lines);
          if (chunk.lines.length > 0 || newTags.some((t) => t.key.startsWith("unit.") || t.key.startsWith("shape."))) {
            stream.setSummary(summaryOf(state));
          }
          state.historyLines = stream.nextOffset;
          entry.applied.add(batch.id);
          entry.arrays.names.delete(batch.id);
          return right(undefined);
        });
        if (queued._tag === "Left") return queued;
        // Resolves once W&B acknowledged everything queued so far (this batch included).
        await entry.stream.flush();
        return right(undefined);
      }),

    getRun: (runId) =>
      task("read a run", async () => {
        if (!isValidRunId(runId)) return right(undefined);
        const raw = await gql.run(await entity(), project, runId);
        return right(raw ? recordOf(await stateOf(raw)) : undefined);
      }),

    searchRuns: (experimentId: string, search: SearchOptions = {}) =>
      task("search runs", async () => {
        const e = await entity();
        const pushed = toMongoFilter(search.filter);
        const group = experimentId === project ? undefined : { group: experimentId };
        const filters = group && pushed.filter ? { $and: [group, pushed.filter] } : (group ?? pushed.filter);
        const order = search.orderBy ?? { key: "startTime" as const, descending: true };
        const serverLimit = search.limit !== undefined && pushed.exact && group !== undefined && order.key === "startTime" ? search.limit : undefined;
        const raws = await gql.runs(e, project, {
          filters,
          order: order.key === "startTime" && order.descending ? "-created_at" : "+created_at",
          ...(serverLimit !== undefined ? { limit: serverLimit } : {}),
        });
        const records: RunRecord[] = [];
        for (const raw of raws) {
          const record = recordOf(stateFromWandb({ ...raw, id: raw.name, entity: e, project }));
          if (record.info.experimentId !== experimentId) continue;
          if (matchesRawFilter(record, search.filter)) records.push(record);
        }
        const sorted = sortRecords(records, order);
        return right(search.limit !== undefined ? sorted.slice(0, search.limit) : sorted);
      }),

    getMetricHistory: (runId, key) =>
      task("read a metric history", async () => {
        const empty: MetricSeries = { key, steps: new Float64Array(0), values: new Float64Array(0), timestamps: new Float64Array(0) };
        if (!isValidRunId(runId)) return right(empty);
        const e = await entity();
        const raw = await gql.run(e, project, runId);
        if (!raw || raw.historyLineCount === 0) return right(empty);
        const lastStep = raw.lastHistoryStep ?? (typeof raw.summary._step === "number" ? raw.summary._step : raw.historyLineCount);
        const lines = await gql.historyLines(e, project, runId, raw.historyLineCount, lastStep);
        return right(seriesFromRows(key, lines));
      }),

    getArrays: (runId, key) =>
      task("read arrays", async () => {
        if (!isValidRunId(runId)) return right([]);
        return right(await readOnlineArrays(http, gql, { entity: await entity(), project, run: runId }, key));
      }),

    deleteRun: (runId: string) =>
      task("delete a run", async () => {
        if (!isValidRunId(runId)) return right(undefined);
        const raw = await gql.run(await entity(), project, runId);
        active.get(runId)?.stream.close();
        active.delete(runId);
        if (raw) await gql.deleteRun(raw.storageId, `delete run ${runId}`);
        return right(undefined);
      }),

    deleteExperiment: (experimentId: string) =>
      task("delete an experiment", async () => {
        const found = await backend.searchRuns(experimentId)();
        if (found._tag === "Left") return found;
        for (const run of found.right) {
          const deleted = await backend.deleteRun?.(run.info.id)();
          if (deleted?._tag === "Left") return deleted;
        }
        experiments.delete(experimentId);
        return right(undefined);
      }),

    distinctTagValues: (experimentId, keys) =>
      task("read tag values", async () => {
        const found = await backend.searchRuns(experimentId)();
        if (found._tag === "Left") return found;
        const out: Record<string, string[]> = {};
        for (const key of keys) {
          const values = new Set<string>();
          for (const run of found.right) {
            const v = run.tags[key];
            if (v !== undefined) values.add(v);
          }
          out[key] = [...values];
        }
        return right(out);
      }),

    close: () => async () => {
      if (closed) return right(undefined);
      const failures: string[] = [];
      await Promise.all(
        [...active.values()].map(async (entry) => {
          try {
            await entry.lock;
            await entry.stream.flush();
          } catch (error) {
            failures.push(`run ${entry.state.id}: ${errorMessage(error)}`);
          } finally {
            entry.stream.close();
          }
        }),
      );
      closed = true;
      active.clear();
      return failures.length > 0 ? left(backendFailure("wandb", "close", `data of ${failures.length} run(s) was not acknowledged: ${failures.join("; ")}`, true)) : right(undefined);
    },
  };
  return backend;
};
