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
export const registerFunctions = (db: Db): void => {
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
  /**
   * Runs asynchronous `work` inside one BEGIN IMMEDIATE transaction (taken
   * with the same retries as a write), then commits if `commit(result)`, else
   * rolls back; throwing rolls back too. `work` writes through the Writer it
   * is given, each write under a SAVEPOINT (a failing write undoes only
   * itself, as on its own). Writes through this Writer wait until the
   * transaction ends: the connection has one transaction at a time.
   */
  transaction<T>(work: (scope: Writer) => Promise<T>, commit: (result: T) => boolean): Promise<T>;
}

/** Thrown by an attempt that finds a transaction() open on its connection: wait for it, then retry. */
const TRANSACTION_OPEN = Symbol("a transaction is open on this connection");

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

  /** the transaction() in progress; other writes on this connection wait for `ended` */
  let open: { ended: Promise<void> } | undefined;

  const write = async <T>(body: () => T): Promise<T> => {
    for (;;) {
      while (open) await open.ended;
      try {
        return await retryWhileBusy(() => {
          if (open) throw TRANSACTION_OPEN;
          return attempt(body);
        }, deadlineMs);
      } catch (cause) {
        if (cause !== TRANSACTION_OPEN) throw cause;
      }
    }
  };

  const read = <T>(body: () => T): Promise<T> => retryWhileBusy(body, deadlineMs);

  const transaction = async <T>(work: (scope: Writer) => Promise<T>, commitIf: (result: T) => boolean): Promise<T> => {
    while (open) await open.ended;
    let end: () => void = () => undefined;
    const mine = { ended: new Promise<void>((resolve) => (end = resolve)) };
    open = mine;
    let active = true;
    const savepoint = db.prepare("SAVEPOINT dimexp_write");
    const release = db.prepare("RELEASE dimexp_write");
    const rollbackTo = db.prepare("ROLLBACK TO dimexp_write");
    const scope: Writer = {
      write: async (body) => {
        if (!active) throw new Error("this transaction has already ended; write through the backend itself");
        // SQLite ends a transaction by itself on some errors (SQLITE_FULL, SQLITE_IOERR): a SAVEPOINT
        // outside one would start a new, separately committed transaction. Refuse instead.
        if (!db.inTransaction) throw new Error("SQLite rolled this transaction back after an earlier error");
        savepoint.run();
        try {
          const result = body();
          release.run();
          return result;
        } catch (cause) {
          if (db.inTransaction) {
            rollbackTo.run();
            release.run();
          }
          throw cause;
        }
      },
      read: async (body) => body(),
      transaction: (inner) => inner(scope),
    };
    try {
      await retryWhileBusy(() => begin.run(), deadlineMs);
      let result: T;
      try {
        result = await work(scope);
      } catch (cause) {
        active = false;
        if (db.inTransaction) rollback.run();
        throw cause;
      }
      active = false;
      if (!commitIf(result)) {
        if (db.inTransaction) rollback.run();
        return result;
      }
      if (!db.inTransaction) throw new Error("SQLite rolled the transaction back after an error; nothing was committed");
      try {
        commit.run();
      } catch (cause) {
        if (db.inTransaction) rollback.run();
        throw cause;
      }
      return result;
    } finally {
      active = false;
      open = undefined;
      end();
    }
  };

  return { write, read, transaction };
};
