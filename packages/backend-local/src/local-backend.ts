// The embedded store: one SQLite file (better-sqlite3), WAL, every write one
// transaction. See internal/schema.ts for the tables and internal/sqlite.ts for
// durability and multi-process writing.

import { randomBytes } from "node:crypto";
import {
  type ArrayRecord,
  type BackendCapabilities,
  type BackendFailure,
  type CoreError,
  type CreateRunOptions,
  type ExperimentBackend,
  type ExperimentInfo,
  type LatestMetric,
  type LogBatch,
  type MetricSeries,
  type RunInfo,
  type RunRecord,
  type RunStatus,
  type SearchOptions,
  type UpdateRunOptions,
  RUN_STATUSES,
  type Either,
  type TaskEither,
  TAG,
  backendFailure,
  batchShapeProblem,
  checkCreateRunOptions,
  describeCause,
  describeStoredParam,
  notFound,
  paramChanged,
} from "@dimexp/core";
import type { Statement } from "better-sqlite3";
import {
  decodeColumnInto,
  encodeColumn,
  float64Blob,
  float64FromBlob,
  fromSqlReal,
  negativeZeroBits,
  sqlReal,
} from "./internal/columns.js";
import { filterToSql } from "./internal/filter-sql.js";
import { numericShadow } from "./internal/numbers.js";
import { openReadOnly } from "./internal/read-only.js";
import { LATEST_SCHEMA_VERSION, migrate, storeProblem } from "./internal/schema.js";
import { Abort, DEFAULT_BUSY_TIMEOUT_MS, type Db, configure, isBusy, makeWriter, openDatabase, type Writer } from "./internal/sqlite.js";

export interface LocalBackendOptions {
  /** the SQLite file (created with its folder if missing), or ":memory:" */
  readonly path: string;
  /**
   * How long one attempt waits for another process's write lock (SQLite's
   * busy_timeout), default 5000 ms. Writes retry with backoff for up to six
   * times this before failing with a retryable BackendFailure.
   */
  readonly busyTimeoutMs?: number;
  /**
   * Read only: the file must exist and be a dimexp store; nothing is created,
   * migrated or written (writes fail). An older schema version is read from a
   * migrated in-memory copy (see internal/read-only.ts).
   */
  readonly readOnly?: boolean;
}

/** The local store: an ExperimentBackend plus what is particular to a file. */
export interface LocalBackend extends ExperimentBackend {
  readonly kind: "local";
  /** absolute path of the SQLite file, or ":memory:" */
  readonly path: string;
  /** schema version of the file (PRAGMA user_version) */
  readonly schemaVersion: number;
  /** whether close() has been called */
  readonly closed: boolean;
}

export const LOCAL_CAPABILITIES: BackendCapabilities = {
  arrays: true,
  pushdown: { or: true, numericParams: true, like: true },
};

const BACKEND = "local";

const left = <E, A = never>(error: E): Either<E, A> => ({ _tag: "Left", left: error });
const right = <A, E = never>(value: A): Either<E, A> => ({ _tag: "Right", right: value });

/** MLflow-style run id: 32 lowercase hex digits. */
const newRunId = (): string => randomBytes(16).toString("hex");

const STATUSES: ReadonlySet<string> = new Set<string>(RUN_STATUSES);

/** Opens (creating or migrating) a local store. */
export const createLocalBackend = (options: LocalBackendOptions): Either<CoreError, LocalBackend> => {
  const requested = options.busyTimeoutMs;
  const busyTimeoutMs = requested !== undefined && Number.isFinite(requested) && requested >= 0 ? requested : DEFAULT_BUSY_TIMEOUT_MS;
  const operation = `open the store at ${options.path}`;
  if (options.readOnly) {
    const opened = openReadOnly(options.path, busyTimeoutMs);
    if (!opened.ok) return left(backendFailure(BACKEND, `open the store at ${opened.path} for reading`, opened.problem));
    return right(new SqliteBackend(opened.db, opened.path, busyTimeoutMs, opened.schemaVersion));
  }
  let opened: ReturnType<typeof openDatabase>;
  try {
    opened = openDatabase(options.path, busyTimeoutMs);
  } catch (cause) {
    return left(backendFailure(BACKEND, operation, describeOpenFailure(cause), isBusy(cause)));
  }
  const { db } = opened;
  try {
    // look before touching: a foreign or newer file is refused unchanged (not even switched to WAL)
    const problem = storeProblem(db);
    if (problem !== undefined) {
      db.close();
      return left(backendFailure(BACKEND, `open the store at ${opened.path}`, problem));
    }
    configure(opened);
    const outcome = migrateNow(db);
    if (!outcome.ok) {
      db.close();
      return left(backendFailure(BACKEND, `open the store at ${opened.path}`, outcome.problem));
    }
    return right(new SqliteBackend(db, opened.path, busyTimeoutMs, outcome.to));
  } catch (cause) {
    db.close();
    return left(backendFailure(BACKEND, `open the store at ${opened.path}`, describeOpenFailure(cause), isBusy(cause)));
  }
};

