// Ctrl+C (SIGINT) or SIGTERM during a real `dimexp import` of a big file, sent
// while the import is writing: the store is left exactly as it was (no run,
// none RUNNING, no experiment), and the command exits 130 / 143 with one
// message saying so. The child is the built command (dist/bin.js).

import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createLocalBackend } from "@dimexp/backend-local";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

const bin = fileURLToPath(new URL("../../dist/bin.js", import.meta.url));
// better-sqlite3 as the store itself uses it, to look at the file from outside
interface Statement {
  pluck(): { get(): unknown; all(): unknown[] };
}
interface Sqlite {
  pragma(text: string, options?: { simple: boolean }): unknown;
  prepare(sql: string): Statement;
  exec(sql: string): void;
  close(): void;
}
const Database = createRequire(createRequire(import.meta.url).resolve("@dimexp/backend-local"))("better-sqlite3") as new (
  path: string,
  options?: { fileMustExist?: boolean; readonly?: boolean },
) => Sqlite;

const RUNS = 2000;
const POINTS = 50;
let tmp = "";
let file = "";

/** An export of RUNS small runs: the write phase is thousands of statements, long enough to be interrupted. */
const bigExport = (): string => {
  const runs: string[] = [];
  for (let r = 0; r < RUNS; r++) {
    const steps = Array.from({ length: POINTS }, (_, i) => i);
    const values = steps.map((i) => 1 / (i + r + 1));
    const times = steps.map((i) => 1_700_000_000_000 + r * 1000 + i);
    runs.push(
      JSON.stringify({
        id: `run-${String(r).padStart(5, "0")}`,
        name: `sweep-${r}`,
        status: "FINISHED",
        startTime: 1_700_000_000_000 + r * 1000,
        endTime: 1_700_000_000_000 + r * 1000 + 999,
        tags: {},
        params: { lr: { type: "quantity", value: String(0.001 * (r + 1)), unit: "1/s" } },
        metrics: { loss: { unit: "J", count: POINTS, steps, values, timestamps: times } },
        arrays: [],
      }),
    );
  }
  return `{"format": "dimexp-experiment", "version": "1.0", "experiment": {"name": "sweep", "createdAt": 1700000000000, "tags": {}}, "runs": [\n${runs.join(",\n")}\n]}\n`;
};

beforeAll(() => {
  if (!existsSync(bin)) throw new Error(`${bin} is missing: run "pnpm build" first (turbo's test task does)`);
  tmp = mkdtempSync(join(tmpdir(), "dimexp-cli-import-signals-"));
  file = join(tmp, "sweep.json");
  writeFileSync(file, bigExport());
});

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** A store that exists already (so the child writes nothing while opening it), with one experiment of its own. */
const existingStore = async (name: string): Promise<string> => {
  const path = join(tmp, `${name}.db`);
  const opened = createLocalBackend({ path });
  if (opened._tag === "Left") throw new Error(opened.left.message);
  await opened.right.getOrCreateExperiment("before", { kept: "yes" })();
  await opened.right.close()();
  return path;
};

/**
 * Whether the import is writing: it holds the store's write lock (one
 * transaction), or — without one — its first runs are there already.
 */
const writing = (path: string): boolean => {
  const db = new Database(path, { fileMustExist: true });
  try {
    db.pragma("busy_timeout = 0");
    if ((db.prepare("SELECT count(*) FROM runs").pluck().get() as number) > 0) return true;
    try {
      db.exec("BEGIN IMMEDIATE");
      db.exec("ROLLBACK");
      return false;
    } catch (error) {
      if ((error as { code?: string }).code?.startsWith("SQLITE_BUSY")) return true;
      throw error;
    }
  } finally {
    db.close();
  }
};

const contents = (path: string) => {
  const db = new Database(path, { readonly: true });
  try {
    return {
      experiments: db.prepare("SELECT name FROM experiments ORDER BY name").pluck().all(),
      runs: db.prepare("SELECT count(*) FROM runs").pluck().get(),
      running: db.prepare("SELECT count(*) FROM runs WHERE status = 'RUNNING'").pluck().get(),
      integrity: db.pragma("integrity_check", { simple: true }),
    };
  } finally {
    db.close();
  }
};

/** Runs `dimexp import` and sends `signal` as soon as it is writing. */
const importAndInterrupt = (store: string, signal: NodeJS.Signals) =>
  new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string; sent: boolean }>((resolve, reject) => {
    const child = spawn(process.execPath, [bin, "import", file, "--into", store], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    let sent = false;
    child.stdout.on("data", (c) => (stdout += c));
    child.stderr.on("data", (c) => (stderr += c));
    const poll = setInterval(() => {
      if (sent) return;
      try {
        if (writing(store)) {
          sent = true;
          child.kill(signal);
        }
      } catch (error) {
        clearInterval(poll);
        reject(error);
      }
    }, 2);
    child.on("error", reject);
    child.on("exit", (code, exitSignal) => {
      clearInterval(poll);
      resolve({ code, signal: exitSignal, stdout, stderr, sent });
    });
  });

describe("an interrupted `dimexp import` leaves the store as it was", () => {
  for (const [signal, status] of [
    ["SIGINT", 130],
    ["SIGTERM", 143],
  ] as const) {
    test(`${signal} while writing: no run, no new experiment; exit ${status}`, async () => {
      const store = await existingStore(signal);
      const before = contents(store);
      const result = await importAndInterrupt(store, signal);
      expect(result.sent, `the import ended before it could be interrupted: ${result.stdout}${result.stderr}`).toBe(true);
      expect({ code: result.code, signal: result.signal }).toEqual({ code: status, signal: null });
      expect(result.stdout).toBe("");
      expect(result.stderr).toContain(`the import was interrupted (${signal})`);
      expect(result.stderr).toContain("the target is as it was");
      expect(result.stderr.match(/dimexp: /g)?.length).toBe(1);
      expect(contents(store)).toEqual(before);
      expect(before).toMatchObject({ experiments: ["before"], runs: 0, running: 0, integrity: "ok" });
    });
  }
});
