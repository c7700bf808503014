import { readFileSync } from "node:fs";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { LATEST_SCHEMA_VERSION, createLocalBackend } from "../src/index.js";
import { APPLICATION_ID, MIGRATIONS, migrate } from "../src/internal/schema.js";
import { freshPath, must, openAt, tempDir } from "./helpers.js";

const dir = tempDir("migrations");

const pragma = (file: string, name: string): unknown => {
  const db = new Database(file, { readonly: true });
  try {
    return db.pragma(name, { simple: true });
  } finally {
    db.close();
  }
};

/** A store as version 1 of the schema wrote it, with one run in it. */
const versionOneStore = (): { file: string; runId: string } => {
  const file = freshPath(dir, "v1");
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.transaction(() => migrate(db, 1))();
  const runId = "00112233445566778899aabbccddeeff";
  db.exec(`
    INSERT INTO experiments (id, name, created_at) VALUES (1, 'old', 1700000000000);
    INSERT INTO experiment_tags VALUES (1, 'owner', 'v1');
    INSERT INTO runs (rid, id, experiment_id, name, status, start_time, end_time)
      VALUES (1, '${runId}', 1, 'legacy', 'FINISHED', 1700000000000, 1700000005000);
    INSERT INTO params VALUES (1, 'lr', '0.001'), (1, 'epochs', '100'), (1, 'solver', 'fd');
    INSERT INTO tags VALUES (1, 'dimexp.metric.loss', '{"unit":"J"}');
    INSERT INTO latest_metrics VALUES (1, 'loss', 0.5, 2, 1700000000002, 0);
    INSERT INTO metric_chunks (rid, key, count, steps, step_start, step_stride, vals, timestamps, time_start, time_stride)
      VALUES (1, 'loss', 3, NULL, 0, 1, ?, NULL, 1700000000000, 1);
    INSERT INTO batches VALUES (1, 'b1', 1700000000000);
  `.replace("?", `x'${Buffer.from(Float64Array.of(2, 1, 0.5).buffer).toString("hex")}'`));
  expect(db.pragma("user_version", { simple: true })).toBe(1);
  db.close();
  return { file, runId };
};

describe("schema versions", () => {
  it("has an ordered list of migrations ending at the latest version", () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    expect(LATEST_SCHEMA_VERSION).toBe(MIGRATIONS.length);
    expect(LATEST_SCHEMA_VERSION).toBeGreaterThanOrEqual(2);
  });

  it("creates a new store at the latest version, marked as a dimexp store, in WAL mode", async () => {
    const file = freshPath(dir);
    const b = openAt(file);
    expect(b.schemaVersion).toBe(LATEST_SCHEMA_VERSION);
    await must(b.close());
    expect(pragma(file, "user_version")).toBe(LATEST_SCHEMA_VERSION);
    expect(pragma(file, "application_id")).toBe(APPLICATION_ID);
    expect(pragma(file, "journal_mode")).toBe("wal");
    expect(pragma(file, "integrity_check")).toBe("ok");
  });

  it("upgrades a version-1 store in place, keeping and indexing its data", async () => {
    const { file, runId } = versionOneStore();
    const b = openAt(file);
    expect(b.schemaVersion).toBe(LATEST_SCHEMA_VERSION);
    expect(await must(b.findExperiment("old"))).toEqual({ id: "1", name: "old", createdAt: 1_700_000_000_000, tags: { owner: "v1" } });
    const run = await must(b.getRun(runId));
    expect(run).toEqual({
      info: { id: runId, experimentId: "1", name: "legacy", status: "FINISHED", startTime: 1_700_000_000_000, endTime: 1_700_000_005_000 },
      params: { lr: "0.001", epochs: "100", solver: "fd" },
      tags: { "dimexp.metric.loss": '{"unit":"J"}' },
      metrics: { loss: { value: 0.5, step: 2, timestamp: 1_700_000_000_002 } },
    });
    const history = await must(b.getMetricHistory(runId, "loss"));
    expect([...history.values]).toEqual([2, 1, 0.5]);
    expect([...history.steps]).toEqual([0, 1, 2]);
    // version 2 backfilled the numeric shadow of params: numeric pushdown finds the old run
    const found = await must(b.searchRuns("1", { filter: [[{ source: "params", key: "epochs", op: ">", value: 99.5 }]] }));
    expect(found.map((r) => r.info.id)).toEqual([runId]);
    expect(await must(b.distinctTagValues("1", ["dimexp.metric.loss"]))).toEqual({ "dimexp.metric.loss": ['{"unit":"J"}'] });
    await must(b.close());
    expect(pragma(file, "user_version")).toBe(LATEST_SCHEMA_VERSION);
    expect(pragma(file, "integrity_check")).toBe("ok");
    // and opening it again changes nothing
    const again = openAt(file);
    expect(again.schemaVersion).toBe(LATEST_SCHEMA_VERSION);
    await must(again.close());
  });

  it("upgrades once when several connections open an old store at the same time", async () => {
    const { file, runId } = versionOneStore();
    const stores = [openAt(file), openAt(file), openAt(file)];
    for (const s of stores) expect(s.schemaVersion).toBe(LATEST_SCHEMA_VERSION);
    expect((await must(stores[2]!.getRun(runId)))?.info.name).toBe("legacy");
    for (const s of stores) await must(s.close());
  });

  it("refuses a store written by a newer version, with a clear error, and leaves it untouched", () => {
    const file = freshPath(dir, "future");
    const b = openAt(file);
    void b.close()();
    const db = new Database(file);
    db.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 5}`);
    db.close();
    const before = readFileSync(file);
    const opened = createLocalBackend({ path: file });
    expect(opened._tag).toBe("Left");
    if (opened._tag === "Left") {
      expect(opened.left._tag).toBe("BackendFailure");
      expect(opened.left.message).toContain(file);
      expect(opened.left.message).toContain(`schema version is ${LATEST_SCHEMA_VERSION + 5}`);
      expect(opened.left.message).toContain(`up to ${LATEST_SCHEMA_VERSION}`);
      expect(opened.left.message).toContain("upgrade");
    }
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(pragma(file, "user_version")).toBe(LATEST_SCHEMA_VERSION + 5);
  });

  it("refuses other applications' SQLite databases", () => {
    const foreign = freshPath(dir, "foreign");
    const db = new Database(foreign);
    db.exec("CREATE TABLE metrics (key TEXT, value REAL); CREATE TABLE runs (run_uuid TEXT)");
    db.close();
    const before = readFileSync(foreign);
    const opened = createLocalBackend({ path: foreign });
    expect(opened._tag === "Left" && opened.left.message).toMatch(/not a dimexp store/);
    expect(readFileSync(foreign).equals(before)).toBe(true);
    expect(pragma(foreign, "journal_mode")).toBe("delete");

    const marked = freshPath(dir, "marked");
    const other = new Database(marked);
    other.pragma("application_id = 1234");
    other.close();
    const refused = createLocalBackend({ path: marked });
    expect(refused._tag === "Left" && refused.left.message).toMatch(/another application/);
  });
});
