// Interop with Python, in CI for real: PyPI dimtensor loads the DimArray files
// we write, we load the ones it writes (and its experiment export), and h5py
// reads our experiment HDF5 layout. Under CI=true a missing Python peer fails;
// elsewhere these tests are skipped with the reason.

import { join } from "node:path";
import { DimExperiment, createMemoryBackend } from "@dimexp/core";
import { DimArray, formatUnit } from "@dimexp/units";
import { beforeAll, describe, expect, it } from "vitest";
import { exportExperiment, importExperiment, readDimArrayHdf5, readDimArrayJson, writeDimArrayHdf5, writeDimArrayJson } from "../src/index.js";
import { SPECIALS, richExperiment, scratch } from "./helpers.js";
import { IN_CI, dimtensorPython, runPython } from "./support/python.js";

const dir = scratch();
const peer = dimtensorPython();
const available = "python" in peer;
const python = available ? peer.python : "";

/** Our view of a double, as the Python scripts print it. */
const exact = (x: number): number | string =>
  Number.isNaN(x) ? "NaN" : x === Number.POSITIVE_INFINITY ? "Infinity" : x === Number.NEGATIVE_INFINITY ? "-Infinity" : Object.is(x, -0) ? "-0" : x;

const array = (values: Float64Array, unit: string, shape: number[]): DimArray => {
  const a = DimArray.of(values, unit, { shape });
  if (a._tag === "Left") throw new Error(a.left.message);
  return a.right;
};

