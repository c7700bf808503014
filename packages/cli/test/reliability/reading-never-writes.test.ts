// Issue 12.17: the reading commands (experiments ls, runs ls, runs show,
// compare, plot, export, ui, and sync's --from) open the store read-only. A
// missing, empty (0 bytes), non-SQLite or foreign SQLite file is an error
// naming the path and stays exactly as it was; `experiments ls` on a 0-byte
// file once turned it into a store.

import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLocalBackend } from "@dimexp/backend-local";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectUserError, run } from "../helpers.js";

let tmp = "";
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), "dimexp-cli-readonly-"));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Every reading command, pointed at `store`. */
const readingCommands = (store: string): string[][] => [
  ["experiments", "ls", "--tracking-uri", store],
  ["experiments", "ls", "--json", "--tracking-uri", store],
  ["runs", "ls", "-e", "heat", "--tracking-uri", store],
  ["runs", "show", "run-si", "-e", "heat", "--tracking-uri", store],
  ["compare", "-e", "heat", "-m", "loss", "--tracking-uri", store],
  ["plot", "-e", "heat", "-m", "loss", "--out", join(tmp, "never.svg"), "--tracking-uri", store],
  ["export", "-e", "heat", join(tmp, "never.json"), "--tracking-uri", store],
  ["ui", "--port", "0", "--tracking-uri", store],
  ["sync", "--from", store, "--to", join(tmp, "never-target.db")],
];

const snapshot = (file: string): string => (existsSync(file) ? `${statSync(file).size}:${readFileSync(file).toString("hex")}` : "absent");

const expectRefusedUnchanged = async (file: string, problem: RegExp): Promise<void> => {
  const before = snapshot(file);
  for (const argv of readingCommands(file)) {
    const message = expectUserError(await run(...argv));
    expect(message, argv.join(" ")).toContain(file);
    expect(message, argv.join(" ")).toMatch(problem);
    expect(snapshot(file), argv.join(" ")).toBe(before);
  }
  for (const name of ["never.svg", "never.json", "never-target.db"]) expect(existsSync(join(tmp, name)), name).toBe(false);
};

describe("reading commands never create or write a store", () => {
  it("a 0-byte file stays 0 bytes, and the error says it is empty", async () => {
    const file = join(tmp, "empty.db");
    writeFileSync(file, "");
    await expectRefusedUnchanged(file, /empty \(0 bytes\)/);
    expect(statSync(file).size).toBe(0);
  });

  it("a missing file is not created", async () => {
    const file = join(tmp, "missing", "dimexp.db");
    await expectRefusedUnchanged(file, /No dimexp store/);
    expect(existsSync(join(tmp, "missing"))).toBe(false);
  });

  it("a text file is named as not SQLite, and left as it was", async () => {
    const file = join(tmp, "notes.db");
    writeFileSync(file, "this is a lab notebook, not a database\n".repeat(40));
    await expectRefusedUnchanged(file, /not a SQLite database/);
  });

  it("another application's SQLite database is named as not a dimexp store, and left as it was", async () => {
    const file = join(tmp, "other-app.sqlite");
    // Python's sqlite3 (this package does not depend on a SQLite driver of its own)
    execFileSync("python3", ["-c", "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute('CREATE TABLE measurements (t REAL, v REAL)'); c.commit()", file]);
    await expectRefusedUnchanged(file, /not a dimexp store/);
  });

  it("a directory is named as such", async () => {
    const dir = join(tmp, "a-folder.db");
    mkdirSync(dir);
    const message = expectUserError(await run("experiments", "ls", "--tracking-uri", dir));
    expect(message).toContain(dir);
    expect(message).toMatch(/directory/);
  });

  it("a real store is read without a single byte changing", async () => {
    const file = join(tmp, "real.db");
    const opened = createLocalBackend({ path: file });
    if (opened._tag === "Left") throw new Error(opened.left.message);
    const exp = await opened.right.getOrCreateExperiment("heat")();
    if (exp._tag === "Left") throw new Error(exp.left.message);
    await opened.right.createRun(exp.right.id, { name: "run-si", startTime: 1_700_000_000_000, tags: {} })();
    await opened.right.close()();
    const before = snapshot(file);
    for (const argv of [
      ["experiments", "ls", "--tracking-uri", file],
      ["runs", "ls", "-e", "heat", "--tracking-uri", file],
      ["runs", "show", "run-si", "-e", "heat", "--tracking-uri", file],
    ]) {
      const result = await run(...argv);
      expect(result.code, `${argv.join(" ")}: ${result.stderr}`).toBe(0);
    }
    expect(snapshot(file)).toBe(before);
  });
});
