import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DimArray, formatUnit } from "@dimexp/units";
import h5wasm from "h5wasm/node";
import { describe, expect, it } from "vitest";
import { type DimexpIoError, exportExperiment, readDimArrayHdf5, readDimArrayJson, writeDimArrayHdf5, writeDimArrayJson } from "../src/index.js";
import { richExperiment, sameBits, scratch } from "./helpers.js";

const dir = scratch();
const path = (name: string) => join(dir, name);
const array = (values: number[] | number[][], unit: string): DimArray => {
  const a = DimArray.of(values, unit);
  if (a._tag === "Left") throw new Error(a.left.message);
  return a.right;
};

const PYTHON_JSON = `{
  "data": [
    [
      1.0,
      NaN
    ],
    [
      Infinity,
      -0.0
    ],
    [
      -Infinity,
      1e-05
    ]
  ],
  "unit": {
    "symbol": "km/s",
    "dimension": {
      "length": 1.0,
      "mass": 0.0,
      "time": -1.0,
      "current": 0.0,
      "temperature": 0.0,
      "amount": 0.0,
      "luminosity": 0.0
    },
    "scale": 1000.0
  },
  "dtype": "float64",
  "uncertainty": [[0.1, 0.1], [0.2, 0.2], [0.3, 0.3]]
}`;

describe("dimtensor DimArray JSON", () => {
  it("reads what Python's json.dump writes: bare NaN/Infinity tokens, nested lists, the unit by scale and dimension", async () => {
    writeFileSync(path("python.json"), PYTHON_JSON);
    const { array: a, uncertainty } = await readDimArrayJson(path("python.json"));
    expect(a.shape).toEqual([3, 2]);
    expect(sameBits(a.data, [1, Number.NaN, Number.POSITIVE_INFINITY, -0, Number.NEGATIVE_INFINITY, 1e-5])).toBe(true);
    expect(formatUnit(a.unit)).toBe("km/s");
    expect([...(uncertainty ?? [])]).toEqual([0.1, 0.1, 0.2, 0.2, 0.3, 0.3]);
  });

  it("builds the unit from scale and dimension when the symbol is not one we know (the symbol is only a label)", async () => {
    writeFileSync(
      path("custom.json"),
      '{"data": 3.0, "unit": {"symbol": "furlong/fortnight", "dimension": {"length": 1.0, "time": -1.0}, "scale": 0.00016630952380952381}, "dtype": "float64"}',
    );
    const { array: a } = await readDimArrayJson(path("custom.json"));
    expect(a.shape).toEqual([]);
    expect(a.unit.scale.value).toBeCloseTo(0.00016630952380952381, 18);
    expect(a.unit.dimension.key).toBe(DimArray.of([1], "m/s")._tag === "Right" ? (DimArray.of([1], "m/s") as { right: DimArray }).right.unit.dimension.key : "");
  });

  it("a symbol that disagrees with its scale loses to the scale", async () => {
    writeFileSync(path("liar.json"), '{"data": [1.0], "unit": {"symbol": "m", "dimension": {"length": 1.0}, "scale": 0.01}}');
    const { array: a } = await readDimArrayJson(path("liar.json"));
    expect(a.unit.scale.value).toBe(0.01);
    expect(formatUnit(a.unit)).not.toBe("m");
  });

  it("writes files Python's json reads back: floats as Python writes them, ASCII only, bare NaN tokens", async () => {
    const a = array([[1, Number.NaN], [-0, 2.5e-7]], "kg*m/s^2");
    await writeDimArrayJson(path("ours.json"), a, { uncertainty: Float64Array.of(0.5, 0.5, 0.5, 0.5) });
    const text = readFileSync(path("ours.json"), "utf8");
    expect(text).toContain('"symbol": "kg\\u00b7m/s\\u00b2"');
    expect(text).toContain("NaN");
    expect(text).toContain("-0.0");
    expect(text).toContain("1.0");
    expect([...text].every((c) => c.charCodeAt(0) < 128)).toBe(true);
    const back = await readDimArrayJson(path("ours.json"));
    expect(sameBits(back.array.data, a.data)).toBe(true);
    expect(back.array.shape).toEqual([2, 2]);
    expect(formatUnit(back.array.unit)).toBe("kg*m/s^2");
    expect([...(back.uncertainty ?? [])]).toEqual([0.5, 0.5, 0.5, 0.5]);
  });

  it("refuses units dimtensor cannot hold, and ragged or mistyped data", async () => {
    const celsius = await writeDimArrayJson(path("c.json"), array([20], "degC")).catch((e: DimexpIoError) => e);
    expect((celsius as DimexpIoError).message).toContain("offset");
    writeFileSync(path("ragged.json"), '{"data": [[1.0, 2.0], [3.0]], "unit": {"symbol": "m", "dimension": {"length": 1.0}, "scale": 1.0}}');
    const ragged = await readDimArrayJson(path("ragged.json")).catch((e: DimexpIoError) => e);
    expect((ragged as DimexpIoError).error).toMatchObject({ _tag: "InvalidContent", location: { path: "$.data[1]", line: 1 } });
    writeFileSync(path("nounit.json"), '{"data": [1.0], "unit": {"symbol": "m"}}');
    const noScale = await readDimArrayJson(path("nounit.json")).catch((e: DimexpIoError) => e);
    expect((noScale as DimexpIoError).message).toContain('needs "dimension" and "scale"');
    writeFileSync(path("badexp.json"), '{"data": [1.0], "unit": {"symbol": "x", "dimension": {"length": 0.123456}, "scale": 1.0}}');
    const badExponent = await readDimArrayJson(path("badexp.json")).catch((e: DimexpIoError) => e);
    expect((badExponent as DimexpIoError).error).toMatchObject({ _tag: "UnknownUnitInFile", unit: "x", location: { path: "$.unit" } });
    writeFileSync(path("cut.json"), PYTHON_JSON.slice(0, 100));
    const cut = await readDimArrayJson(path("cut.json")).catch((e: DimexpIoError) => e);
    expect((cut as DimexpIoError).error).toMatchObject({ _tag: "MalformedFile", reason: "truncated" });
  });
});