const describeOpenFailure = (cause: unknown): string => {
  const text = describeCause(cause);
  if (/file is not a database|file is encrypted/i.test(text)) return `${text} (the file exists but is not a SQLite database)`;
  return text;
};

/**
 * Migrates in a write transaction, except when the file is already current
 * (the common case: no write lock needed just to open).
 */
const migrateNow = (db: Db) => {
  const version = db.pragma("user_version", { simple: true }) as number;
  if (version === LATEST_SCHEMA_VERSION) return migrate(db);
  // A synchronous BEGIN IMMEDIATE: opening is synchronous; SQLite's busy handler waits for the lock.
  db.exec("BEGIN IMMEDIATE");
  try {
    const outcome = migrate(db);
    db.exec(outcome.ok ? "COMMIT" : "ROLLBACK");
    return outcome;
  } catch (cause) {
    if (db.inTransaction) db.exec("ROLLBACK");
    throw cause;
  }
};

type RunRow = [rid: number, id: string, experimentId: number, name: string, status: string, startTime: number, endTime: number | null];

/**
 * A run and its record JSON: params, tags and latest metrics materialized in
 * runs.record by every write (the child tables stay the truth that filters
 * probe), so loading 10,000 runs is one pass over one table and one
 * JSON.parse per run. Numbers JSON cannot hold are strings: "NaN", "-0",
 * "Infinity", "-Infinity" (SQLite's own JSON writes ±Infinity as ±9e999).
 */
const RECORD_COLUMNS = "r.rid, r.id, r.experiment_id, r.name, r.status, r.start_time, r.end_time, r.record";

type RecordRow = [...RunRow, record: string];

class SqliteBackend implements LocalBackend {
  readonly kind = "local" as const;
  readonly capabilities = LOCAL_CAPABILITIES;
  readonly location: string;
  readonly path: string;
  readonly schemaVersion: number;

  #db: Db | undefined;
  readonly #writer: Writer;
  readonly #statements: Map<string, Statement>;
  /** set on the backend that transaction() hands to its work: it writes inside that transaction */
  readonly #inTransaction: boolean;

  constructor(db: Db, path: string, busyTimeoutMs: number, schemaVersion: number, transaction?: { writer: Writer; statements: Map<string, Statement> }) {
    this.#db = db;
    this.path = path;
    this.location = path;
    this.schemaVersion = schemaVersion;
    this.#writer = transaction?.writer ?? makeWriter(db, busyTimeoutMs);
    this.#statements = transaction?.statements ?? new Map<string, Statement>();
    this.#inTransaction = transaction !== undefined;
    this.#busyTimeoutMs = busyTimeoutMs;
  }

  readonly #busyTimeoutMs: number;

  get closed(): boolean {
    return this.#db === undefined;
  }

  // ------------------------------------------------------------ plumbing

