import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { createLocalBackend } from "@dimexp/backend-local";
import { DimExperiment, DimexpError, type ExperimentBackend, backendFailure, createMemoryBackend } from "@dimexp/core";
import { type Unit, formatUnit } from "@dimexp/units";
import { describe, expect, it } from "vitest";
import { ORIGIN_RUN_ID_TAG, exportExperiment, importExperiment, loadExperiment } from "../src/index.js";
import { SPECIALS, richExperiment, sameBits, scratch } from "./helpers.js";
import { readHdf5Tree } from "./hdf5-tree.js";

const dir = scratch();
const unitText = (unit: Unit | undefined) => (unit ? formatUnit(unit) : undefined);
const file = (name: string) => join(dir, name);

const local = (name: string): ExperimentBackend => {
  const opened = createLocalBackend({ path: file(name) });
  if (opened._tag === "Left") throw new Error(opened.left.message);
  return opened.right;
};

describe("JSON round trip", () => {
  it("export → import → export is byte-identical (memory → SQLite store → memory)", async () => {
    const source = await richExperiment();
    const first = await exportExperiment(source, file("first.json"));
    expect(first).toMatchObject({ format: "json", runs: 5 });

    const store = local("store.db");
    const imported = await importExperiment(file("first.json"), { into: store });
    expect(imported.createdExperiment).toBe(true);
    expect(imported.runs.map((r) => r.name)).toEqual(["run-specials", "run-still-running", "from-python", "run-si", "run-cgs"]);
    expect(imported.source).toBe("dimexp-experiment 1.0");
    await exportExperiment({ backend: store, experiment: "heat-equation" }, file("second.json"));

    const memory = createMemoryBackend();
    await importExperiment(file("second.json"), { into: memory });
    await exportExperiment({ backend: memory, experiment: "heat-equation" }, file("third.json"));

    const bytes = readFileSync(file("first.json"));
    expect(readFileSync(file("second.json")).equals(bytes)).toBe(true);
    expect(readFileSync(file("third.json")).equals(bytes)).toBe(true);
    await store.close()();
  });

  it("brings back metadata, status, times, tags, params with units, full histories and arrays, exactly", async () => {
    const source = await richExperiment();
    await exportExperiment(source, file("full.json"));
    const target = createMemoryBackend();
    const result = await importExperiment(file("full.json"), { into: target });
    const exp = await DimExperiment.open("heat-equation", { backend: target });
    expect(exp.info.tags).toMatchObject({ owner: "lab-7", "note/extra": "ünïcødé ✓" });

    const si = await exp.getRun("run-si");
    const original = await source.getRun("run-si");
    expect(si.status).toBe("FINISHED");
    expect(si.startTime).toBe(original.startTime);
    expect(si.endTime).toBe(original.endTime);
    expect(si.tags).toEqual({ solver: "fd" });
    expect(String(si.param("domain_length"))).toBe("1 m");
    expect(String(si.param("learning_rate"))).toBe("0.001 1/s");
    expect(si.param("epochs")).toBe(100);
    expect(si.param("adaptive")).toBe(true);
    expect(si.param("solver_name")).toBe("crank-nicolson");
    expect(si.record.tags[ORIGIN_RUN_ID_TAG]).toBe(original.id);
    const loss = await exp.metricHistory("run-si", "loss");
    const originalLoss = await source.metricHistory("run-si", "loss");
    expect(unitText(loss.unit)).toBe("J");
    expect(sameBits(loss.values, originalLoss.values)).toBe(true);
    expect(sameBits(loss.steps, originalLoss.steps)).toBe(true);
    expect(sameBits(loss.timestamps, originalLoss.timestamps)).toBe(true);
    const temperature = await target.getArrays(si.id, "temperature")();
    expect(temperature._tag === "Right" && temperature.right[0]?.shape).toEqual([2, 3]);
    expect(temperature._tag === "Right" && sameBits(temperature.right[0]?.data ?? [], [300, 310.5, -0, Number.NaN, Number.POSITIVE_INFINITY, 1e-9])).toBe(true);
    const force = await target.getArrays(si.id, "force")();
    expect(force._tag === "Right" && force.right.map((a) => a.step)).toEqual([0, 1]);

    const cgs = await exp.getRun("run-cgs");
    expect(String(cgs.param("charge"))).toBe("4.8e-10 statC");
    expect(unitText((await exp.metricHistory("run-cgs", "loss")).unit)).toBe("erg");

    const specials = await exp.getRun("run-specials");
    expect(specials.status).toBe("KILLED");
    expect(specials.startTime).toBe(1_700_000_000_123.25);
    const history = await exp.metricHistory("run-specials", "train/loss");
    expect(sameBits(history.values, SPECIALS)).toBe(true);
    expect(unitText(history.unit)).toBe("J/kg");
    const hidden = await exp.metricHistory("run-specials", ".hidden");
    expect(sameBits(hidden.steps, [-0, Number.NaN])).toBe(true);
    expect(sameBits(hidden.timestamps, [1_700_000_000_001.5, -0])).toBe(true);

    const running = await exp.getRun("run-still-running");
    expect(running.status).toBe("RUNNING");
    expect(running.endTime).toBeUndefined();

    const python = await exp.getRun("from-python");
    expect(String(python.param("pressure"))).toBe("1013.25 hPa");
    expect(String(python.metric("loss"))).toBe("0.25 J");
    // loss 50, accuracy 5, 4 stats × (1 temperature + 2 force), cgs loss 20, specials 10 + 2, running 1, python 2
    expect(result.points).toBe(50 + 5 + 4 * 3 + 20 + 10 + 2 + 1 + 2);
  });

  it("exports only the runs asked for, by name or id; an unknown one is a NotFound error", async () => {
    const source = await richExperiment();
    const si = await source.getRun("run-si");
    const result = await exportExperiment(source, file("some.json"), { runs: [si.id, "run-cgs"] });
    expect(result.runs).toBe(2);
    const text = readFileSync(file("some.json"), "utf8");
    expect(text).toContain('"name": "run-si"');
    expect(text).not.toContain('"name": "from-python"');
    await expect(exportExperiment(source, file("none.json"), { runs: ["nope"] })).rejects.toMatchObject({ error: { _tag: "NotFound", id: "nope" } });
  });

  it("a backend failing during an export leaves no file behind, not even a partial one", async () => {
    const source = await richExperiment();
    const failing = { ...source.backend, getMetricHistory: () => async () => ({ _tag: "Left" as const, left: backendFailure("test", "read a metric", "connection reset") }) };
    for (const name of ["failed.json", "failed.h5"]) {
      await expect(exportExperiment({ backend: failing, experiment: "heat-equation" }, file(name))).rejects.toMatchObject({
        error: { _tag: "BackendFailure", message: expect.stringContaining("connection reset") },
      });
      expect(readdirSync(dir).filter((f) => f.includes("failed"))).toEqual([]);
    }
    await expect(exportExperiment(source, file("x.csv"))).rejects.toMatchObject({ error: { _tag: "InvalidValue", message: expect.stringContaining("end it in .json or .h5") } });
  });

  it("an unknown experiment is a NotFound error listing the experiments there", async () => {
    const backend = createMemoryBackend();
    await richExperiment(backend);
    await expect(exportExperiment({ backend, experiment: "heat-equatoin" }, file("x.json"))).rejects.toMatchObject({
      error: { _tag: "NotFound", message: expect.stringContaining("heat-equation") },
    });
  });

  it("imports under another name, and into an existing experiment next to its runs", async () => {
    const source = await richExperiment();
    await exportExperiment(source, file("rename.json"));
    const target = createMemoryBackend();
    const renamed = await importExperiment(file("rename.json"), { into: target, experiment: "copy" });
    expect(renamed.experiment.name).toBe("copy");
    const again = await importExperiment(file("rename.json"), { into: target, experiment: "copy", onConflict: "copy" });
    expect(again.createdExperiment).toBe(false);
    expect(again.runs.map((r) => r.outcome)).toEqual(Array(5).fill("copied"));
    const exp = await DimExperiment.open("copy", { backend: target });
    expect((await exp.listRuns()).length).toBe(10);
  });
});

