// The store's schema, as an ordered list of migrations. PRAGMA user_version is
// the number of migrations applied; PRAGMA application_id marks the file as a
// dimexp store. Opening runs the missing migrations in one write transaction
// (so two processes opening an old file at once migrate it once); a file whose
// version is newer than the last migration here is refused, never guessed at.
//
// Append new migrations; never edit one that has shipped.

import type { Database } from "better-sqlite3";
import { numericShadow } from "./numbers.js";

/** "dimx": lets us tell our files from other SQLite databases. */
export const APPLICATION_ID = 0x64696d78;

export interface Migration {
  readonly version: number;
  readonly description: string;
  readonly up: (db: Database) => void;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: "experiments, runs, params, tags, columnar metric chunks, latest metrics, arrays, applied batches",
    up: (db) => {
      db.exec(`
        CREATE TABLE experiments (
          id          INTEGER PRIMARY KEY AUTOINCREMENT,
          name        TEXT NOT NULL UNIQUE,
          created_at  REAL NOT NULL
        );
        CREATE TABLE experiment_tags (
          experiment_id INTEGER NOT NULL REFERENCES experiments(id),
          key           TEXT NOT NULL,
          value         TEXT NOT NULL,
          PRIMARY KEY (experiment_id, key)
        ) WITHOUT ROWID;

        -- rid is the internal key every child row uses (8 bytes instead of a 32-hex id).
        -- params, tags and latest_metrics are the normalized truth that filters probe.
        CREATE TABLE runs (
          rid           INTEGER PRIMARY KEY,
          id            TEXT NOT NULL UNIQUE,
          experiment_id INTEGER NOT NULL REFERENCES experiments(id),
          name          TEXT NOT NULL,
          status        TEXT NOT NULL,
          start_time    REAL NOT NULL,
          end_time      REAL
        );
        CREATE INDEX runs_by_experiment ON runs (experiment_id, start_time);

        CREATE TABLE params (
          rid   INTEGER NOT NULL REFERENCES runs(rid),
          key   TEXT NOT NULL,
          value TEXT NOT NULL,
          PRIMARY KEY (rid, key)
        ) WITHOUT ROWID;

        CREATE TABLE tags (
          rid   INTEGER NOT NULL REFERENCES runs(rid),
          key   TEXT NOT NULL,
          value TEXT NOT NULL,
          PRIMARY KEY (rid, key)
        ) WITHOUT ROWID;

        -- one row per (run, key, logBatch); id orders a metric's chunks as logged.
        -- A column is either a little-endian float64 BLOB or start + i * stride.
        CREATE TABLE metric_chunks (
          id          INTEGER PRIMARY KEY,
          rid         INTEGER NOT NULL REFERENCES runs(rid),
          key         TEXT NOT NULL,
          count       INTEGER NOT NULL,
          steps       BLOB,
          step_start  REAL,
          step_stride REAL,
          vals        BLOB NOT NULL,
          timestamps  BLOB,
          time_start  REAL,
          time_stride REAL
        );
        CREATE INDEX metric_chunks_by_run_key ON metric_chunks (rid, key, id);

        -- the last point logged per metric, so searches never decode chunks.
        -- NaN is NULL; negative_zero has a bit per column (value 1, step 2, timestamp 4).
        CREATE TABLE latest_metrics (
          rid           INTEGER NOT NULL REFERENCES runs(rid),
          key           TEXT NOT NULL,
          value         REAL,
          step          REAL,
          timestamp     REAL,
          negative_zero INTEGER NOT NULL DEFAULT 0,
          PRIMARY KEY (rid, key)
        ) WITHOUT ROWID;

        CREATE TABLE arrays (
          id            INTEGER PRIMARY KEY,
          rid           INTEGER NOT NULL REFERENCES runs(rid),
          key           TEXT NOT NULL,
          step          REAL,
          timestamp     REAL,
          negative_zero INTEGER NOT NULL DEFAULT 0,
          shape         TEXT NOT NULL,
          unit          TEXT NOT NULL,
          data          BLOB NOT NULL
        );
        CREATE INDEX arrays_by_run_key ON arrays (rid, key, id);

        -- logBatch ids already applied: a batch is applied at most once per run
        CREATE TABLE batches (
          rid        INTEGER NOT NULL REFERENCES runs(rid),
          id         TEXT NOT NULL,
          applied_at REAL NOT NULL,
          PRIMARY KEY (rid, id)
        ) WITHOUT ROWID;
      `);
    },
  },
  {
    version: 2,
    description:
      "numeric shadow of params (numeric pushdown), tags(key, value) index (distinct tag values), " +
      "each run's params, tags and latest metrics materialized as one JSON record (searches load no child rows)",
    up: (db) => {
      db.exec(`
        ALTER TABLE params ADD COLUMN num REAL;
        CREATE INDEX params_by_key_num ON params (key, num);
        CREATE INDEX tags_by_key_value ON tags (key, value);
        ALTER TABLE runs ADD COLUMN record TEXT NOT NULL DEFAULT '{"params":{},"tags":{},"metrics":{}}';
      `);
      // Backfilled in JS so the numeric grammar is exactly the one logBatch writes with.
      const rows = db.prepare("SELECT rid, key, value FROM params").raw().all() as [number, string, string][];
      const update = db.prepare("UPDATE params SET num = ? WHERE rid = ? AND key = ?");
      for (const [rid, key, value] of rows) update.run(numericShadow(value), rid, key);
      // The record JSON as recordPatch (local-backend.ts) writes it: NaN and -0 as strings.
      db.exec(`
        UPDATE runs SET record = json_object(
          'params', (SELECT json_group_object(key, value) FROM params WHERE rid = runs.rid),
          'tags', (SELECT json_group_object(key, value) FROM tags WHERE rid = runs.rid),
          'metrics', (SELECT json_group_object(key, json_object(
              'value', CASE WHEN value IS NULL THEN 'NaN' WHEN negative_zero & 1 THEN '-0' ELSE value END,
              'step', CASE WHEN step IS NULL THEN 'NaN' WHEN negative_zero & 2 THEN '-0' ELSE step END,
              'timestamp', CASE WHEN timestamp IS NULL THEN 'NaN' WHEN negative_zero & 4 THEN '-0' ELSE timestamp END))
            FROM latest_metrics WHERE rid = runs.rid));
      `);
    },
  },
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

