import { existsSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { DEFAULT_TRACKING_URI, openBackend, registerBackendProvider } from "@dimexp/core";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { fromTrackingUri, openLocalBackend, parseLocalUri, provider } from "../src/index.js";
import { migrate } from "../src/internal/schema.js";
import { freshPath, must, openAt, tempDir } from "./helpers.js";

const dir = tempDir("uri");

const parsed = (uri: string) => {
  const result = parseLocalUri(uri);
  return result._tag === "Right" ? result.right : `error: ${result.left.message}`;
};

describe("parseLocalUri", () => {
  it("accepts plain paths and sqlite:/file: URIs", () => {
    expect(parsed("./dimexp.db")).toBe("./dimexp.db");
    expect(parsed("/abs/store.db")).toBe("/abs/store.db");
    expect(parsed("runs/store.db")).toBe("runs/store.db");
    expect(parsed("sqlite:runs/store.db")).toBe("runs/store.db");
    expect(parsed("sqlite:/abs/store.db")).toBe("/abs/store.db");
    expect(parsed("sqlite:///abs/store.db")).toBe("/abs/store.db");
    expect(parsed("sqlite:////abs/store.db")).toBe("/abs/store.db");
    expect(parsed("SQLITE:///abs/store.db")).toBe("/abs/store.db");
    expect(parsed("sqlite://localhost/abs/store.db")).toBe("/abs/store.db");
    expect(parsed("sqlite:///abs/with%20space.db")).toBe("/abs/with space.db");
    expect(parsed("sqlite::memory:")).toBe(":memory:");
    expect(parsed(pathToFileURL("/abs/x y.db").href)).toBe("/abs/x y.db");
    expect(parsed("C:\\runs\\dimexp.db")).toBe("C:\\runs\\dimexp.db");
  });

  it("reads file:relative/path like sqlite:relative/path, not as a file at the root", () => {
    // the WHATWG URL parser makes file:runs.db file:///runs.db: a store silently created as /runs.db
    expect(parsed("file:runs.db")).toBe("runs.db");
    expect(parsed("file:./runs/store.db")).toBe("./runs/store.db");
    expect(parsed("file:runs/with%20space.db")).toBe("runs/with space.db");
    expect(parsed("FILE:runs.db")).toBe("runs.db");
    expect(parsed("file:/abs/store.db")).toBe("/abs/store.db");
    expect(parsed("file:///abs/store.db")).toBe("/abs/store.db");
    expect(parsed("file://localhost/abs/store.db")).toBe("/abs/store.db");
    expect(parsed("file:")).toMatch(/error: .*names no file/);
    expect(parsed("file:bad%zz.db")).toMatch(/error: .*escape/);
    expect(parsed("file://db.example.com/x.db")).toMatch(/^error: /);
  });

  it("rejects what names no local file, saying why", () => {
    expect(parsed("")).toMatch(/error: .*empty/);
    expect(parsed("sqlite:")).toMatch(/error: .*names no file/);
    expect(parsed("sqlite://")).toMatch(/error: .*names no file/);
    expect(parsed("sqlite://db.example.com/x.db")).toMatch(/error: .*host name/);
    expect(parsed("sqlite:///bad%zzescape.db")).toMatch(/error: .*escape/);
    expect(parsed("http://localhost:5000")).toMatch(/error: .*not a local store/);
    const failure = parseLocalUri("sqlite://host/x");
    expect(failure._tag === "Left" && failure.left._tag).toBe("InvalidTrackingUri");
  });
});

describe("openLocalBackend, fromTrackingUri", () => {
  it("opens the store a URI names", async () => {
    const file = freshPath(dir);
    const opened = openLocalBackend(`sqlite://${file}`);
    if (opened._tag === "Left") throw new Error(opened.left.message);
    expect(opened.right.path).toBe(file);
    await must(opened.right.getOrCreateExperiment("via-uri"));
    await must(opened.right.close());
    const viaHook = await fromTrackingUri(`sqlite:${file}`, { DIMEXP_SQLITE_BUSY_TIMEOUT_MS: "250" });
    if (viaHook._tag === "Left") throw new Error(viaHook.left.message);
    expect((await must(viaHook.right.findExperiment("via-uri")))?.name).toBe("via-uri");
    await must(viaHook.right.close());
    const bad = openLocalBackend("sqlite://remote-host/x.db");
    expect(bad._tag === "Left" && bad.left._tag).toBe("InvalidTrackingUri");
  });

  it("is what @dimexp/core's openBackend loads for paths and sqlite: URIs", async () => {
    const file = freshPath(dir);
    for (const uri of [file, `sqlite:${file}`, `sqlite://${file}`, pathToFileURL(file).href, path.relative(process.cwd(), file)]) {
      const opened = await openBackend(uri, {});
      if (opened._tag === "Left") throw new Error(`${uri}: ${opened.left.message}`);
      expect(opened.right.kind).toBe("local");
      expect(opened.right.location).toBe(file);
      await must(opened.right.close());
    }
  });
});

describe("names and words (issue 11.1): a store file only from a path", () => {
  it("reads the name local as core's default store, and refuses other words", () => {
    expect(parsed("local")).toBe(DEFAULT_TRACKING_URI);
    for (const word of ["mlflow", "wandb", "runs", "my.store"]) {
      expect(parsed(word), word).toMatch(/error: .*not a path to a store file/);
    }
    for (const path of ["runs.db", "runs.sqlite", "runs.sqlite3", "sub/runs", "sqlite:runs"]) expect(parsed(path), path).not.toMatch(/^error/);
  });

  it("never creates a file named after a word, through core or the provider", async () => {
    const cwd = process.cwd();
    const here = mkdtempSync(path.join(dir, "words-"));
    process.chdir(here);
    try {
      for (const word of ["mlflow", "wandb", "mystore"]) {
        expect((await fromTrackingUri(word, {}))._tag, word).toBe("Left");
        expect((await provider.open(word, { env: {} }))._tag, word).toBe("Left");
      }
      expect(readdirSync(here)).toEqual([]);
    } finally {
      process.chdir(cwd);
    }
  });

  it("is a provider core resolves the name local and store paths through", async () => {
    registerBackendProvider(provider);
    const cwd = process.cwd();
    const here = mkdtempSync(path.join(dir, "name-"));
    process.chdir(here);
    try {
      const opened = await openBackend("local", {});
      if (opened._tag === "Left") throw new Error(opened.left.message);
      expect(opened.right.location).toBe(path.join(here, "dimexp.db"));
      await must(opened.right.close());
    } finally {
      process.chdir(cwd);
    }
  });
});

describe("read-only opening (issue 12.17): reading never creates or writes a store", () => {
  const bytes = (file: string) => readFileSync(file).toString("hex");

  const readOnlyFailure = async (file: string): Promise<string> => {
    const opened = await provider.open(file, { env: {}, readOnly: true });
    if (opened._tag === "Right") throw new Error(`${file} opened`);
    expect(opened.left._tag).toBe("BackendFailure");
    return opened.left.message;
  };

  it("a missing file stays missing, and the error names it", async () => {
    const file = freshPath(dir);
    expect(await readOnlyFailure(file)).toContain(file);
    expect(existsSync(file)).toBe(false);
  });

  it("a 0-byte file stays 0 bytes", async () => {
    const file = freshPath(dir);
    writeFileSync(file, "");
    expect(await readOnlyFailure(file)).toMatch(new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}.*empty \\(0 bytes\\)`));
    expect(statSync(file).size).toBe(0);
    // a writing open of the same file still makes it a store, as before
    const writable = openLocalBackend(file);
    if (writable._tag === "Left") throw new Error(writable.left.message);
    await must(writable.right.close());
    expect(statSync(file).size).toBeGreaterThan(0);
  });

  it("a file that is not SQLite, or SQLite without our tables, is named and left unchanged", async () => {
    const text = freshPath(dir);
    writeFileSync(text, "name,value\nlr,0.001\n".repeat(50));
    expect(await readOnlyFailure(text)).toMatch(/not a SQLite database/);
    expect(readFileSync(text, "utf8")).toBe("name,value\nlr,0.001\n".repeat(50));

    const foreign = freshPath(dir);
    const db = new Database(foreign);
    db.exec("CREATE TABLE notes (x TEXT)");
    db.close();
    const before = bytes(foreign);
    expect(await readOnlyFailure(foreign)).toMatch(/not a dimexp store/);
    expect(bytes(foreign)).toBe(before);

    const emptySqlite = freshPath(dir);
    new Database(emptySqlite).pragma("user_version = 0");
    if (statSync(emptySqlite).size > 0) expect(await readOnlyFailure(emptySqlite)).toMatch(/not a dimexp store/);
  });

  it("reads a store without changing a byte, and refuses writes", async () => {
    const file = freshPath(dir);
    const writer = openAt(file);
    const experiment = await must(writer.getOrCreateExperiment("heat"));
    await must(writer.createRun(experiment.id, { name: "r1", startTime: 1, tags: {} }));
    await must(writer.close());
    const before = bytes(file);
    const opened = await openBackend(file, {}, { readOnly: true });
    if (opened._tag === "Left") throw new Error(opened.left.message);
    const reader = opened.right;
    expect((await must(reader.listExperiments())).map((e) => e.name)).toEqual(["heat"]);
    expect((await reader.getOrCreateExperiment("new-one")())._tag).toBe("Left");
    expect((await reader.createRun(experiment.id, { name: "r2", startTime: 2, tags: {} })())._tag).toBe("Left");
    await must(reader.close());
    expect(bytes(file)).toBe(before);
  });

  it("reads an older schema version from a migrated copy in memory, leaving the file at its version", async () => {
    const file = freshPath(dir, "v1");
    const db = new Database(file);
    db.pragma("journal_mode = WAL");
    db.transaction(() => migrate(db, 1))();
    db.exec(`
      INSERT INTO experiments (id, name, created_at) VALUES (1, 'old', 1700000000000);
      INSERT INTO runs (rid, id, experiment_id, name, status, start_time, end_time)
        VALUES (1, '00112233445566778899aabbccddeeff', 1, 'legacy', 'FINISHED', 1700000000000, 1700000005000);
      INSERT INTO params VALUES (1, 'lr', '0.001');
    `);
    db.close();
    const before = bytes(file);
    const opened = openLocalBackend(file, { readOnly: true });
    if (opened._tag === "Left") throw new Error(opened.left.message);
    expect(opened.right.schemaVersion).toBe(1);
    const experiment = await must(opened.right.findExperiment("old"));
    const runs = await must(opened.right.searchRuns(experiment?.id as string, {}));
    expect(runs.map((r) => [r.info.name, r.params.lr])).toEqual([["legacy", "0.001"]]);
    expect((await opened.right.createRun(experiment?.id as string, { name: "x", startTime: 1, tags: {} })())._tag).toBe("Left");
    await must(opened.right.close());
    expect(bytes(file)).toBe(before);
    const check = new Database(file, { readonly: true });
    expect(check.pragma("user_version", { simple: true })).toBe(1);
    check.close();
  });
});
