// Interop with the Python side, both ways, on the shared real server:
//  - runs logged by Python dimtensor (DimExperiment, MLflow backend) read back
//    by dimexp with their units, and filtered unit-aware;
//  - runs logged by dimexp read by the official Python MLflow client (params,
//    metrics with history, tags, artifacts) and compared by dimtensor's own
//    RunComparison, which converts between the unit symbols it knows.
import { DimArray, DimExperiment, Quantity, type Run, q } from "@dimexp/core";
import { describe, expect, inject, it } from "vitest";
import { describeWithServer, open, serverUrl, unique } from "./helpers.js";
import { lastJson, runPython } from "./support/python.js";

const describeWithDimtensor = (name: string, body: () => void) => {
  const missing = inject("dimtensorMissing");
  if (missing) describe.skip(`${name} (skipped: ${missing})`, body);
  else describe(name, body);
};

const asQuantity = (x: unknown): Quantity => {
  if (!(x instanceof Quantity)) throw new Error(`expected a Quantity, got ${String(x)}`);
  return x;
};

const inUnit = (x: unknown, unit: string): number => {
  const converted = asQuantity(x).to(unit);
  if (converted._tag === "Left") throw new Error(converted.left.message);
  return converted.right.value;
};

interface DimtensorLog {
  runs: Record<
    string,
    {
      run_id: string;
      params: Record<string, [number, string]>;
      metrics: Record<string, [number[], string]>;
      arrays: Record<string, { shape: number[]; mean: number; std: number; min: number; max: number; unit: string }>;
    }
  >;
}

interface MlflowRead {
  runs: Record<
    string,
    {
      run_id: string;
      status: string;
      params: Record<string, string>;
      tags: Record<string, string>;
      metrics: Record<string, number | string>;
      history: Record<string, Array<[number, number, number | string]>>;
    }
  >;
  comparison: Record<string, { compatible: boolean; units: string[]; common_unit: string; run_names: string[]; values: number[]; converted_values: number[] }>;
  arrays: Record<string, { shape: number[]; unit: string; scale: number; data: Array<number | string> }>;
}

