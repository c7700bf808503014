import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DimExperiment, createMemoryBackend } from "@dimexp/core";
import { formatUnit } from "@dimexp/units";
import h5wasm from "h5wasm/node";
import { describe, expect, it } from "vitest";
import { type DimexpIoError, exportExperiment, importExperiment } from "../src/index.js";
import { richExperiment, sameBits, scratch } from "./helpers.js";

const dir = scratch();
const write = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const failure = async (promise: Promise<unknown>): Promise<DimexpIoError> =>
  promise.then(
    () => {
      throw new Error("expected a rejection");
    },
    (e: DimexpIoError) => e,
  );

const LEGACY = `{
  "format": "dimexp-experiment",
  "version": "0.9",
  "experiment": "legacy",
  "runs": [
    {
      "id": "old-1", "name": "legacy-run", "status": "FINISHED", "startTime": 1600000000000, "endTime": 1600000001000,
      "tags": {"solver": "rk4"},
      "params": {"length": {"value": 2.5, "unit": "cm"}, "epochs": {"value": 10}, "method": {"value": "rk4"}, "stiff": {"value": false}},
      "metrics": {
        "energy": {"unit": "erg", "points": [[0, 1.5, 1600000000100], [1, "NaN", 1600000000200], [2, -0.0, 1600000000300]]},
        "count": {"points": [[0, 3, 1600000000100]]}
      }
    }
  ]
}`;

describe("format versions", () => {
  it("migrates a 0.9 file: points, plain param values and units become columns and unit tags", async () => {
    const target = createMemoryBackend();
    const result = await importExperiment(write("legacy.json", LEGACY), { into: target });
    expect(result.source).toBe("dimexp-experiment 0.9 (migrated)");
    const exp = await DimExperiment.open("legacy", { backend: target });
    const run = await exp.getRun("legacy-run");
    expect(String(run.param("length"))).toBe("2.5 cm");
    expect(run.param("epochs")).toBe(10);
    expect(run.param("method")).toBe("rk4");
    expect(run.param("stiff")).toBe(false);
    expect(run.tags).toEqual({ solver: "rk4" });
    const energy = await exp.metricHistory("legacy-run", "energy");
    expect(energy.unit && formatUnit(energy.unit)).toBe("erg");
    expect(sameBits(energy.values, [1.5, Number.NaN, -0])).toBe(true);
    expect(sameBits(energy.timestamps, [1600000000100, 1600000000200, 1600000000300])).toBe(true);
    expect((await exp.metricHistory("legacy-run", "count")).unit).toBeUndefined();

    // the migrated experiment exports as 1.0, and that file round-trips byte for byte
    await exportExperiment(exp, join(dir, "migrated.json"));
    const migrated = readFileSync(join(dir, "migrated.json"), "utf8");
    expect(migrated).toContain('"version": "1.0"');
    expect(migrated).toContain('"id": "old-1"');
    const again = createMemoryBackend();
    await importExperiment(join(dir, "migrated.json"), { into: again });
    await exportExperiment({ backend: again, experiment: "legacy" }, join(dir, "migrated-again.json"));
    expect(readFileSync(join(dir, "migrated-again.json"), "utf8")).toBe(migrated);
  });

  it("refuses a newer major version with a clear message, before touching the target", async () => {
    const target = createMemoryBackend();
    const path = write("future.json", '{\n  "format": "dimexp-experiment",\n  "version": "2.0",\n  "experiment": {"name": "x"},\n  "runs": []\n}\n');
    const e = await failure(importExperiment(path, { into: target }));
    expect(e.error).toMatchObject({ _tag: "UnsupportedVersion", version: "2.0", supported: "1.x", file: path, location: { line: 3, column: 14 } });
    expect(e.message).toContain("newer dimexp");
    expect(e.message).toContain("upgrade @dimexp/io");
    expect((await target.listExperiments()()) as unknown).toEqual({ _tag: "Right", right: [] });
  });

  it("refuses a newer major version of an HDF5 file", async () => {
    const source = await richExperiment();
    const path = join(dir, "future.h5");
    await exportExperiment(source, path);
    await h5wasm.ready;
    const f = new h5wasm.File(path, "a");
    f.delete_attribute("version");
    f.create_attribute("version", "3.1");
    f.close();
    const e = await failure(importExperiment(path, { into: createMemoryBackend() }));
    expect(e.error).toMatchObject({ _tag: "UnsupportedVersion", version: "3.1", location: { path: "/@version" } });
  });

  it("reads a newer minor version, skipping fields it does not know; in 1.0 those fields are errors", async () => {
    const doc = (version: string) => `{
  "format": "dimexp-experiment", "version": "${version}", "checksum": "abc",
  "experiment": {"name": "future-minor", "createdAt": 1, "tags": {}, "owner": {"team": 7}},
  "runs": [{"id": "r1", "name": "r1", "status": "FINISHED", "startTime": 1, "endTime": 2, "tags": {}, "notes": ["x"],
            "params": {"a": {"type": "number", "value": "1", "precision": 3}},
            "metrics": {"m": {"count": 1, "steps": [0], "values": [1], "timestamps": [1], "interpolation": "linear"}}, "arrays": []}]
}`;
    const result = await importExperiment(write("minor.json", doc("1.3")), { into: createMemoryBackend() });
    expect(result.runs.length).toBe(1);
    const e = await failure(importExperiment(write("minor-1.0.json", doc("1.0")), { into: createMemoryBackend() }));
    expect(e.error).toMatchObject({ _tag: "InvalidContent", location: { path: "$.checksum", line: 2 } });
    expect(e.message).toContain('unknown field "checksum"');
  });

  it("requires a format and a version, and refuses other formats", async () => {
    const noFormat = await failure(importExperiment(write("noformat.json", '{"runs": []}'), { into: createMemoryBackend() }));
    expect(noFormat.message).toContain('no "format" and "version" before "runs"');
    const other = await failure(importExperiment(write("other.json", '{"format": "mlflow-export", "version": "1.0"}'), { into: createMemoryBackend() }));
    expect(other.error).toMatchObject({ _tag: "UnsupportedVersion", format: "mlflow-export" });
    const badVersion = await failure(importExperiment(write("badversion.json", '{"format": "dimexp-experiment", "version": "one"}'), { into: createMemoryBackend() }));
    expect(badVersion.error).toMatchObject({ _tag: "InvalidContent", location: { path: "$.version" } });
    const noRuns = await failure(
      importExperiment(write("noruns.json", '{"format": "dimexp-experiment", "version": "1.0", "experiment": {"name": "x"}}'), { into: createMemoryBackend() }),
    );
    expect(noRuns.message).toContain('missing the field "runs"');
  });
});

