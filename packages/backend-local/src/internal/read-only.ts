// Opening a store for reading only (the CLI's reading commands, the dashboard):
// nothing is created, migrated or written. better-sqlite3 opens the file with
// SQLITE_OPEN_READONLY, so even a bug cannot write; a file that is missing,
// empty (0 bytes), not SQLite or not a dimexp store is an error naming it.
//
// A store of an older schema version cannot be read by this version's queries
// and migrating it would be a write: its pages are copied into memory and the
// copy is migrated and read (query_only), up to MAX_MIGRATED_COPY_BYTES; a
// bigger one is refused with what to do. SQLite keeps its -wal/-shm companion
// files next to a WAL store while it is open (and a read-only connection cannot
// remove them afterwards); they are its lock index, not store data.

import { statSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { type Db, MEMORY_PATH, registerFunctions } from "./sqlite.js";
import { LATEST_SCHEMA_VERSION, migrate, storeProblem } from "./schema.js";

/** Older stores up to this size are migrated in memory to be read; larger ones are refused. */
export const MAX_MIGRATED_COPY_BYTES = 256 * 1024 * 1024;

export type ReadOnlyOpen =
  | { readonly ok: true; readonly db: Db; readonly path: string; readonly schemaVersion: number }
  | { readonly ok: false; readonly path: string; readonly problem: string };

const failure = (file: string, problem: string): ReadOnlyOpen => ({ ok: false, path: file, problem });

/** Opens `file` read-only, or says why it is no dimexp store that can be read. */
export const openReadOnly = (file: string, busyTimeoutMs: number): ReadOnlyOpen => {
  if (file === MEMORY_PATH) return failure(file, "an in-memory store (:memory:) starts empty: there is nothing to read");
  const resolved = path.resolve(file);
  let size: number;
  try {
    const info = statSync(resolved);
    if (info.isDirectory()) return failure(resolved, "it is a directory, not a store file");
    size = info.size;
  } catch {
    return failure(resolved, "no such file (reading never creates a store: log runs there first, or point at an existing store)");
  }
  if (size === 0) return failure(resolved, "the file is empty (0 bytes), not a dimexp store; reading never turns a file into a store");
  let db: Db;
  try {
    db = new Database(resolved, { readonly: true, fileMustExist: true });
  } catch (cause) {
    return failure(resolved, cause instanceof Error ? cause.message : String(cause));
  }
  try {
    db.pragma(`busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`);
    registerFunctions(db);
    const problem = storeProblem(db);
    if (problem !== undefined) {
      db.close();
      return failure(resolved, problem);
    }
    const version = db.pragma("user_version", { simple: true }) as number;
    if (version === 0) {
      db.close();
      return failure(resolved, "it is an empty SQLite database, not a dimexp store; reading never turns a file into a store");
    }
    if (version === LATEST_SCHEMA_VERSION) return { ok: true, db, path: resolved, schemaVersion: version };
    return migratedCopy(db, resolved, size, version);
  } catch (cause) {
    db.close();
    const text = cause instanceof Error ? cause.message : String(cause);
    return failure(resolved, /not a database|encrypted/i.test(text) ? `${text} (the file exists but is not a SQLite database)` : text);
  }
};

/** An in-memory copy of an older store, migrated to the current schema, that refuses writes. */
const migratedCopy = (db: Db, file: string, size: number, version: number): ReadOnlyOpen => {
  if (size > MAX_MIGRATED_COPY_BYTES) {
    db.close();
    return failure(
      file,
      `its schema version is ${version}, older than this @dimexp/backend-local's ${LATEST_SCHEMA_VERSION}, and reading it needs an upgrade, which a read-only open does not do (the file was not changed). Open it once for writing (any program logging to it, or dimexp import/sync into it) to upgrade it`,
    );
  }
  const image = db.serialize();
  db.close();
  // bytes 18-19 of the header say "WAL": an in-memory copy has no WAL, so it is marked rollback-journal
  image[18] = 1;
  image[19] = 1;
  const copy = new Database(image);
  try {
    registerFunctions(copy);
    copy.exec("BEGIN");
    const outcome = migrate(copy);
    copy.exec(outcome.ok ? "COMMIT" : "ROLLBACK");
    if (!outcome.ok) {
      copy.close();
      return failure(file, outcome.problem);
    }
    copy.pragma("query_only = ON");
    return { ok: true, db: copy, path: file, schemaVersion: version };
  } catch (cause) {
    copy.close();
    return failure(file, cause instanceof Error ? cause.message : String(cause));
  }
};
