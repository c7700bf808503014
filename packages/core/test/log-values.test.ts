// What logParam/logMetric accept as values: the plan's DimArray scalars
// (`DimArray(0.001, units.s**-1)`), and params that keep their unit, with
// messages that print values with their units.

import { describe, expect, it } from "vitest";
import { DimArray, DimExperiment, DimexpError, type ExperimentBackend, type Quantity, createMemoryBackend, q } from "../src/index.js";

const open = (backend: ExperimentBackend = createMemoryBackend()) => DimExperiment.open("values", { backend, onWarning: () => undefined });

const array = (values: Parameters<typeof DimArray.of>[0], unit: string, shape?: number[]): DimArray => {
  const a = DimArray.of(values, unit, shape ? { shape } : {});
  if (a._tag === "Left") throw new Error(a.left.message);
  return a.right;
};

const thrown = (call: () => unknown): DimexpError => {
  try {
    call();
  } catch (e) {
    if (e instanceof DimexpError) return e;
    throw new Error(`expected a DimexpError, got ${String(e)}`);
  }
  throw new Error("expected a DimexpError, but the call succeeded");
};

describe("DimArray scalars", () => {
  it("logs 0-d and one-element DimArrays as params and metrics, in SI, CGS and natural units", async () => {
    const exp = await open();
    await exp.withRun("plan", (run) => {
      run.logParam("learning_rate", array(0.001, "1/s")); // DimArray(0.001, units.s**-1): 0-d
      run.logParam("domain_length", array([100], "cm")); // shape [1]
      run.logParam("mass_scale", array([[0.938]], "GeV")); // shape [1, 1]
      run.logParam("coupling", array(0.3, "1")); // dimensionless
      run.logParams({ box: array(1e-13, "1/GeV") });
      for (let step = 0; step < 3; step++) {
        run.logMetric("loss", array(1 / (step + 1), "J"), { step });
        run.logMetrics({ energy: array([2e7 * (step + 1)], "erg"), ratio: array(0.5, "1") }, { step });
      }
    });
    const run = await exp.getRun("plan");
    expect(String(run.param("learning_rate"))).toBe("0.001 1/s");
    expect(String(run.param("domain_length"))).toBe("100 cm");
    expect(String(run.param("mass_scale"))).toBe("0.938 GeV");
    expect(String(run.param("box"))).toBe("1e-13 1/GeV");
    expect(Number((run.param("coupling") as Quantity).value ?? run.param("coupling"))).toBe(0.3);
    expect(String(run.metric("loss"))).toBe(String(q(1 / 3, "J")));
    expect(String(run.metric("energy"))).toBe("60000000 erg");
    expect((await exp.metricHistory("plan", "loss")).values.length).toBe(3);
    // the same param given again as a DimArray or as the equal Quantity is no change
    const resumed = await exp.resumeRun("plan");
    resumed.logParam("learning_rate", q(0.001, "1/s"));
    resumed.logParam("domain_length", array(100, "cm"));
    await resumed.end();
  });

  it("mixes a dimensionless DimArray with bare numbers in one metric", async () => {
    const exp = await open();
    await exp.withRun("r", (run) => {
      run.logMetric("accuracy", array(0.5, "1"), { step: 0 });
      run.logMetric("accuracy", 0.75, { step: 1 });
      run.logMetric("accuracy", array([0.875], "1"), { step: 2 });
    });
    expect([...(await exp.metricHistory("r", "accuracy")).values]).toEqual([0.5, 0.75, 0.875]);
  });

  it("refuses a larger array with a typed error pointing at logArray, keeping what was logged", async () => {
    const exp = await open();
    const run = await exp.startRun("r");
    run.logParam("lr", array(0.001, "1/s"));
    run.logMetric("loss", array(1, "J"), { step: 0 });
    for (const big of [array([1, 2, 3], "J"), array([[1, 2], [3, 4]], "J"), array([], "J")]) {
      for (const [kind, call] of [
        ["param", () => run.logParam("p", big)],
        ["metric", () => run.logMetric("loss", big, { step: 1 })],
      ] as const) {
        const error = thrown(call);
        expect(error.error).toMatchObject({ _tag: "InvalidValue", what: `${kind} "${kind === "param" ? "p" : "loss"}"` });
        expect(error.message).toContain(`shape [${big.shape.join(", ")}]`);
        expect(error.message).toContain("logArray(");
      }
    }
    run.logMetric("loss", array(0.5, "J"), { step: 1 });
    await run.end();
    const stored = await exp.getRun("r");
    expect(Object.keys(stored.params)).toEqual(["lr"]);
    expect([...(await exp.metricHistory("r", "loss")).values]).toEqual([1, 0.5]);
  });

  it("converts a DimArray metric in another unit like a Quantity, and refuses another dimension", async () => {
    const exp = await open();
    const run = await exp.startRun("r");
    run.logMetric("e", q(1, "J"), { step: 0 });
    run.logMetric("e", array(1e7, "erg"), { step: 1 });
    expect(thrown(() => run.logMetric("e", array(1, "m"), { step: 2 })).error._tag).toBe("IncompatibleUnit");
    await run.end();
    expect([...(await exp.metricHistory("r", "e")).values]).toEqual([1, 1]);
  });
});