  /** A cached prepared statement (SQL text is the key; filters make a few shapes). */
  #sql(text: string): Statement {
    let statement = this.#statements.get(text);
    if (statement === undefined) {
      if (this.#db === undefined) throw new ClosedError();
      statement = this.#db.prepare(text);
      if (this.#statements.size > 500) this.#statements.clear();
      this.#statements.set(text, statement);
    }
    return statement;
  }

  #read<A>(operation: string, body: () => A): TaskEither<BackendFailure, A> {
    return async () => {
      try {
        if (this.#db === undefined) throw new ClosedError();
        return right(await this.#writer.read(body));
      } catch (cause) {
        return left(this.#failure(operation, cause));
      }
    };
  }

  #write<A, E = never>(operation: string, body: () => A): TaskEither<BackendFailure | E, A> {
    return async () => {
      try {
        if (this.#db === undefined) throw new ClosedError();
        return right(await this.#writer.write(body));
      } catch (cause) {
        if (cause instanceof Abort) return left(cause.value as E);
        return left(this.#failure(operation, cause));
      }
    };
  }

  #failure(operation: string, cause: unknown): BackendFailure {
    if (cause instanceof ClosedError) return backendFailure(BACKEND, operation, `the store at ${this.path} is closed`);
    return backendFailure(BACKEND, operation, describeCause(cause), isBusy(cause));
  }

  #rid(runId: string): number | undefined {
    return this.#sql("SELECT rid FROM runs WHERE id = ?").pluck().get(runId) as number | undefined;
  }

  // ------------------------------------------------------------ experiments

  #experiment(row: [number, string, number] | undefined): ExperimentInfo | undefined {
    if (row === undefined) return undefined;
    const [id, name, createdAt] = row;
    const tags = Object.fromEntries(
      this.#sql("SELECT key, value FROM experiment_tags WHERE experiment_id = ? ORDER BY key").raw().all(id) as [string, string][],
    );
    return { id: String(id), name, createdAt, tags };
  }

  #experimentByName(name: string): ExperimentInfo | undefined {
    return this.#experiment(
      this.#sql("SELECT id, name, created_at FROM experiments WHERE name = ?").raw().get(name) as [number, string, number] | undefined,
    );
  }