describe("HDF5 round trip", () => {
  it("export → import → export is value-identical, and the same experiment as the JSON export", async () => {
    const source = await richExperiment();
    await exportExperiment(source, file("first.h5"));
    await exportExperiment(source, file("reference.json"));
    const store = local("h5-store.db");
    const imported = await importExperiment(file("first.h5"), { into: store });
    expect(imported.source).toBe("dimexp-experiment 1.0 (HDF5)");
    await exportExperiment({ backend: store, experiment: "heat-equation" }, file("second.h5"));
    await store.close()();

    const first = await readHdf5Tree(file("first.h5"));
    const second = await readHdf5Tree(file("second.h5"));
    expect(second).toEqual(first);
    expect(Object.keys(first).length).toBeGreaterThan(50);

    const memory = createMemoryBackend();
    await importExperiment(file("second.h5"), { into: memory });
    await exportExperiment({ backend: memory, experiment: "heat-equation" }, file("from-h5.json"));
    expect(readFileSync(file("from-h5.json"), "utf8")).toBe(readFileSync(file("reference.json"), "utf8"));
  });

  it("writes metric columns chunked and gzip-compressed, with unit attributes", async () => {
    const source = await richExperiment();
    await exportExperiment(source, file("layout.h5"), { chunkElements: 16 });
    const tree = await readHdf5Tree(file("layout.h5"));
    expect(tree["/"]).toMatchObject({ attrs: { format: "dimexp-experiment", version: "1.0" } });
    expect(tree["/experiment"]).toMatchObject({ attrs: { name: "heat-equation" } });
    const si = Object.entries(tree).find(([, v]) => v.attrs?.name === "run-si")?.[0] as string;
    expect(tree[`${si}/metrics/loss`]).toMatchObject({ attrs: { name: "loss", unit: "J", count: 50 } });
    expect(tree[`${si}/metrics/loss/values`]).toMatchObject({ shape: [50], dtype: "<d", chunks: [16], filters: ["deflate"] });
    expect(tree[`${si}/params/domain_length`]).toMatchObject({ attrs: { name: "domain_length", value: "1", type: "quantity", unit: "m" } });
    const specials = Object.entries(tree).find(([, v]) => v.attrs?.name === "run-specials")?.[0] as string;
    expect(tree[`${specials}/metrics/train%2Floss`]).toMatchObject({ attrs: { name: "train/loss", unit: "J/kg" } });
    expect(tree[`${specials}/metrics/%2Ehidden`]).toMatchObject({ attrs: { name: ".hidden" } });
  });
});

describe("loadExperiment and DimExperiment.load", () => {
  it("opens a file read-only: reads work, writes are refused with a message", async () => {
    const source = await richExperiment();
    await exportExperiment(source, file("load.h5"));
    const exp = await loadExperiment(file("load.h5"));
    expect((await exp.listRuns({ filter: "params.domain_length >= 50 cm" })).map((r) => r.name).sort()).toEqual(["run-cgs", "run-si"]);
    const refused = await exp.startRun("more").then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(DimexpError);
    expect((refused as DimexpError).message).toContain("read-only");
  });

  it("copies into a chosen backend, where the experiment is writable", async () => {
    const source = await richExperiment();
    await exportExperiment(source, file("load.json"));
    const target = createMemoryBackend();
    const exp = await DimExperiment.load(file("load.json"), { into: target });
    expect(exp.backend).toBe(target);
    await exp.withRun("after-load", (run) => run.logMetric("loss", 1));
    expect((await exp.listRuns()).length).toBe(6);
  });
});
