// Opening the file and writing to it safely from several processes.
//
// Durability: WAL with synchronous=FULL, so the WAL is fsynced at every commit
// and a logBatch that has resolved survives a crash of the process *and* of the
// machine (synchronous=NORMAL, this build's WAL default, would survive only the
// former). Readers never block writers in WAL mode.
//
// Concurrency: every write is one BEGIN IMMEDIATE transaction, so a writer takes
// the file's write lock before it reads anything (no SQLITE_BUSY upgrade
// deadlocks). SQLite's busy handler waits up to busyTimeoutMs for the lock; if
// it is still busy, we back off asynchronously (the event loop stays free) and
// try again, for up to WRITE_DEADLINE_FACTOR × busyTimeoutMs in total. Only then
// does the caller see a (retryable) failure: two processes logging to the same
// file never see SQLITE_BUSY.

import { mkdirSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { numericShadow } from "./numbers.js";

export type Db = Database.Database;

export const DEFAULT_BUSY_TIMEOUT_MS = 5_000;
const WRITE_DEADLINE_FACTOR = 6;

export const MEMORY_PATH = ":memory:";

const likeCache = new Map<string, RegExp>();

/**
 * A `like`/`ilike` pattern (% any run, _ one UTF-16 unit, no escapes) as the
 * regular expression core's reference filter uses.
 */
export const likeRegExp = (pattern: string, caseInsensitive: boolean): RegExp => {
  const cacheKey = `${caseInsensitive ? "i" : "s"}${pattern}`;
  let re = likeCache.get(cacheKey);
  if (re === undefined) {
    let source = "";
    for (const c of pattern) source += c === "%" ? ".*" : c === "_" ? "." : c.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    re = new RegExp(`^${source}$`, caseInsensitive ? "is" : "s");
    if (likeCache.size > 256) likeCache.clear();
    likeCache.set(cacheKey, re);
  }
  return re;
};

/** Functions our queries call (per connection; nothing in the schema depends on them). */
const registerFunctions = (db: Db): void => {
  db.function("dimexp_num", { deterministic: true }, (text: unknown) => {
    if (typeof text === "number") return text;
    if (typeof text !== "string") return null;
    return numericShadow(text);
  });
  // String(x) of a stored REAL (NULL is NaN; -0 prints as "0" either way)
  db.function("dimexp_text", { deterministic: true }, (x: unknown) => (x === null ? "NaN" : String(x)));
  db.function("dimexp_compare", { deterministic: true }, (a: unknown, b: unknown) => {
    const x = String(a);
    const y = String(b);
    return x < y ? -1 : x > y ? 1 : 0;
  });
  db.function("dimexp_like", { deterministic: true }, (value: unknown, pattern: unknown, caseInsensitive: unknown) => {
    if (typeof value !== "string" || typeof pattern !== "string") return 0;
    return likeRegExp(pattern, caseInsensitive === 1).test(value) ? 1 : 0;
  });
};

export interface OpenedDatabase {
  readonly db: Db;
  /** absolute path, or ":memory:" */
  readonly path: string;
}

/** Opens a connection without changing the file (see configure). */
export const openDatabase = (file: string, busyTimeoutMs: number): OpenedDatabase => {
  const isMemory = file === MEMORY_PATH;
  const resolved = isMemory ? file : path.resolve(file);
  if (!isMemory) mkdirSync(path.dirname(resolved), { recursive: true });
  const db = new Database(resolved);
  try {
    db.pragma(`busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`);
    registerFunctions(db);
  } catch (cause) {
    db.close();
    throw cause;
  }
  return { db, path: resolved };
};

/** WAL, durable commits and our pragmas; only for a file known to be (or become) a dimexp store. */
export const configure = ({ db, path: file }: OpenedDatabase): void => {
  // Only takes effect on a new, empty file: bigger pages mean fewer overflow pages per chunk.
  db.pragma("page_size = 8192");
  if (file !== MEMORY_PATH) {
    const mode = db.pragma("journal_mode = WAL", { simple: true });
    if (mode !== "wal") throw new Error(`could not switch ${file} to WAL mode (journal_mode is ${String(mode)})`);
  }
  db.pragma("synchronous = FULL");
  db.pragma("foreign_keys = ON");
  db.pragma("temp_store = MEMORY");
  db.pragma("cache_size = -32000");
};

const sqliteCode = (cause: unknown): string | undefined =>
  typeof cause === "object" && cause !== null && typeof (cause as { code?: unknown }).code === "string"
    ? (cause as { code: string }).code
    : undefined;

export const isBusy = (cause: unknown): boolean => {
  const code = sqliteCode(cause);
  return code !== undefined && (code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED"));
};

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Thrown inside a write to roll it back and hand `value` to the caller. */
export class Abort<E> {
  constructor(readonly value: E) {}
}

/**
 * Calls `attempt` until it does not fail with SQLITE_BUSY/SQLITE_LOCKED, with
 * jittered exponential backoff (2, 4, 8 … 250 ms) between tries, for up to
 * `deadlineMs`; then the last error is thrown.
 */
export const retryWhileBusy = async <T>(attempt: () => T, deadlineMs: number): Promise<T> => {
  const started = Date.now();
  for (let retry = 0; ; retry++) {
    try {
      return attempt();
    } catch (cause) {
      if (!isBusy(cause) || Date.now() - started > deadlineMs) throw cause;
      await sleep(Math.min(250, 2 ** (retry + 1)) * (0.5 + Math.random()));
    }
  }
};

export interface Writer {
  /**
   * Runs `body` in one BEGIN IMMEDIATE transaction, retrying while the file is
   * locked by another connection. `body` is synchronous: nothing else of this
   * connection runs in the middle. Throwing rolls everything back.
   */
  write<T>(body: () => T): Promise<T>;
  /** Runs a read, retrying in the rare cases WAL readers meet SQLITE_BUSY (recovery, restart checkpoints). */
  read<T>(body: () => T): Promise<T>;
}

export const makeWriter = (db: Db, busyTimeoutMs: number): Writer => {
  const begin = db.prepare("BEGIN IMMEDIATE");
  const commit = db.prepare("COMMIT");
  const rollback = db.prepare("ROLLBACK");
  const deadlineMs = Math.max(busyTimeoutMs, 1_000) * WRITE_DEADLINE_FACTOR;

  const attempt = <T>(body: () => T): T => {
    begin.run();
    try {
      const result = body();
      commit.run();
      return result;
    } catch (cause) {
      if (db.inTransaction) rollback.run();
      throw cause;
    }
  };

  return {
    write: (body) => retryWhileBusy(() => attempt(body), deadlineMs),
    read: (body) => retryWhileBusy(body, deadlineMs),
  };
};