export type MigrationOutcome =
  | { readonly ok: true; readonly from: number; readonly to: number }
  | { readonly ok: false; readonly problem: string };

const userTables = (db: Database): string[] =>
  (
    db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all() as string[]
  ).sort();

/** Why this file cannot be opened as a dimexp store, or undefined when it can. Reads only. */
export const storeProblem = (db: Database, migrations: readonly Migration[] = MIGRATIONS): string | undefined => {
  const version = db.pragma("user_version", { simple: true }) as number;
  const applicationId = db.pragma("application_id", { simple: true }) as number;
  const latestKnown = migrations[migrations.length - 1]?.version ?? 0;
  if (applicationId !== 0 && applicationId !== APPLICATION_ID) {
    return `it is a SQLite database of another application (application_id ${applicationId}), not a dimexp store`;
  }
  if (version === 0 && applicationId === 0) {
    const tables = userTables(db);
    if (tables.length > 0) {
      return `it is a SQLite database but not a dimexp store (it has tables ${tables.slice(0, 5).join(", ")}${tables.length > 5 ? ", …" : ""}). Use a new file for the dimexp store`;
    }
  }
  if (version > latestKnown) {
    return `its schema version is ${version}, newer than this @dimexp/backend-local understands (up to ${latestKnown}). The file was written by a newer @dimexp/backend-local: upgrade it (pnpm add @dimexp/backend-local@latest) to open this store. The file was not changed`;
  }
  return undefined;
};

/**
 * Brings the file to `target` (default: the latest version). Runs inside the
 * caller's write transaction and checks the file again there (another process
 * may have migrated it meanwhile); `migrations` is a parameter so tests can
 * create files of an older version.
 */
export const migrate = (db: Database, target = LATEST_SCHEMA_VERSION, migrations: readonly Migration[] = MIGRATIONS): MigrationOutcome => {
  const problem = storeProblem(db, migrations);
  if (problem !== undefined) return { ok: false, problem };
  const version = db.pragma("user_version", { simple: true }) as number;
  const applicationId = db.pragma("application_id", { simple: true }) as number;
  const latestKnown = migrations[migrations.length - 1]?.version ?? 0;
  for (const migration of migrations) {
    if (migration.version <= version || migration.version > target) continue;
    migration.up(db);
    db.pragma(`user_version = ${migration.version}`);
  }
  if (applicationId === 0) db.pragma(`application_id = ${APPLICATION_ID}`);
  return { ok: true, from: version, to: Math.max(version, Math.min(target, latestKnown)) };
};