describe("dimtensor experiment exports", () => {
  it("imports an MLflow-backed export (bare NaN tokens, unit.<name> tags, latest values only)", async () => {
    const path = write(
      "dimtensor-mlflow.json",
      `{
  "experiment_name": "heat-equation",
  "backend": "mlflow",
  "runs": [
    {
      "run_id": "4f1c0d9a2b",
      "run_name": "python-run",
      "status": "FINISHED",
      "start_time": 1700000000000,
      "end_time": 1700000005000,
      "params": {"learning_rate": "0.001", "domain_length": "1.0", "solver": "fd"},
      "metrics": {"loss": 0.25, "residual": NaN, "field_mean": 2.0, "field_std": 0.5, "growth": Infinity},
      "tags": {"unit.learning_rate": "1/s", "unit.domain_length": "m", "unit.loss": "J", "unit.residual": "dimensionless",
               "unit.field": "K", "shape.field": "(3,)", "mlflow.runName": "python-run"}
    },
    {
      "run_id": "77aa", "run_name": "crashed", "status": "FAILED", "start_time": 1700000010000, "end_time": null,
      "params": {}, "metrics": {}, "tags": {}
    }
  ]
}`,
    );
    const target = createMemoryBackend();
    const result = await importExperiment(path, { into: target });
    expect(result.source).toBe("dimtensor export (migrated)");
    const exp = await DimExperiment.open("heat-equation", { backend: target });
    const run = await exp.getRun("python-run");
    expect(String(run.param("learning_rate"))).toBe("0.001 1/s");
    expect(String(run.param("domain_length"))).toBe("1 m");
    expect(run.param("solver")).toBe("fd");
    expect(String(run.metric("loss"))).toBe("0.25 J");
    expect(String(run.metric("field_mean"))).toBe("2 K");
    expect(Number.isNaN(run.metric("residual") as number)).toBe(true);
    expect(run.metric("growth")).toBe(Number.POSITIVE_INFINITY);
    const loss = await exp.metricHistory("python-run", "loss");
    expect([...loss.steps]).toEqual([0]);
    expect([...loss.timestamps]).toEqual([1700000005000]);
    expect(run.endTime).toBe(1700000005000);
    expect(run.record.tags["dimexp.io.origin_run_id"]).toBe("4f1c0d9a2b");
    const crashed = await exp.getRun("crashed");
    expect(crashed.status).toBe("FAILED");
    expect(crashed.endTime).toBeUndefined();
  });

  it("imports a W&B-backed export (config <name>_unit keys, states, ISO times, tag lists)", async () => {
    const warnings: string[] = [];
    const path = write(
      "dimtensor-wandb.json",
      JSON.stringify({
        experiment_name: "wandb-project",
        backend: "wandb",
        runs: [
          {
            run_id: "abc123",
            run_name: "swept-1",
            status: "finished",
            start_time: "2024-03-01T12:00:00Z",
            end_time: "2024-03-01T12:30:00",
            params: { length: 2.5, length_unit: "cm", epochs: 10, use_gpu: true },
            metrics: { loss: 1.5, loss_unit_x: 1, _wandb: { runtime: 3 }, field_shape: "(2, 3)" },
            tags: ["solver:fd", "baseline"],
          },
        ],
      }),
    );
    const target = createMemoryBackend();
    await importExperiment(path, { into: target, onWarning: (w) => warnings.push(w) });
    const exp = await DimExperiment.open("wandb-project", { backend: target });
    const run = await exp.getRun("swept-1");
    expect(run.status).toBe("FINISHED");
    expect(run.startTime).toBe(Date.parse("2024-03-01T12:00:00Z"));
    expect(run.endTime).toBe(Date.parse("2024-03-01T12:30:00Z"));
    expect(String(run.param("length"))).toBe("2.5 cm");
    expect(run.param("epochs")).toBe("10");
    expect(run.record.params.use_gpu).toBe("True");
    expect(run.tags).toEqual({ solver: "fd", baseline: "" });
    expect(run.record.tags["shape.field"]).toBe("(2, 3)");
    expect(warnings.join("\n")).toContain('"_wandb" is not a number');
  });

  it("tells a DimArray file from an experiment", async () => {
    const path = write("dimarray.json", '{"data": [1.0, 2.0], "unit": {"symbol": "m", "dimension": {}, "scale": 1.0}, "dtype": "float64"}');
    const e = await failure(importExperiment(path, { into: createMemoryBackend() }));
    expect(e.message).toContain("readDimArrayJson()");
  });
});