describe.skipIf(!available && !IN_CI)(`Python dimtensor 5.2.0 and h5py${available ? "" : ` (skipped: ${"unavailable" in peer ? peer.unavailable.split("\n")[0] : ""})`}`, () => {
  beforeAll(() => {
    if (!available) throw new Error(`CI: the dimtensor venv (tooling/python/dimtensor) could not be built: ${"unavailable" in peer ? peer.unavailable : ""}`);
  });

  it("dimtensor loads the DimArray JSON and HDF5 files we write", async () => {
    const values = Float64Array.of(1.5, Number.NaN, -0, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 0.1 + 0.2);
    const energy = array(values, "eV", [2, 3]);
    const force = array(Float64Array.of(1, 2, 3), "kg*m/s^2", [3]);
    await writeDimArrayJson(join(dir, "energy.json"), energy, { uncertainty: Float64Array.of(0.1, 0.1, 0.1, 0.2, 0.2, 0.2) });
    await writeDimArrayJson(join(dir, "force.json"), force, { indent: null });
    await writeDimArrayHdf5(join(dir, "energy.h5"), energy, { uncertainty: Float64Array.of(0.1, 0.1, 0.1, 0.2, 0.2, 0.2) });
    const scalar = DimArray.of(Float64Array.of(2.5), "J", { shape: [] });
    if (scalar._tag === "Left") throw new Error(scalar.left.message);
    await writeDimArrayHdf5(join(dir, "scalar.h5"), scalar.right);
    const files = ["energy.json", "force.json", "energy.h5", "scalar.h5"].map((f) => join(dir, f));
    const loaded = await runPython<Record<string, { shape: number[]; dtype: string; data: unknown[]; symbol: string; scale: number; dimension: number[]; uncertainty: unknown[] | null }>>(
      python,
      "dimtensor_read.py",
      files,
    );
    const [energyJson, forceJson, energyH5, scalarH5] = files.map((f) => loaded[f]);
    for (const e of [energyJson, energyH5]) {
      expect(e).toMatchObject({ shape: [2, 3], dtype: "float64", symbol: "eV", scale: 1.602176634e-19, dimension: [2, 1, -2, 0, 0, 0, 0] });
      expect(e?.data).toEqual(Array.from(values, exact));
      expect(e?.uncertainty).toEqual([0.1, 0.1, 0.1, 0.2, 0.2, 0.2]);
    }
    expect(forceJson).toMatchObject({ shape: [3], data: [1, 2, 3], symbol: "kg·m/s²", scale: 1, dimension: [1, 1, -2, 0, 0, 0, 0], uncertainty: null });
    expect(scalarH5).toMatchObject({ shape: [1], data: [2.5], symbol: "J" });
  });

  it("we load the DimArray files and the experiment export dimtensor writes", async () => {
    const manifest = await runPython<Record<string, { shape: number[]; data: Array<number | string>; symbol: string; scale: number; uncertainty?: number[] }>>(
      python,
      "dimtensor_write.py",
      [dir],
    );
    for (const name of ["velocity.json", "force.json", "energy.json", "velocity.h5", "electron.h5"]) {
      const expected = manifest[name];
      const file = join(dir, name);
      const { array: a, uncertainty } = name.endsWith(".json") ? await readDimArrayJson(file) : await readDimArrayHdf5(file);
      expect(a.shape, name).toEqual(expected?.shape);
      expect(Array.from(a.data, exact), name).toEqual(expected?.data);
      expect(a.unit.scale.value, name).toBeCloseTo(expected?.scale ?? Number.NaN, 25);
      if (expected?.uncertainty) expect(Array.from(uncertainty ?? [])).toEqual(expected.uncertainty);
    }
    expect(formatUnit((await readDimArrayJson(join(dir, "velocity.json"))).array.unit)).toBe("km/s");
    expect(formatUnit((await readDimArrayJson(join(dir, "force.json"))).array.unit)).toBe("kg*m/s^2");

    const target = createMemoryBackend();
    const result = await importExperiment(join(dir, "experiment.json"), { into: target });
    expect(result.source).toBe("dimtensor export (migrated)");
    const exp = await DimExperiment.open("heat-equation-py", { backend: target });
    const si = await exp.getRun("py-si");
    expect(String(si.param("learning_rate"))).toBe("0.001 1/s");
    expect(String(si.param("domain_length"))).toBe("1 m");
    expect(si.param("optimizer")).toBe("adam");
    expect(String(si.metric("loss"))).toBe("0.125 J");
    expect(String(si.metric("field_mean"))).toBe("300 K");
    expect(Number.isNaN(si.metric("residual") as number)).toBe(true);
    const cgs = await exp.getRun("py-cgs");
    expect(cgs.status).toBe("RUNNING");
    expect(String(cgs.param("domain_length"))).toBe("100 cm");
    const loss = cgs.metrics.loss;
    expect(loss?.unit && formatUnit(loss.unit)).toBe("g*cm^2/s^2");
    // and it can be compared with the SI run: same dimension
    expect((await exp.listRuns({ filter: "metrics.loss > 0.1 J" })).map((r) => r.name).sort()).toEqual(["py-cgs", "py-si"]);
  });

  it("h5py reads our experiment HDF5 layout: a group per run, gzip-chunked float64 datasets per metric, unit attributes", async () => {
    const source = await richExperiment();
    const file = join(dir, "experiment.h5");
    await exportExperiment(source, file, { chunkElements: 8 });
    type Dataset = { dtype: string; shape: number[]; chunks: number[] | null; compression: string | null; values: Array<number | string> };
    type Report = {
      root: Record<string, unknown>;
      experiment: Record<string, unknown>;
      experiment_tags: Record<string, unknown>;
      runs: Array<{
        group: string;
        attrs: Record<string, unknown>;
        tags: Record<string, string>;
        params: Record<string, Record<string, unknown>>;
        metrics: Record<string, { attrs: Record<string, unknown>; steps: Dataset; values: Dataset; timestamps: Dataset }>;
        arrays: Array<{ attrs: Record<string, unknown>; shape: number[]; compression: string | null; dimtensor: { symbol: string; scale: number; data: unknown[] } }>;
      }>;
    };
    const report = await runPython<Report>(python, "h5py_check.py", [file]);
    expect(report.root).toEqual({ format: "dimexp-experiment", version: "1.0" });
    expect(report.experiment).toMatchObject({ name: "heat-equation", created_at: source.info.createdAt });
    expect(report.experiment_tags).toEqual({ owner: "lab-7", "note/extra": "ünïcødé ✓" });
    expect(report.runs.map((r) => r.group)).toEqual(["000000", "000001", "000002", "000003", "000004"]);
    expect(report.runs.map((r) => r.attrs.name)).toEqual(["run-specials", "run-still-running", "from-python", "run-si", "run-cgs"]);

    const specials = report.runs[0];
    expect(specials?.attrs).toMatchObject({ status: "KILLED", start_time: 1_700_000_000_123.25, end_time: 1_700_000_009_999 });
    const trainLoss = specials?.metrics["train/loss"];
    expect(trainLoss?.attrs).toEqual({ name: "train/loss", unit: "J/kg", count: 10 });
    expect(trainLoss?.values).toMatchObject({ dtype: "float64", shape: [10], chunks: [8], compression: "gzip" });
    expect(trainLoss?.values.values).toEqual(SPECIALS.map(exact));
    expect(report.runs[1]?.attrs.end_time).toBeUndefined();

    const si = report.runs[3];
    expect(si?.params.domain_length).toEqual({ name: "domain_length", value: "1", type: "quantity", unit: "m" });
    expect(si?.params.epochs).toEqual({ name: "epochs", value: "100", type: "number" });
    expect(si?.metrics.loss?.attrs).toMatchObject({ unit: "J", count: 50 });
    expect(si?.metrics.loss?.steps.values.slice(0, 3)).toEqual([0, 1, 2]);
    expect(si?.metrics.loss?.timestamps.values[1]).toBe(1_700_000_000_010.5);
    expect(si?.tags.solver).toBe("fd");
    const temperature = si?.arrays.find((a) => a.attrs.key === "temperature");
    expect(temperature).toMatchObject({ shape: [2, 3], compression: "gzip", attrs: { unit: "K", step: 3, unit_symbol: "K", unit_scale: 1, dim_temperature: 1 } });
    expect(temperature?.dimtensor).toEqual({ symbol: "K", scale: 1, data: [300, 310.5, "-0", "NaN", "Infinity", 1e-9] });
  });
});
