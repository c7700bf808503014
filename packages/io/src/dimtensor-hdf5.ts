// Python dimtensor's DimArray HDF5 (dimtensor.io.hdf5 save_hdf5/load_hdf5):
// one float dataset (default name "data", gzip), with the attributes
// unit_symbol (string), unit_scale and dim_length … dim_luminosity (float64
// scalars); an uncertainty, when there is one, is the sibling dataset
// "<name>_uncertainty". A scalar is written with shape (1,): dimtensor's
// loader slices the dataset (ds[:]), which a scalar dataspace refuses.

import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { type TaskEither, invalidValue } from "@dimexp/core";
import { BASE_DIMENSIONS, DimArray } from "@dimexp/units";
import { unitProblem } from "./dimtensor-json.js";
import type { DimtensorArray } from "./dimtensor-json.js";
import { type IoError, fileAccessError, invalidContent, unknownUnitInFile } from "./errors.js";
import { asTask, runTask } from "./internal/boundary.js";
import { unitFromDimtensor, unitToDimtensor } from "./internal/dimtensor-units.js";
import { type Dataset, type Group, chunkShape, h5call, loadH5 } from "./internal/h5.js";
import { FileFailure } from "./internal/json-reader.js";
import { MAX_UNIT_CHARS, checkLength } from "./internal/limits.js";
import { BackendError } from "./internal/source.js";

export interface DimArrayHdf5Options {
  /** the dataset's name (default "data"); a path like "runs/000000/arrays/000000" reads inside a group */
  readonly dataset?: string;
}

export interface WriteDimArrayHdf5Options extends DimArrayHdf5Options {
  readonly uncertainty?: Float64Array;
  /** gzip level 0–9 (default 4, as h5py's "gzip"); 0 stores uncompressed */
  readonly compressionLevel?: number;
}

const numberAttribute = (file: string, ds: Dataset, name: string): number => {
  const where = `${ds.path}@${name}`;
  const names = h5call(file, ds.path, "read", () => Object.keys(ds.attrs));
  if (!names.includes(name)) throw new FileFailure(invalidContent(file, { path: where }, `missing the attribute "${name}" (dimtensor writes it)`));
  const value = h5call(file, where, "read", () => ds.get_attribute(name, false));
  const number = typeof value === "number" ? value : ArrayBuffer.isView(value) && (value as Float64Array).length === 1 ? Number((value as Float64Array)[0]) : undefined;
  if (number === undefined) throw new FileFailure(invalidContent(file, { path: where }, `expected a number, found ${typeof value === "string" ? JSON.stringify(value) : String(value)}`));
  return number;
};

const readFloats = (file: string, ds: Dataset): { data: Float64Array; shape: number[] } => {
  const meta = h5call(file, ds.path, "read", () => ds.metadata);
  if (meta.type !== 1 && meta.type !== 0) throw new FileFailure(invalidContent(file, { path: ds.path }, "expected a numeric dataset"));
  const shape = (meta.shape ?? []).map(Number);
  const value = h5call(file, ds.path, "read", () => ds.value);
  const size = shape.reduce((a, b) => a * b, 1);
  const data = new Float64Array(size);
  if (typeof value === "number" || typeof value === "bigint") data[0] = Number(value);
  else if (value instanceof BigInt64Array || value instanceof BigUint64Array) for (let i = 0; i < size; i++) data[i] = Number(value[i]);
  else if (ArrayBuffer.isView(value)) data.set(value as unknown as ArrayLike<number>);
  else throw new FileFailure(invalidContent(file, { path: ds.path }, "expected numeric data"));
  return { data, shape };
};

const dataset = (file: string, root: Group, name: string): Dataset | undefined => {
  const object = h5call(file, `/${name}`, "read", () => root.get(name));
  if (object === null || object === undefined) return undefined;
  if ((object as { type?: string }).type !== "Dataset") throw new FileFailure(invalidContent(file, { path: `/${name}` }, "expected a dataset, found a group"));
  return object as Dataset;
};