describeWithServer("interop with Python", () => {
  describeWithDimtensor("dimtensor and the official mlflow client", () => {
    it("reads runs logged by Python dimtensor with their units", async () => {
      const name = unique("from-dimtensor");
      const logged = lastJson<DimtensorLog>(await runPython(inject("dimtensorPython"), "dimtensor_log.py", [serverUrl(), name]));
      const exp = await DimExperiment.open(name, { backend: open() });
      const runs = await exp.listRuns();
      expect(runs.map((r) => r.name).sort()).toEqual(["dt-cgs", "dt-si"]);

      for (const run of runs) {
        const expected = logged.runs[run.name];
        if (!expected) throw new Error(`unexpected run ${run.name}`);
        expect(run.id).toBe(expected.run_id);
        expect(run.status).toBe("FINISHED");
        expect(run.tags.solver).toBe("fd");
        for (const [key, [value, symbol]] of Object.entries(expected.params)) {
          const param = asQuantity(run.param(key));
          expect(param.value, key).toBe(value);
          expect(inUnit(param, symbol)).toBeCloseTo(value, 12);
        }
        expect(run.param("epochs")).toBe(100);
        expect(run.param("solver_name")).toBe("crank-nicolson");
        const [losses, lossUnit] = expected.metrics.loss as [number[], string];
        const history = await exp.metricHistory(run.id, "loss");
        expect([...history.values]).toEqual(losses);
        expect([...history.steps]).toEqual([0, 1, 2, 3, 4]);
        expect(history.unit?.dimension.equals(asQuantity(q(1, "J")).unit.dimension)).toBe(true);
        expect(inUnit(run.metric("loss"), lossUnit)).toBeCloseTo(losses[4] as number, 6);
        expect(inUnit(run.metric("loss"), "J")).toBeCloseTo(0.2, 12);
        expect(inUnit(run.metric("speed"), "m/s")).toBe(3);
        expect(run.metric("residual")).toBe(0.25);
        const stats = expected.arrays.temperature;
        expect(inUnit(run.metric("temperature_mean"), "K")).toBe(stats?.mean);
        expect(inUnit(run.metric("temperature_std"), "K")).toBe(stats?.std);
        expect(inUnit(run.metric("temperature_max"), "K")).toBe(stats?.max);
      }
      // units make the two runs comparable: 1 m = 100 cm, 2 kg = 2000 g, 0.2 J in J and in eV
      const long = await exp.listRuns({ filter: "params.domain_length >= 50 cm and params.mass >= 1500 g and metrics.loss < 0.3 J" });
      expect(long.map((r) => r.name).sort()).toEqual(["dt-cgs", "dt-si"]);
      expect(await exp.listRuns({ filter: "params.mass > 2.5 kg or metrics.loss > 0.21 J" })).toEqual([]);
      const fast = await exp.listRuns({ filter: "metrics.speed >= 300 cm/s and dimension(metrics.temperature_mean) = temperature" });
      expect(fast.length).toBe(2);
      await exp.close();
    });

    it("logs runs the official mlflow client reads back and dimtensor's RunComparison compares", async () => {
      const name = unique("to-python");
      const exp = await DimExperiment.open(name, { backend: open(), onWarning: () => undefined });
      const t0 = 1_760_000_000_000;
      const plans = [
        { run: "a-si", energy: "J", energyScale: 1, distance: q(1.5, "km"), distanceUnit: "km", length: q(2, "m"), lengthUnit: "m" },
        { run: "b-ev", energy: "eV", energyScale: 1 / 1.602176634e-19, distance: q(1200, "m"), distanceUnit: "m", length: q(150, "cm"), lengthUnit: "cm" },
      ];
      const loggedEnergy = new Map<string, number[]>();
      for (const plan of plans) {
        await exp.withRun(plan.run, { tags: { solver: "spectral" } }, async (run) => {
          run.logParam("length", plan.length);
          run.logParam("learning_rate", q(0.001, "1/s"));
          run.logParam("epochs", 10);
          run.logParam("scheme", "rk4");
          const energies: number[] = [];
          for (let step = 0; step < 6; step++) {
            const e = (1 + step) * 0.5 * plan.energyScale;
            run.logMetric("energy", q(e, plan.energy), { step, timestamp: t0 + step * 10 });
            energies.push(e);
          }
          loggedEnergy.set(plan.run, energies);
          run.logMetric("distance", plan.distance, { step: 0, timestamp: t0 });
          run.logMetric("ratio", Number.NaN, { step: 0, timestamp: t0 });
          const field = DimArray.of([[300, 310.5], [Number.NaN, -0]], "K");
          if (field._tag === "Right") run.logArray("field", field.right, { step: 0, timestamp: t0 });
        });
      }
      const read = lastJson<MlflowRead>(
        await runPython(inject("dimtensorPython"), "mlflow_read.py", [serverUrl(), name, "energy,distance,length", "dimexp/arrays/field"]),
      );
      const ours = await exp.listRuns();
      for (const plan of plans) {
        const py = read.runs[plan.run];
        const mine = ours.find((r) => r.name === plan.run) as Run;
        expect(py?.run_id).toBe(mine.id);
        expect(py?.status).toBe("FINISHED");
        expect(py?.params).toEqual({
          length: String(plan.length.value),
          learning_rate: "0.001",
          epochs: "10",
          scheme: "rk4",
        });
        // dimtensor's tags, with the symbols dimtensor writes and reads
        expect(py?.tags["unit.energy"]).toBe(plan.energy);
        expect(py?.tags["unit.distance"]).toBe(plan.distanceUnit);
        expect(py?.tags["unit.length"]).toBe(plan.lengthUnit);
        expect(py?.tags["unit.epochs"]).toBe("dimensionless");
        expect(py?.tags["unit.learning_rate"]).toBe("1/s");
        expect(py?.tags["unit.field"]).toBe("K");
        expect(py?.tags["shape.field"]).toBe("(2, 2)");
        expect(py?.tags.solver).toBe("spectral");
        expect(Object.keys(py?.tags ?? {}).some((k) => k.startsWith("dimexp.fix.") || k === "dimexp.mlflow.create")).toBe(true);
        // every point, in order, with the timestamps we gave
        expect(py?.history.energy).toEqual((loggedEnergy.get(plan.run) as number[]).map((v, step) => [step, t0 + step * 10, v]));
        expect(py?.history.ratio).toEqual([[0, t0, "NaN"]]);
        expect(py?.metrics.field_mean).toBe("NaN");
        expect(py?.metrics.field_max).toBe("NaN");
      }
      // dimtensor's RunComparison converts eV into the first run's J, km and m alike
      const energy = read.comparison.energy;
      expect(energy?.compatible).toBe(true);
      expect(energy?.units).toEqual(["J", "eV"]);
      expect(energy?.common_unit).toBe("J");
      const dimexpEnergy = plans.map((p) => inUnit(ours.find((r) => r.name === p.run)?.metric("energy"), "J"));
      energy?.converted_values.forEach((v, i) => {
        expect(v).toBeCloseTo(dimexpEnergy[i] as number, 12);
      });
      const distance = read.comparison.distance;
      expect(distance?.compatible).toBe(true);
      expect(distance?.units).toEqual(["km", "m"]);
      const dimexpDistance = plans.map((p) => inUnit(ours.find((r) => r.name === p.run)?.metric("distance"), "km"));
      distance?.converted_values.forEach((v, i) => {
        expect(v).toBeCloseTo(dimexpDistance[i] as number, 12);
      });
      // a param is not a metric: RunComparison finds no "length" metric
      expect(read.comparison.length?.compatible).toBe(false);
      // the full arrays, opened by dimtensor's own DimArray JSON reader
      const arrays = Object.entries(read.arrays);
      expect(arrays.length).toBe(2);
      for (const [, a] of arrays) {
        expect(a.shape).toEqual([2, 2]);
        expect(a.unit).toBe("K");
        expect(a.scale).toBe(1);
        expect(a.data).toEqual([300, 310.5, "NaN", -0]);
      }
      await exp.close();
    });
  });
});