describe("params keep their value and unit; messages say both", () => {
  it("prints the units of both values when a param changes (1 m, then 100 cm)", async () => {
    const exp = await open();
    const run = await exp.startRun("r");
    run.logParam("p", q(1, "m"));
    const error = thrown(() => run.logParam("p", q(100, "cm")));
    expect(error.error).toMatchObject({ _tag: "ParamChanged", key: "p", previous: "1", attempted: "100", previousText: "1 m", attemptedText: "100 cm" });
    expect(error.message).toContain('Param "p" is already 1 m; it cannot change to 100 cm.');
    expect(error.message).toContain("same quantity");
    await run.end();
  });

  it("refuses the same number in another unit, which it used to accept silently", async () => {
    const exp = await open();
    const run = await exp.startRun("r");
    run.logParam("length", q(1, "m"));
    expect(thrown(() => run.logParam("length", q(1, "cm"))).message).toContain("is already 1 m; it cannot change to 1 cm.");
    expect(thrown(() => run.logParam("length", 1)).message).toContain("is already 1 m; it cannot change to 1.");
    run.logParam("name", "adam");
    expect(thrown(() => run.logParam("name", "sgd")).message).toContain('is already "adam"; it cannot change to "sgd".');
    run.logParam("epochs", 10);
    expect(thrown(() => run.logParam("epochs", "10")).error._tag).toBe("ParamChanged");
    await run.end();
    expect(String((await exp.getRun("r")).param("length"))).toBe("1 m");
  });

  it("knows the units of a resumed run's params", async () => {
    const exp = await open();
    await exp.withRun("r", (run) => run.logParam("domain_length", q(1, "m")));
    const resumed = await exp.resumeRun("r");
    resumed.logParam("domain_length", q(1, "m"));
    const error = thrown(() => resumed.logParam("domain_length", q(1, "cm")));
    expect(error.message).toContain("is already 1 m; it cannot change to 1 cm.");
    await resumed.end();
  });

  it("has the memory backend print units when a batch changes a stored param", async () => {
    const backend = createMemoryBackend();
    const exp = await open(backend);
    await exp.withRun("r", (run) => run.logParam("energy", q(1, "GeV")));
    const id = (await exp.getRun("r")).id;
    const result = await backend.logBatch(id, {
      id: "other-writer",
      params: [{ key: "energy", value: "1.602e-10" }],
      tags: [{ key: "dimexp.param.energy", value: JSON.stringify({ type: "quantity", unit: "J", dimension: ["2", "1", "-2", "0", "0", "0", "0"] }) }],
      metrics: [],
      arrays: [],
    })();
    expect(result._tag === "Left" && result.left.message).toContain("is already 1 GeV; it cannot change to 1.602e-10 J.");
  });
});

describe("a param another writer logged first", () => {
  it("keeps the stored param and its unit, and the rest of the refused batch", async () => {
    const exp = await open();
    const first = await exp.startRun("r");
    await first.flush();
    const second = await exp.resumeRun(first.id); // does not know what first logs next
    first.logParam("domain_length", q(1, "m"));
    await first.flush();
    second.logParam("domain_length", q(100, "cm"));
    second.logParam("learning_rate", q(0.001, "1/s"));
    second.logMetric("domain_length", q(2, "m"), { step: 0 }); // a metric of the same name keeps its unit tags
    second.setTag("solver", "fd");
    await expect(second.flush()).rejects.toThrow("is already 1 m; it cannot change to 100 cm.");
    await second.flush(); // the rest of the batch went through
    // this handle learnt nothing wrong: logging the stored value again is fine
    second.logParam("domain_length", q(1, "m"));
    await second.end();
    await first.end();
    const stored = await exp.getRun("r");
    expect(String(stored.param("domain_length"))).toBe("1 m");
    expect(String(stored.param("learning_rate"))).toBe("0.001 1/s");
    expect(String(stored.metric("domain_length"))).toBe("2 m");
    expect(stored.tags.solver).toBe("fd");
  });
});
