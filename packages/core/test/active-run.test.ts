import { describe, expect, it } from "vitest";
import { DimArray, DimExperiment, DimexpError, type DimexpWarning, createMemoryBackend, q } from "../src/index.js";

const open = async (warnings: DimexpWarning[] = []) =>
  DimExperiment.open("unit-test", { backend: createMemoryBackend(), onWarning: (w) => warnings.push(w) });

const tagOf = (e: unknown): string => (e instanceof DimexpError ? e.error._tag : `not a DimexpError: ${String(e)}`);

describe("ActiveRun", () => {
  it("converts a metric logged in another unit to its first unit, warning once", async () => {
    const warnings: DimexpWarning[] = [];
    const exp = await open(warnings);
    const run = await exp.startRun("r");
    run.logMetric("loss", q(1, "J"), { step: 0 });
    run.logMetric("loss", q(2e7, "erg"), { step: 1 });
    run.logMetric("loss", q(3e7, "erg"), { step: 2 });
    await run.end();
    const history = await exp.metricHistory("r", "loss");
    expect([...history.values]).toEqual([1, 2, 3]);
    expect(String(history.unit && q(1, history.unit))).toBe("1 J");
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.message).toContain("erg");
  });

  it("refuses a dimensionally incompatible unit with a typed error, keeping what was logged", async () => {
    const exp = await open();
    const run = await exp.startRun("r");
    run.logMetric("loss", q(1, "J"));
    let caught: unknown;
    try {
      run.logMetric("loss", q(1, "m"));
    } catch (e) {
      caught = e;
    }
    expect(tagOf(caught)).toBe("IncompatibleUnit");
    expect((caught as Error).message).toContain("energy");
    expect(() => run.logMetric("loss", 3)).toThrow(/no unit/);
    await run.end();
    expect((await exp.metricHistory("r", "loss")).values.length).toBe(1);
  });

  it("keeps params fixed and rejects logging after the run ended", async () => {
    const exp = await open();
    const run = await exp.startRun("r");
    run.logParam("length", q(1, "m"));
    run.logParam("length", q(1, "m"));
    expect(() => run.logParam("length", q(2, "m"))).toThrow(/cannot change/);
    await run.end();
    let caught: unknown;
    try {
      run.logMetric("x", 1);
    } catch (e) {
      caught = e;
    }
    expect(tagOf(caught)).toBe("RunNotActive");
    expect((caught as Error).message).toContain("has ended (FINISHED)");
  });

  it("validates names with a message that says what is allowed", async () => {
    const exp = await open();
    const run = await exp.startRun("r");
    expect(() => run.logMetric("bad name!", 1)).toThrow(/contains "!"/);
    expect(() => run.logMetric("", 1)).toThrow(/empty/);
    expect(() => run.logParam("../up", 1)).toThrow(/".."/);
    expect(() => run.setTag("dimexp.secret", "x")).toThrow(/reserved/);
    expect(() => run.logMetric("x".repeat(201), 1)).toThrow(/longer than 200/);
    await run.end();
  });

  it("round-trips NaN, ±Infinity and -0 through params and metrics", async () => {
    const exp = await open();
    await exp.withRun("r", async (run) => {
      run.logParam("nan_param", Number.NaN);
      run.logParam("neg_zero", -0);
      run.logParam("big", q(Number.POSITIVE_INFINITY, "J"));
      run.logMetric("m", q(Number.NaN, "K"), { step: 0 });
      run.logMetric("m", q(Number.NEGATIVE_INFINITY, "K"), { step: 1 });
      run.logMetric("m", q(-0, "K"), { step: 2 });
    });
    const r = await exp.getRun("r");
    expect(r.param("nan_param")).toBeNaN();
    expect(Object.is(r.param("neg_zero"), -0)).toBe(true);
    expect(String(r.param("big"))).toBe("Infinity J");
    const h = await exp.metricHistory("r", "m");
    expect(h.values[0]).toBeNaN();
    expect(h.values[1]).toBe(Number.NEGATIVE_INFINITY);
    expect(Object.is(h.values[2], -0)).toBe(true);
    expect(JSON.stringify(r.toJSON().metrics.m)).toBe('{"value":"-0","unit":"K","step":2}');
    expect(r.toJSON().params.nan_param).toEqual({ value: "NaN" });
  });

  it("logs arrays as dimtensor-named summary metrics plus the full array", async () => {
    const exp = await open();
    const backend = exp.backend;
    await exp.withRun("r", async (run) => {
      const a = DimArray.of([1, 2, 3, 4], "eV");
      if (a._tag === "Left") throw new Error(a.left.message);
      run.logArray("energies", a.right, { step: 7 });
    });
    const r = await exp.getRun("r");
    expect(String(r.metric("energies_mean"))).toBe("2.5 eV");
    expect(String(r.metric("energies_min"))).toBe("1 eV");
    expect(r.metrics.energies_std?.value).toBeCloseTo(Math.sqrt(1.25), 12);
    expect(r.record.tags["unit.energies"]).toBe("eV");
    expect(r.record.tags["shape.energies"]).toBe("(4,)");
    const arrays = await backend.getArrays(r.id, "energies")();
    expect(arrays._tag === "Right" && arrays.right[0]?.step).toBe(7);
  });

  it("flushes in batches by size, and on flush()", async () => {
    const backend = createMemoryBackend();
    let batches = 0;
    const counting = {
      ...backend,
      logBatch: (id: string, b: Parameters<typeof backend.logBatch>[1]) => {
        batches++;
        return backend.logBatch(id, b);
      },
    };
    const exp = await DimExperiment.open("flush", { backend: counting, maxBufferedPoints: 1000 });
    const run = await exp.startRun("r");
    for (let i = 0; i < 3500; i++) run.logMetric("x", i);
    await run.flush();
    expect(batches).toBeGreaterThanOrEqual(4);
    expect((await exp.metricHistory("r", "x")).values.length).toBe(3500);
    await run.end();
  });

  it("lets the event loop turn on every flush(), so a signal handler can run even against a synchronous store", async () => {
    // The memory store, like the embedded SQLite one, settles writes in microtasks:
    // without a macrotask turn, `for (;;) await run.flush()` starves SIGINT handlers.
    const exp = await open();
    const run = await exp.startRun("r");
    let turned = false;
    setImmediate(() => {
      turned = true;
    });
    run.logMetric("x", 1);
    await run.flush();
    expect(turned).toBe(true);
    await run.end();
  });

  it("stops logging as end() begins, so no point is accepted and then never written", async () => {
    const exp = await open();
    const run = await exp.startRun("r");
    run.logMetric("x", 1);
    const ending = run.end();
    expect(() => run.logMetric("x", 2)).toThrow(/has ended \(FINISHED\)/);
    await ending;
    await run.end();
    expect([...(await exp.metricHistory("r", "x")).values]).toEqual([1]);
  });

  it("flushes on its own after flushIntervalMs, without flush()", async () => {
    const exp = await DimExperiment.open("timer", { backend: createMemoryBackend(), flushIntervalMs: 20 });
    const run = await exp.startRun("r");
    run.logMetric("x", q(1, "m"));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await exp.metricHistory("r", "x")).values.length).toBe(1);
    await run.end();
  });

  it("keeps a failed batch queued and delivers it once the backend recovers", async () => {
    const backend = createMemoryBackend();
    let failing = true;
    const flaky = {
      ...backend,
      logBatch: (id: string, b: Parameters<typeof backend.logBatch>[1]) =>
        failing
          ? async () => ({ _tag: "Left" as const, left: { _tag: "BackendFailure" as const, backend: "flaky", operation: "log", retryable: true, message: "down" } })
          : backend.logBatch(id, b),
    };
    const exp = await DimExperiment.open("flaky", { backend: flaky });
    const run = await exp.startRun("r");
    for (let i = 0; i < 10; i++) run.logMetric("x", i);
    await expect(run.flush()).rejects.toThrow("down");
    failing = false;
    run.logMetric("x", 10);
    await run.end();
    const h = await exp.metricHistory("r", "x");
    expect([...h.values]).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it("sets aside a batch the backend refuses for good, keeps it, and carries on", async () => {
    const backend = createMemoryBackend();
    let refuse = true;
    const picky = {
      ...backend,
      logBatch: (id: string, b: Parameters<typeof backend.logBatch>[1]) =>
        refuse && b.metrics.some((m) => m.key === "poison")
          ? async () => ({ _tag: "Left" as const, left: { _tag: "BackendFailure" as const, backend: "picky", operation: "log", retryable: false, message: "value too long" } })
          : backend.logBatch(id, b),
    };
    const exp = await DimExperiment.open("picky", { backend: picky });
    const run = await exp.startRun("r");
    run.logMetric("poison", 1);
    await expect(run.flush()).rejects.toThrow("value too long");
    run.logMetric("x", 1);
    await expect(run.flush()).rejects.toThrow("value too long");
    expect((await exp.metricHistory("r", "x")).values.length).toBe(1);
    expect(run.rejectedBatches).toHaveLength(1);
    refuse = false;
    await run.retryRejected();
    expect(run.rejectedBatches).toHaveLength(0);
    expect((await exp.metricHistory("r", "poison")).values.length).toBe(1);
    await run.end();
  });

  it("ends the run FAILED with the error when withRun's body throws", async () => {
    const exp = await open();
    await expect(exp.withRun("boom", async () => Promise.reject(new RangeError("nope")))).rejects.toThrow("nope");
    const r = await exp.getRun("boom");
    expect(r.status).toBe("FAILED");
    expect(r.record.tags["dimexp.error"]).toBe("RangeError: nope");
  });

  it("supports await using", async () => {
    const exp = await open();
    {
      await using run = await exp.startRun("scoped");
      run.logMetric("x", q(1, "s"));
    }
    expect((await exp.getRun("scoped")).status).toBe("FINISHED");
  });

  it("lists runs by dimension and orders them across units", async () => {
    const exp = await open();
    await exp.withRun("a", async (run) => {
      run.logMetric("force", q(2, "N"));
    });
    await exp.withRun("b", async (run) => {
      run.logMetric("force", q(1e5, "dyn"));
    });
    await exp.withRun("c", async (run) => {
      run.logMetric("loss", q(1, "J"));
    });
    const withForce = await exp.listRuns({ dimensions: { force: true } });
    expect(withForce.map((r) => r.name).sort()).toEqual(["a", "b"]);
    const ordered = await exp.listRuns({ filter: "has(metrics.force)", orderBy: "metrics.force desc" });
    expect(ordered.map((r) => r.name)).toEqual(["a", "b"]);
    const asc = await exp.listRuns({ orderBy: "metrics.force", limit: 1 });
    expect(asc.map((r) => r.name)).toEqual(["b"]);
    await expect(exp.listRuns({ filter: "metrics.force > 1 J" })).rejects.toThrow(/force|energy/);
    await expect(exp.listRuns({ filter: "metrics.force > > 1 N" })).rejects.toThrow(/position/);
    await expect(exp.listRuns({ dimensions: { forse: true } })).rejects.toThrow(/"forse" is not a dimension|unknown dimension/);
  });
});