export const readDimArrayHdf5Task = (path: string, options: DimArrayHdf5Options = {}): TaskEither<IoError, DimtensorArray> => {
  const file = resolve(path);
  return asTask(file, "read", async () => {
    if (!existsSync(file)) throw new FileFailure(fileAccessError(file, "read", Object.assign(new Error("no such file"), { code: "ENOENT" })));
    const h5 = await loadH5();
    const name = (options.dataset ?? "data").replace(/^\/+/, "");
    const f = h5call(file, "/", "read", () => new h5.File(file, "r"));
    try {
      const ds = dataset(file, f, name);
      if (!ds) {
        const keys = h5call(file, "/", "read", () => f.keys());
        throw new FileFailure(invalidContent(file, { path: `/${name}` }, `no dataset "${name}" (the file has: ${keys.join(", ") || "nothing"})`));
      }
      const { data, shape } = readFloats(file, ds);
      const names = h5call(file, ds.path, "read", () => Object.keys(ds.attrs));
      if (!names.includes("unit_symbol")) {
        throw new FileFailure(invalidContent(file, { path: `${ds.path}@unit_symbol` }, "missing the attribute \"unit_symbol\": this dataset was not written by dimtensor"));
      }
      const symbolValue = h5call(file, `${ds.path}@unit_symbol`, "read", () => ds.get_attribute("unit_symbol", false));
      const symbol = typeof symbolValue === "string" ? symbolValue : ArrayBuffer.isView(symbolValue) ? Buffer.from(symbolValue as Uint8Array).toString("utf8") : String(symbolValue);
      checkLength(file, { path: `${ds.path}@unit_symbol` }, "the unit's symbol", symbol, MAX_UNIT_CHARS);
      const unit = unitFromDimtensor({
        symbol,
        scale: numberAttribute(file, ds, "unit_scale"),
        dimension: BASE_DIMENSIONS.map((b) => numberAttribute(file, ds, `dim_${b}`)),
      });
      if ("problem" in unit) throw new FileFailure(unknownUnitInFile(file, { path: `${ds.path}@unit_symbol` }, symbol, unitProblem(unit.problem)));
      const array = DimArray.of(data, unit.unit, { shape });
      if (array._tag === "Left") throw new FileFailure(invalidContent(file, { path: ds.path }, array.left.message));
      const uncertaintyDs = dataset(file, f, `${name}_uncertainty`);
      let uncertainty: Float64Array | undefined;
      if (uncertaintyDs) {
        const u = readFloats(file, uncertaintyDs);
        if (u.data.length !== data.length) {
          throw new FileFailure(invalidContent(file, { path: uncertaintyDs.path }, `the uncertainty has ${u.data.length} values for an array of ${data.length}`));
        }
        uncertainty = u.data;
      }
      return { array: array.right, uncertainty };
    } finally {
      h5call(file, "/", "read", () => f.close());
    }
  });
};

/** Reads a DimArray that Python dimtensor saved with save_hdf5. Rejects with DimexpIoError. */
export const readDimArrayHdf5 = (path: string, options: DimArrayHdf5Options = {}): Promise<DimtensorArray> => runTask(readDimArrayHdf5Task(path, options));

export const writeDimArrayHdf5Task = (path: string, array: DimArray, options: WriteDimArrayHdf5Options = {}): TaskEither<IoError, void> => {
  const file = resolve(path);
  return asTask(file, "write", async () => {
    const unit = unitToDimtensor(array.unit);
    if ("problem" in unit) throw new BackendError(invalidValue("unit for a dimtensor file", unit.problem));
    if (options.uncertainty && options.uncertainty.length !== array.data.length) {
      throw new BackendError(invalidValue("uncertainty", `it has ${options.uncertainty.length} values for an array of ${array.data.length}`));
    }
    const h5 = await loadH5();
    const name = options.dataset ?? "data";
    const level = options.compressionLevel ?? 4;
    const shape = array.shape.length === 0 ? [1] : [...array.shape];
    const create = (parent: Group, dsName: string, data: Float64Array): Dataset =>
      h5call(file, `/${dsName}`, "write", () =>
        parent.create_dataset({
          name: dsName,
          data,
          shape,
          dtype: "<d",
          ...(level > 0 && data.length > 0 ? { chunks: chunkShape(shape, 262_144), compression: "gzip" as const, compression_opts: [level] } : {}),
        }),
      );
    const f = h5call(file, "/", "write", () => new h5.File(file, "w"));
    try {
      const ds = create(f, name, array.data);
      h5call(file, `${ds.path}@unit_symbol`, "write", () => ds.create_attribute("unit_symbol", unit.symbol));
      h5call(file, `${ds.path}@unit_scale`, "write", () => ds.create_attribute("unit_scale", unit.scale, [], "<d"));
      for (const [i, base] of BASE_DIMENSIONS.entries()) {
        h5call(file, `${ds.path}@dim_${base}`, "write", () => ds.create_attribute(`dim_${base}`, unit.dimension[i] as number, [], "<d"));
      }
      if (options.uncertainty) create(f, `${name}_uncertainty`, options.uncertainty);
    } finally {
      h5call(file, "/", "write", () => f.close());
    }
  });
};

/** Writes a DimArray as dimtensor's HDF5, loadable by dimtensor.io.hdf5.load_hdf5. Rejects with DimexpIoError. */
export const writeDimArrayHdf5 = (path: string, array: DimArray, options: WriteDimArrayHdf5Options = {}): Promise<void> =>
  runTask(writeDimArrayHdf5Task(path, array, options));