describe("dimtensor DimArray HDF5", () => {
  it("writes dimtensor's dataset and attributes, and reads them back", async () => {
    const a = array([[1, 2, 3], [4, Number.NaN, -0]], "eV");
    await writeDimArrayHdf5(path("ours.h5"), a, { uncertainty: Float64Array.of(1, 1, 1, 1, 1, 1) });
    await h5wasm.ready;
    const f = new h5wasm.File(path("ours.h5"), "r");
    const ds = f.get("data") as InstanceType<typeof h5wasm.Dataset>;
    expect(ds.shape).toEqual([2, 3]);
    expect(ds.filters.map((x) => x.name)).toEqual(["deflate"]);
    expect(ds.get_attribute("unit_symbol", false)).toBe("eV");
    expect(ds.get_attribute("unit_scale", false)).toBe(1.602176634e-19);
    expect(ds.get_attribute("dim_mass", false)).toBe(1);
    expect(ds.get_attribute("dim_length", false)).toBe(2);
    expect(f.keys().sort()).toEqual(["data", "data_uncertainty"]);
    f.close();
    const back = await readDimArrayHdf5(path("ours.h5"));
    expect(sameBits(back.array.data, a.data)).toBe(true);
    expect(formatUnit(back.array.unit)).toBe("eV");
    expect(back.uncertainty?.length).toBe(6);
  });

  it("writes a scalar as shape (1,), which dimtensor's loader can slice", async () => {
    const scalar = DimArray.of(Float64Array.of(2.5), "J", { shape: [] });
    if (scalar._tag === "Left") throw new Error(scalar.left.message);
    await writeDimArrayHdf5(path("scalar.h5"), scalar.right);
    const back = await readDimArrayHdf5(path("scalar.h5"));
    expect(back.array.shape).toEqual([1]);
    expect([...back.array.data]).toEqual([2.5]);
  });

  it("the arrays in an experiment HDF5 carry dimtensor's attributes", async () => {
    await exportExperiment(await richExperiment(), path("experiment.h5"));
    await h5wasm.ready;
    const f = new h5wasm.File(path("experiment.h5"), "r");
    const runs = (f.get("runs") as InstanceType<typeof h5wasm.Group>).keys();
    const si = runs.find((r) => (f.get(`runs/${r}`) as InstanceType<typeof h5wasm.Group>).get_attribute("name", false) === "run-si");
    f.close();
    const arrays = ["000000", "000001", "000002"].map((i) => `runs/${si}/arrays/${i}`);
    const read = await Promise.all(arrays.map((dataset) => readDimArrayHdf5(path("experiment.h5"), { dataset })));
    expect(read.map((r) => formatUnit(r.array.unit))).toEqual(["N", "N", "K"]);
    expect(read[2]?.array.shape).toEqual([2, 3]);
  });

  it("a dataset without dimtensor's attributes, and a missing dataset, are errors naming them", async () => {
    await h5wasm.ready;
    const f = new h5wasm.File(path("plain.h5"), "w");
    f.create_dataset({ name: "data", data: new Float64Array([1, 2]) });
    f.close();
    const e = await readDimArrayHdf5(path("plain.h5")).catch((x: DimexpIoError) => x);
    expect((e as DimexpIoError).error).toMatchObject({ _tag: "InvalidContent", location: { path: "/data@unit_symbol" } });
    const missing = await readDimArrayHdf5(path("plain.h5"), { dataset: "velocity" }).catch((x: DimexpIoError) => x);
    expect((missing as DimexpIoError).message).toContain('no dataset "velocity" (the file has: data)');
  });
});
