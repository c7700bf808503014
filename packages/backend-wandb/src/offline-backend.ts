// The offline W&B backend: each run is written as W&B's own transaction log,
// `<dir>/wandb/offline-run-YYYYMMDD_HHMMSS-<id>/run-<id>.wandb`, exactly what
// the SDK writes with WANDB_MODE=offline, so `wandb sync` uploads it later.
// Every write is appended and fsynced before it resolves. Reads replay the
// logs in the folder — dimexp's and the SDK's own (offline-run-* and run-*).

import { closeSync, fdatasyncSync, mkdirSync, openSync, readFileSync, readdirSync, rmSync, statSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import path from "node:path";
import {
  type BackendFailure,
  type CoreError,
  type CreateRunOptions,
  type ExperimentInfo,
  type LogBatch,
  type MetricSeries,
  type RunRecord,
  type SearchOptions,
  type TaskEither,
  type UpdateRunOptions,
  backendFailure,
  describeCause,
  matchesRawFilter,
  notFound,
} from "@dimexp/core";
import { generateRunId, isValidRunId } from "./internal/ids.js";
import { type JsonValue, isJsonObject, stringifyJson } from "./internal/json.js";
import {
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
  wandbTagsOf,
} from "./internal/run-mapping.js";
import { arrayFiles, readOfflineArrays, writeOfflineFiles } from "./internal/array-files.js";
import { type DecodedRun, configRecord, decodeRecord, exitRecord, filesRecord, headerRecord, historyItemsRecord, runRecord, summaryRecord } from "./offline/records.js";
import { WANDB_HEADER, frameRecords, readRecords } from "./offline/transaction-log.js";
import type { WandbBackendOptions } from "./options.js";
import { type WandbBackend, WANDB_CAPABILITIES, sortRecords } from "./backend-types.js";

type Result<E, A> = { _tag: "Left"; left: E } | { _tag: "Right"; right: A };
const right = <A>(value: A): Result<never, A> => ({ _tag: "Right", right: value });
const left = <E>(error: E): Result<E, never> => ({ _tag: "Left", left: error });

export const PRODUCER = "dimexp-backend-wandb";
const RUN_DIR = /^(?:offline-)?run-\d{8}_\d{6}-(.+)$/;

/** A run replayed from its transaction log. */
export interface ReplayedRun {
  readonly file: string;
  readonly id: string;
  readonly entity: string;
  readonly project: string;
  readonly group: string | null;
  readonly displayName: string;
  readonly tags: string[];
  /** unwrapped config values */
  readonly config: Record<string, JsonValue>;
  readonly summary: Record<string, JsonValue>;
  readonly rows: Array<Record<string, JsonValue>>;
  readonly exitCode: number | undefined;
  readonly startTime: number;
  readonly modifiedAt: number;
  /** batch ids written (Record.uuid "dimexp:<id>") */
  readonly batches: Set<string>;
  /** run files its Files records name (paths under the run folder's files/) */
  readonly files: Set<string>;
  readonly records: number;
  /** a problem that stopped reading early (a torn tail), if any */
  readonly problem: string | undefined;
}

const setPath = (target: Record<string, JsonValue>, keys: readonly string[], value: JsonValue) => {
  let node = target;
  keys.forEach((key, i) => {
    if (i === keys.length - 1) node[key] = value;
    else {
      const next = node[key];
      if (!isJsonObject(next)) node[key] = {};
      node = node[key] as Record<string, JsonValue>;
    }
  });
};

const removePath = (target: Record<string, JsonValue>, keys: readonly string[]) => {
  let node: JsonValue | undefined = target;
  for (let i = 0; i < keys.length - 1 && isJsonObject(node); i++) node = node[keys[i] as string];
  if (isJsonObject(node)) delete node[keys[keys.length - 1] as string];
};

/** Replays a .wandb file into the run it describes. */
export const replayTransactionLog = (file: string): ReplayedRun | undefined => {
  const bytes = readFileSync(file);
  const { records, problem } = readRecords(bytes);
  let run: DecodedRun | undefined;
  const config: Record<string, JsonValue> = {};
  const summary: Record<string, JsonValue> = {};
  const rows: Array<Record<string, JsonValue>> = [];
  const batches = new Set<string>();
  const files = new Set<string>();
  let exitCode: number | undefined;
  let group: string | null = null;
  let displayName = "";
  let tags: string[] = [];
  for (const bytes of records) {
    const record = decodeRecord(bytes);
    if ("uuid" in record && record.uuid.startsWith("dimexp:")) batches.add(record.uuid.slice("dimexp:".length));
    switch (record.type) {
      case "run":
        if (!run) {
          run = record.run;
          group = run.group;
          tags = run.tags;
        } else if (record.run.tags.length > 0 || tags.length > 0) tags = record.run.tags;
        if (record.run.displayName) displayName = record.run.displayName;
        if (record.run.group) group = record.run.group;
        for (const [keys, value] of record.run.config) setPath(config, keys, value);
        break;
      case "config":
        for (const [keys, value] of record.update) setPath(config, keys, value);
        for (const keys of record.remove) removePath(config, keys);
        break;
      case "summary":
        for (const [keys, value] of record.update) setPath(summary, keys, value);
        for (const keys of record.remove) removePath(summary, keys);
        break;
      case "history": {
        const row: Record<string, JsonValue> = {};
        for (const [keys, value] of record.items) row[keys.join(".")] = value;
        rows.push(row);
        break;
      }
      case "files":
        for (const p of record.paths) files.add(p);
        break;
      case "exit":
        exitCode = record.exitCode;
        break;
      default:
        break;
    }
  }
  if (!run) return undefined;
  return {
    file,
    id: run.runId,
    entity: run.entity,
    project: run.project,
    group: group === "" ? null : group,
    displayName: displayName || run.runId,
    tags,
    config,
    summary,
    rows,
    exitCode,
    startTime: run.startTime,
    modifiedAt: statSync(file).mtimeMs,
    batches,
    files,
    records: records.length,
    problem,
  };
};

const stateOfReplay = (replay: ReplayedRun): WandbRunState =>
  stateFromWandb({
    id: replay.id,
    entity: replay.entity,
    project: replay.project,
    displayName: replay.displayName,
    group: replay.group,
    state: replay.exitCode === undefined ? "running" : replay.exitCode === 0 ? "finished" : "failed",
    config: Object.fromEntries(Object.entries(replay.config).map(([k, v]) => [k, { value: v }])),
    summary: replay.summary,
    tags: replay.tags,
    createdAt: replay.startTime,
    heartbeatAt: replay.modifiedAt,
    historyLineCount: replay.rows.length,
  });

/** The run folder's files/: what `wandb sync` uploads from. */
const filesDir = (logFile: string): string => path.join(path.dirname(logFile), "files");

const pad = (n: number) => String(n).padStart(2, "0");
/** W&B's run folder time stamp (local time, as the SDK's datetime.now()). */
const folderTime = (ms: number): string => {
  const d = new Date(ms);
  return `${d.getFullYear()}${pad(d.getMonth() + 1)}${pad(d.getDate())}_${pad(d.getHours())}${pad(d.getMinutes())}${pad(d.getSeconds())}`;
};

interface Writer {
  readonly state: WandbRunState;
  readonly file: string;
  fd: number | undefined;
  length: number;
  num: number;
  ended: boolean;
  readonly applied: Set<string>;
  /** JSON text of each config / summary entry last written */
  readonly config: Map<string, string>;
  readonly summary: Map<string, string>;
  runFields: string;
  /** the last array file sequence of the run */
  readonly arrays: { last: number };
}

export const createOfflineBackend = (options: WandbBackendOptions): WandbBackend => {
  const project = options.project;
  const entity = options.entity ?? "";
  const root = path.resolve(options.dir ?? process.cwd(), "wandb");
  const experiments = new Map<string, ExperimentInfo>();
  const writers = new Map<string, Writer>();
  const cache = new Map<string, { size: number; mtime: number; replay: ReplayedRun | undefined }>();
  let closed = false;

  const task =
    <E extends CoreError, A>(operation: string, body: () => Promise<Result<E, A>> | Result<E, A>): TaskEither<E | BackendFailure, A> =>
    async () => {
      if (closed) return left(backendFailure("wandb", operation, "the backend is closed"));
      try {
        return await body();
      } catch (cause) {
        return left(backendFailure("wandb", operation, describeCause(cause), false));
      }
    };

  const replay = (file: string): ReplayedRun | undefined => {
    let info: { size: number; mtimeMs: number };
    try {
      info = statSync(file);
    } catch {
      return undefined;
    }
    const hit = cache.get(file);
    if (hit && hit.size === info.size && hit.mtime === info.mtimeMs) return hit.replay;
    const replayed = replayTransactionLog(file);
    cache.set(file, { size: info.size, mtime: info.mtimeMs, replay: replayed });
    return replayed;
  };

  /** Transaction logs in the folder, by run id (the newest folder wins). */
  const logFiles = (): Map<string, string> => {
    const out = new Map<string, string>();
    let entries: string[];
    try {
      entries = readdirSync(root).sort();
    } catch {
      return out;
    }
    for (const name of entries) {
      const match = RUN_DIR.exec(name);
      if (!match) continue;
      const id = match[1] as string;
      const file = path.join(root, name, `run-${id}.wandb`);
      try {
        statSync(file);
      } catch {
        continue;
      }
      out.set(id, file);
    }
    for (const [id, w] of writers) out.set(id, w.file);
    return out;
  };

  const projectRuns = (): ReplayedRun[] => {
    const out: ReplayedRun[] = [];
    for (const file of logFiles().values()) {
      const r = replay(file);
      if (r && r.project === project && (entity === "" || r.entity === "" || r.entity === entity)) out.push(r);
    }
    return out;
  };

  const findRun = (runId: string): ReplayedRun | undefined => {
    if (!isValidRunId(runId)) return undefined;
    const file = logFiles().get(runId);
    const r = file ? replay(file) : undefined;
    return r && r.project === project ? r : undefined;
  };

  const append = (w: Writer, records: Uint8Array[]) => {
    if (records.length === 0) return;
    if (w.fd === undefined) w.fd = openSync(w.file, "a");
    const { bytes, length } = frameRecords(records, w.length);
    writeSync(w.fd, bytes);
    fdatasyncSync(w.fd);
    w.length = length;
  };

  /** A Run record (name, tags, group changed) and a Config record for what changed since the last write, numbered in that order. */
  const diffRecords = (w: Writer, uuid: string | undefined): { config: Uint8Array[]; run: Uint8Array[] } => {
    const out = { config: [] as Uint8Array[], run: [] as Uint8Array[] };
    const runFields = stringifyJson({ name: w.state.displayName, tags: wandbTagsOf(w.state), group: w.state.group });
    if (runFields !== w.runFields) {
      w.runFields = runFields;
      out.run.push(runUpdate(w));
    }
    const config = configOf(w.state);
    const changed: Array<[string, JsonValue]> = [];
    for (const [key, entry] of Object.entries(config)) {
      const value = isJsonObject(entry) && Object.hasOwn(entry, "value") ? (entry.value as JsonValue) : entry;
      const text = stringifyJson(value);
      if (w.config.get(key) !== text) {
        changed.push([key, value]);
        w.config.set(key, text);
      }
    }
    if (changed.length > 0) out.config.push(configRecord(w.num++, changed, [], uuid));
    return out;
  };

  const runUpdate = (w: Writer): Uint8Array =>
    runRecord(w.num++, {
      runId: w.state.id,
      entity,
      project,
      group: w.state.group,
      displayName: w.state.displayName,
      tags: wandbTagsOf(w.state),
      startTime: w.state.startTime,
    });

  const summaryDiff = (w: Writer, uuid: string | undefined): Uint8Array[] => {
    const summary = summaryOf(w.state);
    const changed: Array<[string, JsonValue]> = [];
    for (const [key, value] of Object.entries(summary)) {
      const text = stringifyJson(value);
      if (w.summary.get(key) !== text) {
        changed.push([key, value]);
        w.summary.set(key, text);
      }
    }
    return changed.length > 0 ? [summaryRecord(w.num++, changed, [], uuid)] : [];
  };

  /** The writer of a run this process may append to (its own, or one left open by another process). */
  const writerFor = (runId: string): Writer | undefined => {
    const existing = writers.get(runId);
    if (existing) return existing;
    const r = findRun(runId);
    if (!r) return undefined;
    const state = stateOfReplay(r);
    const w: Writer = {
      state,
      file: r.file,
      fd: undefined,
      length: statSync(r.file).size,
      num: r.records + 1,
      ended: r.exitCode !== undefined,
      applied: new Set(r.batches),
      config: new Map(Object.entries(r.config).map(([k, v]) => [k, stringifyJson(v)])),
      summary: new Map(Object.entries(r.summary).map(([k, v]) => [k, stringifyJson(v)])),
      runFields: stringifyJson({ name: state.displayName, tags: wandbTagsOf(state), group: state.group }),
      arrays: { last: 0 },
    };
    writers.set(runId, w);
    return w;
  };

  const experimentOf = (name: string, runs: readonly ReplayedRun[]): ExperimentInfo | undefined => {
    const members = runs.filter((r) => (r.group ?? project) === name);
    if (members.length === 0) return undefined;
    const first = members.reduce((a, b) => (b.startTime < a.startTime ? b : a));
    const meta = first.config.dimexp;
    const tags = isJsonObject(meta) && isJsonObject(meta.experimentTags) ? (meta.experimentTags as Record<string, string>) : {};
    return { id: name, name, createdAt: first.startTime, tags: { ...tags } };
  };

  const backend: WandbBackend = {
    kind: "wandb",
    mode: "offline",
    entity: options.entity,
    project,
    location: `wandb offline: ${root} (project ${entity ? `${entity}/` : ""}${project}; upload with \`wandb sync\`)`,
    capabilities: WANDB_CAPABILITIES,

    runUrl: async (runId) => logFiles().get(runId) ?? "",

    getOrCreateExperiment: (name, tags = {}) =>
      task("create an experiment", () => {
        const known = experiments.get(name) ?? experimentOf(name, projectRuns());
        const info = known ?? { id: name, name, createdAt: Date.now(), tags: { ...tags } };
        if (!experiments.has(name)) experiments.set(name, info);
        return right(experiments.get(name) as ExperimentInfo);
      }),

    findExperiment: (name) => task("find an experiment", () => right(experiments.get(name) ?? experimentOf(name, projectRuns()))),

    listExperiments: () =>
      task("list experiments", () => {
        const runs = projectRuns();
        const names = new Set<string>([...runs.map((r) => r.group ?? project), ...experiments.keys()]);
        return right([...names].map((name) => experiments.get(name) ?? (experimentOf(name, runs) as ExperimentInfo)));
      }),

    createRun: (experimentId: string, runOptions: CreateRunOptions) =>
      task("create a run", () => {
        const known = new Set(logFiles().keys());
        let id = generateRunId();
        while (known.has(id)) id = generateRunId();
        const state = newRunState({
          id,
          entity,
          project,
          group: experimentId === project ? null : experimentId,
          displayName: runOptions.name,
          startTime: runOptions.startTime,
          tags: runOptions.tags,
          experimentTags: experiments.get(experimentId)?.tags ?? {},
        });
        const folder = path.join(root, `offline-run-${folderTime(Date.now())}-${id}`);
        mkdirSync(path.join(folder, "files"), { recursive: true });
        const file = path.join(folder, `run-${id}.wandb`);
        const fd = openSync(file, "wx");
        const w: Writer = {
          state,
          file,
          fd,
          length: 0,
          num: 1,
          ended: false,
          applied: new Set(),
          config: new Map(),
          summary: new Map(),
          runFields: "",
          arrays: { last: 0 },
        };
        const config = configOf(state);
        const unwrapped: Array<[string, JsonValue]> = Object.entries(config).map(([k, v]) => [k, isJsonObject(v) && Object.hasOwn(v, "value") ? (v.value as JsonValue) : v]);
        for (const [k, v] of unwrapped) w.config.set(k, stringifyJson(v));
        w.runFields = stringifyJson({ name: state.displayName, tags: wandbTagsOf(state), group: state.group });
        const records = [
          headerRecord(w.num++, PRODUCER),
          runRecord(w.num++, {
            runId: id,
            entity,
            project,
            config: unwrapped,
            group: state.group,
            displayName: state.displayName,
            tags: wandbTagsOf(state),
            host: hostname(),
            startTime: state.startTime,
            ...(options.notes !== undefined ? { notes: options.notes } : {}),
            ...(options.jobType !== undefined ? { jobType: options.jobType } : {}),
          }),
        ];
        writeSync(fd, WANDB_HEADER);
        w.length = WANDB_HEADER.length;
        append(w, records);
        writers.set(id, w);
        if (!experiments.has(experimentId)) experiments.set(experimentId, { id: experimentId, name: experimentId, createdAt: Date.now(), tags: {} });
        return right({ id, experimentId, name: state.displayName, status: "RUNNING" as const, startTime: state.startTime, endTime: undefined });
      }),

    updateRun: (runId: string, update: UpdateRunOptions) =>
      task("update a run", () => {
        const w = writerFor(runId);
        if (!w) return left(backendFailure("wandb", "update a run", `no run ${runId} in ${root}`));
        const { state } = w;
        if (update.status === "RUNNING" || update.status === "SCHEDULED") {
          if (w.ended) {
            return left(
              backendFailure("wandb", "reopen a run", `offline run ${runId} has ended: W&B's transaction log cannot continue after its exit record (wandb sync ignores anything later). Start a new run instead.`),
            );
          }
          state.status = update.status;
          state.endTime = undefined;
        }
        if (update.name !== undefined) state.displayName = update.name;
        const records: Uint8Array[] = [];
        const diff = diffRecords(w, undefined);
        records.push(...diff.run, ...diff.config);
        if (update.status !== undefined && update.status !== "RUNNING" && update.status !== "SCHEDULED") {
          if (w.ended) return right(undefined);
          state.status = update.status;
          state.endTime = update.endTime ?? state.endTime ?? Date.now();
          records.push(...summaryDiff(w, undefined));
          records.push(exitRecord(w.num++, exitCodeOf(update.status), ((state.endTime ?? Date.now()) - state.startTime) / 1000));
          append(w, records);
          w.ended = true;
          if (w.fd !== undefined) closeSync(w.fd);
          w.fd = undefined;
          return right(undefined);
        }
        if (update.endTime !== undefined) state.endTime = update.endTime;
        records.push(...summaryDiff(w, undefined));
        append(w, records);
        return right(undefined);
      }),

    logBatch: (runId: string, batch: LogBatch) =>
      task<CoreError, void>("log a batch", () => {
        const w = writerFor(runId);
        if (!w) return left(notFound("run", runId, `No W&B run ${runId} in ${root}.`));
        if (w.applied.has(batch.id)) return right(undefined);
        if (w.ended) return left(backendFailure("wandb", "log a batch", `offline run ${runId} has ended; W&B's transaction log cannot continue after its exit record`));
        const { state } = w;
        const problem = batchProblem(state, batch);
        if (problem) return left(problem);
        for (const p of batch.params) state.params.set(p.key, p.value);
        for (const t of batch.tags) state.tags.set(t.key, t.value);
        const uuid = `dimexp:${batch.id}`;
        // the files are on disk before the Files record names them (what wandb sync uploads)
        const files = arrayFiles(batch.arrays, w.arrays);
        writeOfflineFiles(filesDir(w.file), files);
        const { config, run } = diffRecords(w, uuid);
        const filesRecords = files.length > 0 ? [filesRecord(w.num++, files.map((f) => f.name), uuid)] : [];
        const chunk = historyRows(state, batch.metrics, true);
        for (const [key, point] of chunk.latest) state.latest.set(key, point);
        const history = chunk.rows.map((row) => historyItemsRecord(w.num++, row.items, row.step, uuid));
        state.historyLines += chunk.lines.length;
        append(w, [...run, ...config, ...filesRecords, ...history, ...summaryDiff(w, uuid)]);
        w.applied.add(batch.id);
        return right(undefined);
      }),

    getRun: (runId) =>
      task("read a run", () => {
        const r = findRun(runId);
        return right(r ? recordOf(stateOfReplay(r)) : undefined);
      }),

    searchRuns: (experimentId: string, search: SearchOptions = {}) =>
      task("search runs", () => {
        const records: RunRecord[] = [];
        for (const r of projectRuns()) {
          const record = recordOf(stateOfReplay(r));
          if (record.info.experimentId === experimentId && matchesRawFilter(record, search.filter)) records.push(record);
        }
        const sorted = sortRecords(records, search.orderBy ?? { key: "startTime", descending: true });
        return right(search.limit !== undefined ? sorted.slice(0, search.limit) : sorted);
      }),

    getMetricHistory: (runId, key) =>
      task("read a metric history", () => {
        const r = findRun(runId);
        const empty: MetricSeries = { key, steps: new Float64Array(0), values: new Float64Array(0), timestamps: new Float64Array(0) };
        return right(r ? seriesFromRows(key, r.rows) : empty);
      }),

    getArrays: (runId, key) =>
      task("read arrays", () => {
        const r = findRun(runId);
        return right(r ? readOfflineArrays(filesDir(r.file), r.files, key) : []);
      }),

    deleteRun: (runId: string) =>
      task("delete a run", () => {
        const w = writers.get(runId);
        if (w?.fd !== undefined) closeSync(w.fd);
        writers.delete(runId);
        if (!isValidRunId(runId)) return right(undefined);
        // every folder of the run (a run resumed by the SDK offline has several)
        let entries: string[] = [];
        try {
          entries = readdirSync(root);
        } catch {
          return right(undefined);
        }
        for (const name of entries) {
          if (RUN_DIR.exec(name)?.[1] !== runId) continue;
          const file = path.join(root, name, `run-${runId}.wandb`);
          const r = replay(file);
          if (r && r.project !== project) continue;
          rmSync(path.join(root, name), { recursive: true, force: true });
          cache.delete(file);
        }
        return right(undefined);
      }),

    deleteExperiment: (experimentId: string) =>
      task("delete an experiment", async () => {
        for (const r of projectRuns()) {
          if ((r.group ?? project) !== experimentId) continue;
          const deleted = await backend.deleteRun?.(r.id)();
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
        for (const key of keys) out[key] = [...new Set(found.right.map((r) => r.tags[key]).filter((v): v is string => v !== undefined))];
        return right(out);
      }),

    close: () => async () => {
      for (const w of writers.values()) {
        if (w.fd !== undefined) closeSync(w.fd);
        w.fd = undefined;
      }
      writers.clear();
      closed = true;
      return right(undefined);
    },
  };
  return backend;
};