  getOrCreateExperiment(name: string, tags: Readonly<Record<string, string>> = {}): TaskEither<BackendFailure, ExperimentInfo> {
    const operation = `get or create experiment ${JSON.stringify(name)}`;
    return async () => {
      const found = await this.#read(operation, () => this.#experimentByName(name))();
      if (found._tag === "Left" || found.right !== undefined) return found as Either<BackendFailure, ExperimentInfo>;
      // INSERT OR IGNORE then select: two processes creating the same name both get the one row.
      return this.#write(operation, () => {
        const inserted = this.#sql("INSERT OR IGNORE INTO experiments (name, created_at) VALUES (?, ?)").run(name, Date.now());
        if (inserted.changes > 0) {
          const add = this.#sql("INSERT INTO experiment_tags (experiment_id, key, value) VALUES (?, ?, ?)");
          for (const [k, v] of Object.entries(tags)) add.run(inserted.lastInsertRowid, k, v);
        }
        const info = this.#experimentByName(name);
        if (info === undefined) throw new Error(`experiment ${JSON.stringify(name)} vanished while being created`);
        return info;
      })();
    };
  }

  findExperiment(name: string): TaskEither<BackendFailure, ExperimentInfo | undefined> {
    return this.#read(`find experiment ${JSON.stringify(name)}`, () => this.#experimentByName(name));
  }

  listExperiments(): TaskEither<BackendFailure, ExperimentInfo[]> {
    return this.#read("list experiments", () => {
      const rows = this.#sql("SELECT id, name, created_at FROM experiments ORDER BY id").raw().all() as [number, string, number][];
      return rows.map((row) => this.#experiment(row)!);
    });
  }

  // ------------------------------------------------------------ runs

  createRun(experimentId: string, given: CreateRunOptions): TaskEither<BackendFailure, RunInfo> {
    const operation = `create a run in experiment ${JSON.stringify(experimentId)}`;
    const checked = checkCreateRunOptions(BACKEND, given);
    if (checked._tag === "Left") return async () => checked;
    const options = checked.right;
    return this.#write(operation, () => {
      const key = experimentIdNumber(experimentId);
      const experiment = key === undefined ? undefined : (this.#sql("SELECT id FROM experiments WHERE id = ?").pluck().get(key) as number | undefined);
      if (experiment === undefined) throw new Error(`there is no experiment with id ${JSON.stringify(experimentId)}`);
      const id = newRunId();
      const initial = new RecordPatch();
      for (const [k, v] of Object.entries(options.tags)) initial.tag(k, v);
      const { lastInsertRowid } = this.#sql(
        `INSERT INTO runs (id, experiment_id, name, status, start_time, end_time, record)
         VALUES (?, ?, ?, 'RUNNING', ?, NULL, json_patch('{"params":{},"tags":{},"metrics":{}}', ?))`,
      ).run(id, experiment, options.name, options.startTime, JSON.stringify(initial));
      const addTag = this.#sql("INSERT INTO tags (rid, key, value) VALUES (?, ?, ?) ON CONFLICT (rid, key) DO UPDATE SET value = excluded.value");
      for (const [k, v] of Object.entries(options.tags)) addTag.run(lastInsertRowid, k, v);
      return {
        id,
        experimentId: String(experiment),
        name: options.name,
        status: "RUNNING" as const,
        startTime: options.startTime,
        endTime: undefined,
      };
    });
  }

  updateRun(runId: string, options: UpdateRunOptions): TaskEither<BackendFailure, void> {
    return this.#write(`update run ${runId}`, () => {
      if (options.status !== undefined && !STATUSES.has(options.status)) {
        throw new Error(`${JSON.stringify(options.status)} is not a run status (one of ${RUN_STATUSES.join(", ")})`);
      }
      const { changes } = this.#sql(
        `UPDATE runs SET status = coalesce(?, status), end_time = coalesce(?, end_time), name = coalesce(?, name) WHERE id = ?`,
      ).run(options.status ?? null, options.endTime ?? null, options.name ?? null, runId);
      if (changes === 0) throw new Error(`there is no run with id ${JSON.stringify(runId)}`);
    });
  }

  logBatch(runId: string, batch: LogBatch): TaskEither<CoreError, void> {
    const invalid = batchShapeProblem(batch);
    if (invalid !== undefined) return async () => left(invalid);
    return this.#write<void, CoreError>(`log batch ${JSON.stringify(batch.id)} to run ${runId}`, () => {
      const rid = this.#rid(runId);
      if (rid === undefined) throw new Abort(notFound("run", runId));
      // at most once per batch id: a repeated id is a successful no-op
      if (this.#sql("INSERT OR IGNORE INTO batches (rid, id, applied_at) VALUES (?, ?, ?)").run(rid, batch.id, Date.now()).changes === 0) {
        return;
      }
      const patch = new RecordPatch();
      this.#applyParams(rid, batch, patch);
      if (batch.tags.length > 0) {
        const upsert = this.#sql("INSERT INTO tags (rid, key, value) VALUES (?, ?, ?) ON CONFLICT (rid, key) DO UPDATE SET value = excluded.value");
        for (const { key, value } of batch.tags) {
          upsert.run(rid, key, value);
          patch.tag(key, value);
        }
      }
      for (const series of batch.metrics) this.#applyMetric(rid, series, patch);
      if (!patch.empty) this.#sql("UPDATE runs SET record = json_patch(record, ?) WHERE rid = ?").run(JSON.stringify(patch), rid);
      if (batch.arrays.length > 0) {
        const insert = this.#sql(
          "INSERT INTO arrays (rid, key, step, timestamp, negative_zero, shape, unit, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        );
        for (const a of batch.arrays) {
          insert.run(
            rid,
            a.key,
            sqlReal(a.step),
            sqlReal(a.timestamp),
            negativeZeroBits(a.step, a.timestamp),
            JSON.stringify(a.shape),
            a.unit,
            float64Blob(a.data),
          );
        }
      }
    });
  }

  #applyParams(rid: number, batch: LogBatch, patch: RecordPatch): void {
    if (batch.params.length === 0) return;
    const existing = this.#sql("SELECT value FROM params WHERE rid = ? AND key = ?").pluck();
    const insert = this.#sql("INSERT INTO params (rid, key, value, num) VALUES (?, ?, ?, ?)");
    for (const { key, value } of batch.params) {
      const previous = existing.get(rid, key) as string | undefined;
      if (previous === undefined) {
        insert.run(rid, key, value, numericShadow(value));
        patch.param(key, value);
      } else if (previous !== value) throw new Abort(this.#paramChanged(rid, batch, key, previous, value));
    }
  }

  /** The refusal with both values as people read them ("1 m", "100 cm"): the units are in the run's tags and the batch's. */
  #paramChanged(rid: number, batch: LogBatch, key: string, previous: string, value: string): CoreError {
    const rows = this.#sql("SELECT key, value FROM tags WHERE rid = ? AND key IN (?, ?)").all(rid, TAG.param(key), TAG.dimtensorUnit(key)) as Array<{ key: string; value: string }>;
    const stored: Record<string, string> = Object.fromEntries(rows.map((r) => [r.key, r.value]));
    const incoming = { ...stored, ...Object.fromEntries(batch.tags.map((t) => [t.key, t.value])) };
    return paramChanged(key, previous, value, { previous: describeStoredParam(key, previous, stored), attempted: describeStoredParam(key, value, incoming) });
  }

  #applyMetric(rid: number, series: MetricSeries, patch: RecordPatch): void {
    const n = series.values.length;
    if (n === 0) return;
    const steps = encodeColumn(series.steps, true);
    const times = encodeColumn(series.timestamps, true);
    this.#sql(
      `INSERT INTO metric_chunks (rid, key, count, steps, step_start, step_stride, vals, timestamps, time_start, time_stride)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(rid, series.key, n, steps.blob, steps.start, steps.stride, float64Blob(series.values), times.blob, times.start, times.stride);
    const value = series.values[n - 1]!;
    const step = series.steps[n - 1]!;
    const timestamp = series.timestamps[n - 1]!;
    this.#sql(
      `INSERT INTO latest_metrics (rid, key, value, step, timestamp, negative_zero) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (rid, key) DO UPDATE SET value = excluded.value, step = excluded.step,
         timestamp = excluded.timestamp, negative_zero = excluded.negative_zero`,
    ).run(rid, series.key, sqlReal(value), sqlReal(step), sqlReal(timestamp), negativeZeroBits(value, step, timestamp));
    patch.metric(series.key, value, step, timestamp);
  }

  // ------------------------------------------------------------ reading

  getRun(runId: string): TaskEither<BackendFailure, RunRecord | undefined> {
    return this.#read(`read run ${runId}`, () => {
      const row = this.#sql(`SELECT ${RECORD_COLUMNS} FROM runs r WHERE r.id = ?`).raw().get(runId) as RecordRow | undefined;
      return row === undefined ? undefined : toRecord(row);
    });
  }

  searchRuns(experimentId: string, options: SearchOptions = {}): TaskEither<BackendFailure, RunRecord[]> {
    return this.#read(`search runs of experiment ${JSON.stringify(experimentId)}`, () => {
      const experiment = experimentIdNumber(experimentId);
      if (experiment === undefined) return [];
      const condition = filterToSql(options.filter);
      const limit = options.limit !== undefined && Number.isFinite(options.limit) ? Math.max(0, Math.floor(options.limit)) : -1;
      const where = `r.experiment_id = ? AND (${condition.sql})`;
      // The reference order (core's memory backend): newest first; ties in creation order.
      const order = options.orderBy ?? { key: "startTime", descending: true };
      if (order.key === "startTime") {
        const sql = `SELECT ${RECORD_COLUMNS} FROM runs r WHERE ${where}
          ORDER BY r.start_time ${order.descending ? "DESC" : "ASC"}, r.rid LIMIT ?`;
        return (this.#sql(sql).raw().all(experiment, ...condition.params, limit) as RecordRow[]).map(toRecord);
      }
      // Names sort as core sorts them (localeCompare), which no SQLite collation matches:
      // select the matching (rid, name) pairs, sort them here, then load the page.
      const candidates = this.#sql(`SELECT r.rid, r.name FROM runs r WHERE ${where} ORDER BY r.rid`)
        .raw()
        .all(experiment, ...condition.params) as [number, string][];
      candidates.sort((a, b) => (order.descending ? -1 : 1) * a[1].localeCompare(b[1]));
      const page = (limit < 0 ? candidates : candidates.slice(0, limit)).map(([rid]) => rid);
      const sql = `SELECT ${RECORD_COLUMNS} FROM json_each(?) j JOIN runs r ON r.rid = j.value ORDER BY j.key`;
      return (this.#sql(sql).raw().all(JSON.stringify(page)) as RecordRow[]).map(toRecord);
    });
  }

  getMetricHistory(runId: string, key: string): TaskEither<BackendFailure, MetricSeries> {
    return this.#read(`read the history of metric ${JSON.stringify(key)} of run ${runId}`, () => {
      const rid = this.#rid(runId);
      const empty = { key, steps: new Float64Array(0), values: new Float64Array(0), timestamps: new Float64Array(0) };
      if (rid === undefined) return empty;
      const chunks = this.#sql(
        `SELECT count, steps, step_start, step_stride, vals, timestamps, time_start, time_stride
         FROM metric_chunks WHERE rid = ? AND key = ? ORDER BY id`,
      )
        .raw()
        .all(rid, key) as ChunkRow[];
      if (chunks.length === 0) return empty;
      let total = 0;
      for (const c of chunks) total += c[0];
      const steps = new Float64Array(total);
      const values = new Float64Array(total);
      const timestamps = new Float64Array(total);
      let offset = 0;
      for (const [count, stepBlob, stepStart, stepStride, valueBlob, timeBlob, timeStart, timeStride] of chunks) {
        decodeColumnInto(steps, offset, count, stepBlob, stepStart, stepStride);
        decodeColumnInto(values, offset, count, valueBlob, null, null);
        decodeColumnInto(timestamps, offset, count, timeBlob, timeStart, timeStride);
        offset += count;
      }
      return { key, steps, values, timestamps };
    });
  }

  getArrays(runId: string, key: string): TaskEither<BackendFailure, ArrayRecord[]> {
    return this.#read(`read arrays ${JSON.stringify(key)} of run ${runId}`, () => {
      const rows = this.#sql(
        `SELECT a.step, a.timestamp, a.negative_zero, a.shape, a.unit, a.data
         FROM arrays a JOIN runs r ON r.rid = a.rid WHERE r.id = ? AND a.key = ? ORDER BY a.id`,
      )
        .raw()
        .all(runId, key) as [number | null, number | null, number, string, string, Buffer][];
      return rows.map(([step, timestamp, negativeZero, shape, unit, data]) => ({
        key,
        step: fromSqlReal(step, (negativeZero & 1) !== 0),
        timestamp: fromSqlReal(timestamp, (negativeZero & 2) !== 0),
        shape: JSON.parse(shape) as number[],
        unit,
        data: float64FromBlob(data),
      }));
    });
  }

  distinctTagValues(experimentId: string, keys: readonly string[]): TaskEither<BackendFailure, Record<string, string[]>> {
    return this.#read(`list tag values in experiment ${JSON.stringify(experimentId)}`, () => {
      const out: Record<string, string[]> = {};
      const experiment = experimentIdNumber(experimentId);
      const query = this.#sql(
        `SELECT DISTINCT t.value FROM tags t JOIN runs r ON r.rid = t.rid
         WHERE t.key = ? AND r.experiment_id = ? ORDER BY t.value`,
      ).pluck();
      for (const key of keys) out[key] = experiment === undefined ? [] : (query.all(key, experiment) as string[]);
      return out;
    });
  }

  deleteRun(runId: string): TaskEither<BackendFailure, void> {
    return this.#write(`delete run ${runId}`, () => {
      const rid = this.#rid(runId);
      if (rid !== undefined) this.#deleteRuns([rid]);
    });
  }

  deleteExperiment(experimentId: string): TaskEither<BackendFailure, void> {
    return this.#write(`delete experiment ${JSON.stringify(experimentId)}`, () => {
      const key = experimentIdNumber(experimentId);
      if (key === undefined) return;
      this.#deleteRuns(this.#sql("SELECT rid FROM runs WHERE experiment_id = ?").pluck().all(key) as number[]);
      this.#sql("DELETE FROM experiment_tags WHERE experiment_id = ?").run(key);
      this.#sql("DELETE FROM experiments WHERE id = ?").run(key);
    });
  }

  /** Removes runs and every child row (inside the caller's write transaction). */
  #deleteRuns(rids: readonly number[]): void {
    for (const table of ["params", "tags", "metric_chunks", "latest_metrics", "arrays", "batches", "runs"]) {
      const statement = this.#sql(`DELETE FROM ${table} WHERE rid = ?`);
      for (const rid of rids) statement.run(rid);
    }
  }

  // ------------------------------------------------------------ transactions

  /**
   * One SQLite transaction around `work` (ExperimentBackend.transaction): the
   * backend it is given writes inside it, each call under a savepoint; the
   * transaction commits when `work` ends Right and rolls back otherwise, so
   * other connections see all of it or nothing, and a crash leaves nothing.
   * Other writers wait for the write lock meanwhile (up to six times
   * busyTimeoutMs, as for any write); writes through this backend from outside
   * `work` wait until it ends. Nested, it joins the open transaction.
   */
  transaction<E, A>(work: (tx: ExperimentBackend) => TaskEither<E, A>): TaskEither<E | BackendFailure, A> {
    if (this.#inTransaction) return work(this);
    return async () => {
      const db = this.#db;
      if (db === undefined) return left(this.#failure("run a transaction", new ClosedError()));
      try {
        return await this.#writer.transaction(
          (scope) => work(new SqliteBackend(db, this.path, this.#busyTimeoutMs, this.schemaVersion, { writer: scope, statements: this.#statements }))(),
          (outcome) => outcome._tag === "Right",
        );
      } catch (cause) {
        return left(this.#failure("run a transaction", cause));
      }
    };
  }

  close(): TaskEither<BackendFailure, void> {
    // the backend inside a transaction shares its owner's connection: the owner closes it
    if (this.#inTransaction) return async () => right(undefined);
    return async () => {
      const db = this.#db;
      if (db === undefined) return right(undefined);
      this.#db = undefined;
      this.#statements.clear();
      try {
        db.close();
        return right(undefined);
      } catch (cause) {
        return left(backendFailure(BACKEND, `close the store at ${this.path}`, describeCause(cause)));
      }
    };
  }
}

type ChunkRow = [
  count: number,
  steps: Buffer | null,
  stepStart: number | null,
  stepStride: number | null,
  values: Buffer,
  timestamps: Buffer | null,
  timeStart: number | null,
  timeStride: number | null,
];

class ClosedError extends Error {
  constructor() {
    super("the store is closed");
  }
}

/** Experiment ids are the decimal text of an integer key; anything else names no experiment. */
const experimentIdNumber = (id: string): number | undefined => (/^\d{1,15}$/.test(id) ? Number(id) : undefined);

interface StoredRecord {
  params: Record<string, string>;
  tags: Record<string, string>;
  metrics: Record<string, { value: number | string; step: number | string; timestamp: number | string }>;
}

/** A number as the record JSON holds it (JSON has no NaN, ±Infinity or -0). */
const jsonNumber = (x: number): number | string =>
  Number.isFinite(x) && !Object.is(x, -0) ? x : Number.isNaN(x) ? "NaN" : Object.is(x, -0) ? "-0" : String(x);

const fromJsonNumber = (x: number | string): number => (typeof x === "number" ? x : x === "-0" ? -0 : Number(x));

const toRecord = (row: RecordRow): RunRecord => {
  const [, id, experimentId, name, status, startTime, endTime, json] = row;
  const stored = JSON.parse(json) as StoredRecord;
  const metrics = stored.metrics;
  for (const key of Object.keys(metrics)) {
    const m = metrics[key]!;
    if (typeof m.value !== "number") m.value = fromJsonNumber(m.value);
    if (typeof m.step !== "number") m.step = fromJsonNumber(m.step);
    if (typeof m.timestamp !== "number") m.timestamp = fromJsonNumber(m.timestamp);
  }
  return {
    info: {
      id,
      experimentId: String(experimentId),
      name,
      status: status as RunStatus,
      startTime,
      endTime: endTime ?? undefined,
    },
    params: stored.params,
    tags: stored.tags,
    metrics: metrics as Record<string, LatestMetric>,
  };
};

/** What one write adds to a run's record JSON, merged with SQLite's json_patch. */
class RecordPatch {
  params: Record<string, string> | undefined;
  tags: Record<string, string> | undefined;
  metrics: Record<string, { value: number | string; step: number | string; timestamp: number | string }> | undefined;

  /** Object.defineProperty: a key named "__proto__" is data, not a prototype. */
  static #set<V>(target: Record<string, V>, key: string, value: V): void {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  }

  param(key: string, value: string): void {
    RecordPatch.#set((this.params ??= {}), key, value);
  }

  tag(key: string, value: string): void {
    RecordPatch.#set((this.tags ??= {}), key, value);
  }

  metric(key: string, value: number, step: number, timestamp: number): void {
    RecordPatch.#set((this.metrics ??= {}), key, { value: jsonNumber(value), step: jsonNumber(step), timestamp: jsonNumber(timestamp) });
  }

  get empty(): boolean {
    return this.params === undefined && this.tags === undefined && this.metrics === undefined;
  }

  toJSON(): object {
    return { params: this.params, tags: this.tags, metrics: this.metrics };
  }
}

