import { writeFileSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { LOCAL_CAPABILITIES, createLocalBackend } from "../src/index.js";
import { batch, failure, freshPath, must, openAt, series, tempDir } from "./helpers.js";

const dir = tempDir("backend");

const newStore = () => openAt(freshPath(dir));

describe("opening", () => {
  it("creates the file and its folder, in WAL mode, and describes itself", async () => {
    const file = path.join(dir, "nested", "deeper", "store.db");
    const b = openAt(file);
    expect(b.kind).toBe("local");
    expect(b.location).toBe(file);
    expect(b.path).toBe(file);
    expect(b.capabilities).toEqual({ arrays: true, pushdown: { or: true, numericParams: true, like: true } });
    expect(b.capabilities).toBe(LOCAL_CAPABILITIES);
    await must(b.close());
    const raw = new Database(file, { readonly: true });
    expect(raw.pragma("journal_mode", { simple: true })).toBe("wal");
    raw.close();
  });

  it("resolves a relative path against the working directory", async () => {
    const relative = path.relative(process.cwd(), freshPath(dir));
    const b = openAt(relative);
    expect(path.isAbsolute(b.path)).toBe(true);
    expect(b.path).toBe(path.resolve(relative));
    await must(b.close());
  });

  it("refuses a file that is not a SQLite database, saying so", () => {
    const file = freshPath(dir, "not-sqlite");
    writeFileSync(file, "this is a text file, not a database ".repeat(100));
    const opened = createLocalBackend({ path: file });
    expect(opened._tag).toBe("Left");
    if (opened._tag === "Left") {
      expect(opened.left._tag).toBe("BackendFailure");
      expect(opened.left.message).toContain(file);
      expect(opened.left.message).toMatch(/not a (SQLite )?database/);
    }
  });

  it("works in memory", async () => {
    const b = openAt(":memory:");
    const exp = await must(b.getOrCreateExperiment("m"));
    expect(exp.id).toBe("1");
    await must(b.close());
  });
});

describe("experiments", () => {
  it("creates once, with numeric ids, and finds and lists them", async () => {
    const b = newStore();
    const a = await must(b.getOrCreateExperiment("alpha", { owner: "me", purpose: "test" }));
    expect(a).toMatchObject({ id: "1", name: "alpha", tags: { owner: "me", purpose: "test" } });
    expect(Math.abs(a.createdAt - Date.now())).toBeLessThan(60_000);
    const again = await must(b.getOrCreateExperiment("alpha", { owner: "someone else" }));
    expect(again).toEqual(a); // tags are set at creation
    const beta = await must(b.getOrCreateExperiment("beta"));
    expect(beta.id).toBe("2");
    expect(beta.tags).toEqual({});
    expect(await must(b.findExperiment("alpha"))).toEqual(a);
    expect(await must(b.findExperiment("gamma"))).toBeUndefined();
    expect((await must(b.listExperiments())).map((e) => e.name)).toEqual(["alpha", "beta"]);
    await must(b.close());
  });

  it("is race-safe within a process and across connections to one file", async () => {
    const file = freshPath(dir);
    const one = openAt(file);
    const two = openAt(file);
    const results = await Promise.all([
      one.getOrCreateExperiment("race")(),
      two.getOrCreateExperiment("race")(),
      one.getOrCreateExperiment("race")(),
      two.getOrCreateExperiment("race")(),
    ]);
    const ids = results.map((r) => (r._tag === "Right" ? r.right.id : r.left.message));
    expect(new Set(ids)).toEqual(new Set(["1"]));
    expect(await must(one.listExperiments())).toHaveLength(1);
    await must(one.close());
    await must(two.close());
  });

  it("keeps experiments and their tags across reopening", async () => {
    const file = freshPath(dir);
    const first = openAt(file);
    const created = await must(first.getOrCreateExperiment("persist", { "weird key ✓": "välue" }));
    await must(first.close());
    const second = openAt(file);
    expect(await must(second.findExperiment("persist"))).toEqual(created);
    await must(second.close());
  });
});

describe("runs", () => {
  it("creates runs with MLflow-style ids, updates and reads them", async () => {
    const b = newStore();
    const exp = await must(b.getOrCreateExperiment("e"));
    const run = await must(b.createRun(exp.id, { name: "r1", startTime: 1_700_000_000_000, tags: { solver: "fd", "mlflow.note": "x" } }));
    expect(run.id).toMatch(/^[0-9a-f]{32}$/);
    expect(run).toEqual({ id: run.id, experimentId: exp.id, name: "r1", status: "RUNNING", startTime: 1_700_000_000_000, endTime: undefined });
    expect(await must(b.getRun(run.id))).toEqual({ info: run, params: {}, tags: { solver: "fd", "mlflow.note": "x" }, metrics: {} });

    await must(b.updateRun(run.id, { status: "FINISHED", endTime: 1_700_000_005_000 }));
    await must(b.updateRun(run.id, { name: "renamed" }));
    const got = await must(b.getRun(run.id));
    expect(got?.info).toEqual({ ...run, name: "renamed", status: "FINISHED", endTime: 1_700_000_005_000 });
    const other = await must(b.createRun(exp.id, { name: "r2", startTime: 1, tags: {} }));
    expect(other.id).not.toBe(run.id);
    await must(b.close());
  });

  it("reports unknown experiments, runs and statuses as BackendFailure, and missing runs as undefined", async () => {
    const b = newStore();
    const exp = await must(b.getOrCreateExperiment("e"));
    for (const id of ["99", "not-a-number", ""]) {
      const f = await failure(b.createRun(id, { name: "r", startTime: 1, tags: {} }));
      expect(f._tag).toBe("BackendFailure");
      expect(f.message).toContain("no experiment");
    }
    const f = await failure(b.updateRun("0123456789abcdef0123456789abcdef", { status: "FAILED" }));
    expect(f).toMatchObject({ _tag: "BackendFailure", retryable: false });
    expect(f.message).toContain("no run");
    const run = await must(b.createRun(exp.id, { name: "r", startTime: 1, tags: {} }));
    const bad = await failure(b.updateRun(run.id, { status: "DONE" as never }));
    expect(bad.message).toContain("not a run status");
    expect(await must(b.getRun("0123456789abcdef0123456789abcdef"))).toBeUndefined();
    await must(b.close());
  });
});

describe("createRun called directly", () => {
  // A JavaScript caller may leave `tags` out (MLflow's create_run needs none);
  // it used to fail with "Cannot convert undefined or null to object".
  it("creates a run without tags, and names a missing name or start time", async () => {
    const b = newStore();
    const exp = await must(b.getOrCreateExperiment("direct"));
    const loose = (options: Record<string, unknown>) => options as unknown as Parameters<typeof b.createRun>[1];
    const run = await must(b.createRun(exp.id, loose({ name: "r", startTime: 1_700_000_000_000 })));
    expect((await must(b.getRun(run.id)))?.tags).toEqual({});
    expect((await failure(b.createRun(exp.id, loose({ startTime: 1_700_000_000_000 })))).message).toMatch(/options\.name must be the run's name/);
    expect((await failure(b.createRun(exp.id, loose({ name: "r" })))).message).toMatch(/options\.startTime must be milliseconds since the Unix epoch/);
    expect((await failure(b.createRun(exp.id, loose({ name: "r", startTime: 1, tags: { solver: 3 } })))).message).toMatch(/options\.tags\.solver must be a string/);
    expect((await must(b.searchRuns(exp.id))).map((r) => r.info.name)).toEqual(["r"]);
    await must(b.close());
  });
});

describe("logBatch", () => {
  const setup = async () => {
    const b = newStore();
    const exp = await must(b.getOrCreateExperiment("e"));
    const run = await must(b.createRun(exp.id, { name: "r", startTime: 1, tags: {} }));
    return { b, exp, run };
  };

  it("stores params write-once, upserts tags, and appends metric chunks in logging order", async () => {
    const { b, run } = await setup();
    await must(
      b.logBatch(
        run.id,
        batch({
          params: [{ key: "lr", value: "0.001" }, { key: "solver", value: "crank-nicolson" }],
          tags: [{ key: "phase", value: "warmup" }],
          metrics: [series("loss", [3, 2], [0, 1], 100), series("acc", [0.5])],
        }),
      ),
    );
    await must(
      b.logBatch(
        run.id,
        batch({
          params: [{ key: "lr", value: "0.001" }],
          tags: [{ key: "phase", value: "main" }],
          metrics: [series("loss", [1.5, 1, 0.5], [10, 5, 7], 200)],
        }),
      ),
    );
    const history = await must(b.getMetricHistory(run.id, "loss"));
    expect(history.key).toBe("loss");
    expect([...history.values]).toEqual([3, 2, 1.5, 1, 0.5]);
    expect([...history.steps]).toEqual([0, 1, 10, 5, 7]);
    expect([...history.timestamps]).toEqual([100, 101, 200, 201, 202]);
    const got = await must(b.getRun(run.id));
    expect(got?.params).toEqual({ lr: "0.001", solver: "crank-nicolson" });
    expect(got?.tags).toEqual({ phase: "main" });
    // the latest point is the last one logged (as core's memory backend keeps it)
    expect(got?.metrics).toEqual({ loss: { value: 0.5, step: 7, timestamp: 202 }, acc: { value: 0.5, step: 0, timestamp: 1_700_000_000_000 } });
    expect((await must(b.getMetricHistory(run.id, "nothing"))).values).toHaveLength(0);
    expect((await must(b.getMetricHistory("0123456789abcdef0123456789abcdef", "loss"))).values).toHaveLength(0);
    await must(b.close());
  });

  it("round-trips NaN, ±Infinity and -0 in values, steps and timestamps, history and latest", async () => {
    const { b, run } = await setup();
    const specials = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, 0, 5e-324, -1.7976931348623157e308, 0.1 + 0.2];
    const reversed = [...specials].reverse();
    const metric = { key: "weird", values: Float64Array.from(specials), steps: Float64Array.from(reversed), timestamps: Float64Array.from(specials) };
    await must(b.logBatch(run.id, batch({ metrics: [metric] })));
    const history = await must(b.getMetricHistory(run.id, "weird"));
    specials.forEach((v, i) => {
      expect(Object.is(history.values[i], v), `value ${i}`).toBe(true);
      expect(Object.is(history.timestamps[i], v), `timestamp ${i}`).toBe(true);
      expect(Object.is(history.steps[i], reversed[i]), `step ${i}`).toBe(true);
    });
    for (const [value, step, timestamp] of [
      [-0, -0, -0],
      [Number.NaN, Number.NaN, Number.NaN],
      [Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY, -0],
      [1e-310, -0, Number.NaN],
    ] as const) {
      const one = { key: "last", values: Float64Array.of(value), steps: Float64Array.of(step), timestamps: Float64Array.of(timestamp) };
      await must(b.logBatch(run.id, batch({ metrics: [one] })));
      const latest = (await must(b.getRun(run.id)))?.metrics.last;
      expect(Object.is(latest?.value, value) && Object.is(latest?.step, step) && Object.is(latest?.timestamp, timestamp), JSON.stringify(latest)).toBe(true);
    }
    await must(b.close());
  });

  it("stores progressions compactly and reproduces them bit for bit", async () => {
    const { b, run } = await setup();
    const n = 10_000;
    const steps = Float64Array.from({ length: n }, (_, i) => 1000 + 5 * i);
    const values = Float64Array.from({ length: n }, (_, i) => Math.sin(i));
    const timestamps = new Float64Array(n).fill(1_700_000_000_123.5);
    await must(b.logBatch(run.id, batch({ metrics: [{ key: "p", steps, values, timestamps }] })));
    // a progression starting at -0 or holding NaN must be stored as data
    const tricky = Float64Array.of(-0, 1, 2, 3);
    await must(b.logBatch(run.id, batch({ metrics: [{ key: "p", steps: tricky, values: tricky, timestamps: Float64Array.of(1, 2, Number.NaN, 4) }] })));
    const history = await must(b.getMetricHistory(run.id, "p"));
    expect(history.values.length).toBe(n + 4);
    for (let i = 0; i < n; i++) {
      if (!Object.is(history.steps[i], steps[i]) || history.timestamps[i] !== timestamps[i] || history.values[i] !== values[i]) {
        throw new Error(`point ${i} differs`);
      }
    }
    expect(Object.is(history.steps[n], -0)).toBe(true);
    expect(Number.isNaN(history.timestamps[n + 2])).toBe(true);
    const raw = new Database(b.path, { readonly: true });
    const chunk = raw.prepare("SELECT steps IS NULL AS stepsCompact, timestamps IS NULL AS timesCompact FROM metric_chunks ORDER BY id LIMIT 1").get();
    expect(chunk).toEqual({ stepsCompact: 1, timesCompact: 1 });
    raw.close();
    await must(b.close());
  });

  it("applies a batch at most once per id (per run)", async () => {
    const { b, exp, run } = await setup();
    const once = batch({ params: [{ key: "a", value: "1" }], tags: [{ key: "t", value: "1" }], metrics: [series("x", [1, 2, 3])], arrays: [] });
    await must(b.logBatch(run.id, once));
    await must(b.logBatch(run.id, once));
    await must(b.logBatch(run.id, { ...once, tags: [{ key: "t", value: "changed" }] }));
    expect((await must(b.getMetricHistory(run.id, "x"))).values).toHaveLength(3);
    expect((await must(b.getRun(run.id)))?.tags.t).toBe("1");
    const other = await must(b.createRun(exp.id, { name: "other", startTime: 2, tags: {} }));
    await must(b.logBatch(other.id, once));
    expect((await must(b.getMetricHistory(other.id, "x"))).values).toHaveLength(3);
    await must(b.close());
  });

  it("rejects a changed param with ParamChanged and applies nothing of that batch", async () => {
    const { b, run } = await setup();
    await must(b.logBatch(run.id, batch({ params: [{ key: "lr", value: "0.1" }], metrics: [series("m", [1])] })));
    await must(b.logBatch(run.id, batch({ params: [{ key: "lr", value: "0.1" }] })));
    const bad = batch({
      params: [{ key: "epochs", value: "10" }, { key: "lr", value: "0.2" }],
      tags: [{ key: "t", value: "v" }],
      metrics: [series("m", [2, 3]), series("y", [1])],
      arrays: [{ key: "field", step: 0, timestamp: 1, shape: [2], unit: "K", data: Float64Array.of(1, 2) }],
    });
    const changed = await failure(b.logBatch(run.id, bad));
    expect(changed).toMatchObject({ _tag: "ParamChanged", key: "lr", previous: "0.1", attempted: "0.2" });
    expect(changed.message).toContain('Param "lr"');
    const got = await must(b.getRun(run.id));
    expect(got?.params).toEqual({ lr: "0.1" });
    expect(got?.tags).toEqual({});
    expect(Object.keys(got?.metrics ?? {})).toEqual(["m"]);
    expect(got?.metrics.m?.value).toBe(1);
    expect([...(await must(b.getMetricHistory(run.id, "m"))).values]).toEqual([1]);
    expect(await must(b.getArrays(run.id, "field"))).toEqual([]);
    // the batch id was not consumed: the corrected batch with the same id applies
    await must(b.logBatch(run.id, { ...bad, params: [{ key: "epochs", value: "10" }] }));
    expect((await must(b.getRun(run.id)))?.params).toEqual({ lr: "0.1", epochs: "10" });
    // two values for one key inside one batch is a change too
    const twice = await failure(b.logBatch(run.id, batch({ params: [{ key: "k", value: "1" }, { key: "k", value: "2" }] })));
    expect(twice._tag).toBe("ParamChanged");
    expect((await must(b.getRun(run.id)))?.params.k).toBeUndefined();
    await must(b.close());
  });

  it("rejects malformed batches and unknown runs before writing", async () => {
    const { b, run } = await setup();
    const uneven = { key: "u", values: Float64Array.of(1, 2), steps: Float64Array.of(1), timestamps: Float64Array.of(1, 2) };
    expect(await failure(b.logBatch(run.id, batch({ metrics: [uneven] })))).toMatchObject({ _tag: "InvalidValue" });
    const badShape = { key: "a", step: 0, timestamp: 0, shape: [2, 2], unit: "1", data: Float64Array.of(1, 2, 3) };
    expect(await failure(b.logBatch(run.id, batch({ arrays: [badShape] })))).toMatchObject({ _tag: "InvalidValue" });
    expect(await failure(b.logBatch("0123456789abcdef0123456789abcdef", batch({})))).toMatchObject({ _tag: "NotFound", what: "run" });
    // empty series are fine and leave no trace
    await must(b.logBatch(run.id, batch({ metrics: [series("empty", [])] })));
    expect((await must(b.getRun(run.id)))?.metrics).toEqual({});
    await must(b.close());
  });

  it("stores arrays with shape, unit and exact data, in logging order", async () => {
    const { b, run } = await setup();
    const data = Float64Array.of(1, Number.NaN, -0, Number.POSITIVE_INFINITY, 5, 6);
    await must(
      b.logBatch(
        run.id,
        batch({
          arrays: [
            { key: "field", step: -0, timestamp: 10, shape: [2, 3], unit: "K", data },
            { key: "field", step: 1, timestamp: 11, shape: [6], unit: "m/s", data: data.subarray(0, 6) },
            { key: "scalar", step: Number.NaN, timestamp: 12, shape: [], unit: "1", data: Float64Array.of(42) },
          ],
        }),
      ),
    );
    const fields = await must(b.getArrays(run.id, "field"));
    expect(fields.map((a) => [a.key, a.timestamp, a.shape, a.unit])).toEqual([
      ["field", 10, [2, 3], "K"],
      ["field", 11, [6], "m/s"],
    ]);
    expect(Object.is(fields[0]?.step, -0)).toBe(true);
    fields[0]?.data.forEach((v, i) => {
      expect(Object.is(v, data[i])).toBe(true);
    });
    const [scalar] = await must(b.getArrays(run.id, "scalar"));
    expect(Number.isNaN(scalar?.step)).toBe(true);
    expect(scalar?.shape).toEqual([]);
    expect([...(scalar?.data ?? [])]).toEqual([42]);
    expect(await must(b.getArrays(run.id, "missing"))).toEqual([]);
    expect(await must(b.getArrays("0123456789abcdef0123456789abcdef", "field"))).toEqual([]);
    await must(b.close());
  });

  it("keeps a batch of a million points whole", async () => {
    const { b, run } = await setup();
    const n = 1_000_000;
    const values = Float64Array.from({ length: n }, (_, i) => Math.cos(i));
    const steps = Float64Array.from({ length: n }, (_, i) => i);
    const timestamps = Float64Array.from({ length: n }, (_, i) => 1_700_000_000_000 + i * 1.5);
    await must(b.logBatch(run.id, batch({ metrics: [{ key: "big", values, steps, timestamps }] })));
    const history = await must(b.getMetricHistory(run.id, "big"));
    // compared as bytes: a deep equal of a million elements takes seconds
    const bytes = (a: Float64Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
    expect(bytes(history.values).equals(bytes(values))).toBe(true);
    expect(bytes(history.steps).equals(bytes(steps))).toBe(true);
    expect(bytes(history.timestamps).equals(bytes(timestamps))).toBe(true);
    await must(b.close());
  });
});

describe("searchRuns, distinctTagValues", () => {
  const populate = async () => {
    const b = newStore();
    const exp = await must(b.getOrCreateExperiment("e"));
    const other = await must(b.getOrCreateExperiment("other"));
    await must(b.createRun(other.id, { name: "elsewhere", startTime: 5, tags: { solver: "elsewhere" } }));
    const names = ["delta", "Alpha", "charlie", "bravo", "echo"];
    const starts = [3, 1, 3, 2, 5];
    const ids: string[] = [];
    for (let i = 0; i < names.length; i++) {
      const run = await must(b.createRun(exp.id, { name: names[i]!, startTime: starts[i]!, tags: { solver: i % 2 ? "fem" : "fd" } }));
      ids.push(run.id);
      await must(b.logBatch(run.id, batch({ params: [{ key: "n", value: String(i * 10) }], metrics: [series("loss", [10 - i])] })));
    }
    return { b, exp, ids, names };
  };

  it("orders newest first by default (ties in creation order), or by name, and limits", async () => {
    const { b, exp, names } = await populate();
    const byDefault = (await must(b.searchRuns(exp.id))).map((r) => r.info.name);
    expect(byDefault).toEqual(["echo", "delta", "charlie", "bravo", "Alpha"]);
    const oldest = (await must(b.searchRuns(exp.id, { orderBy: { key: "startTime", descending: false } }))).map((r) => r.info.name);
    expect(oldest).toEqual(["Alpha", "bravo", "delta", "charlie", "echo"]);
    const byName = (await must(b.searchRuns(exp.id, { orderBy: { key: "name", descending: false } }))).map((r) => r.info.name);
    expect(byName).toEqual([...names].sort((x, y) => x.localeCompare(y)));
    const byNameDesc = (await must(b.searchRuns(exp.id, { orderBy: { key: "name", descending: true }, limit: 2 }))).map((r) => r.info.name);
    expect(byNameDesc).toEqual(["echo", "delta"]);
    expect(await must(b.searchRuns(exp.id, { limit: 0 }))).toEqual([]);
    expect((await must(b.searchRuns(exp.id, { limit: 2 }))).map((r) => r.info.name)).toEqual(["echo", "delta"]);
    expect(await must(b.searchRuns("999"))).toEqual([]);
    expect(await must(b.searchRuns("not-an-id"))).toEqual([]);
    await must(b.close());
  });

  it("returns whole records, the same as getRun", async () => {
    const { b, exp, ids } = await populate();
    const found = await must(b.searchRuns(exp.id, { filter: [[{ source: "params", key: "n", op: ">=", value: 20 }]] }));
    expect(found.map((r) => r.info.id).sort()).toEqual(ids.slice(2).sort());
    for (const record of found) expect(record).toEqual(await must(b.getRun(record.info.id)));
    await must(b.close());
  });

  it("lists distinct tag values per key within one experiment", async () => {
    const { b, exp } = await populate();
    expect(await must(b.distinctTagValues(exp.id, ["solver", "nope"]))).toEqual({ solver: ["fd", "fem"], nope: [] });
    expect(await must(b.distinctTagValues("999", ["solver"]))).toEqual({ solver: [] });
    expect(await must(b.distinctTagValues(exp.id, []))).toEqual({});
    await must(b.close());
  });
});

describe("close", () => {
  it("is idempotent, and every later call is a BackendFailure that says the store is closed", async () => {
    const b = newStore();
    const exp = await must(b.getOrCreateExperiment("e"));
    expect(b.closed).toBe(false);
    await must(b.close());
    await must(b.close());
    expect(b.closed).toBe(true);
    for (const task of [
      b.getOrCreateExperiment("x"),
      b.findExperiment("e"),
      b.listExperiments(),
      b.createRun(exp.id, { name: "r", startTime: 1, tags: {} }),
      b.updateRun("r", {}),
      b.logBatch("r", batch({})),
      b.getRun("r"),
      b.searchRuns(exp.id),
      b.getMetricHistory("r", "k"),
      b.getArrays("r", "k"),
      b.distinctTagValues(exp.id, ["k"]),
    ] as const) {
      const f = await failure(task as () => Promise<{ _tag: "Left"; left: { _tag: string; message: string } }>);
      expect(f._tag).toBe("BackendFailure");
      expect(f.message).toContain("closed");
    }
  });
});

describe("two connections, one file", () => {
  it("waits for another connection's write lock instead of failing (busy retry)", async () => {
    const file = freshPath(dir);
    const b = openAt(file, 20); // SQLite gives up after 20 ms; our retry loop keeps trying
    const exp = await must(b.getOrCreateExperiment("e"));
    const run = await must(b.createRun(exp.id, { name: "r", startTime: 1, tags: {} }));
    const blocker = new Database(file);
    blocker.exec("BEGIN IMMEDIATE");
    const started = Date.now();
    const release = setTimeout(() => blocker.exec("COMMIT"), 400);
    await must(b.logBatch(run.id, batch({ metrics: [series("x", [1])] })));
    clearTimeout(release);
    expect(Date.now() - started).toBeGreaterThanOrEqual(350);
    expect(blocker.inTransaction).toBe(false);
    blocker.close();
    expect((await must(b.getMetricHistory(run.id, "x"))).values).toHaveLength(1);
    await must(b.close());
  });

  it("sees the other connection's writes", async () => {
    const file = freshPath(dir);
    const writer = openAt(file);
    const reader = openAt(file);
    const exp = await must(writer.getOrCreateExperiment("shared"));
    const run = await must(writer.createRun(exp.id, { name: "r", startTime: 1, tags: {} }));
    await must(writer.logBatch(run.id, batch({ metrics: [series("x", [1, 2])] })));
    expect((await must(reader.getMetricHistory(run.id, "x"))).values).toHaveLength(2);
    expect((await must(reader.searchRuns(exp.id))).map((r) => r.info.id)).toEqual([run.id]);
    await must(writer.close());
    await must(reader.close());
  });
});
