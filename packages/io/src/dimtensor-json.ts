// Python dimtensor's DimArray JSON (dimtensor.io.json save_json/load_json):
//
//   {"data": <nested lists, or a scalar>,
//    "unit": {"symbol": "m/s", "dimension": {"length": 1.0, "mass": 0.0, …}, "scale": 1.0},
//    "dtype": "float64", "uncertainty"?: <nested lists>}
//
// Python's json writes NaN and ±Infinity as bare NaN / Infinity / -Infinity
// tokens, which JSON.parse rejects; this reader accepts them, and the writer
// writes them the same way so dimtensor's loader gets floats back. Floats are
// written as Python writes them (1.0, -0.0, 1e-05), ASCII only (as json.dump
// does), indented like json.dump(indent=2) unless `indent: null`.

import { open } from "node:fs/promises";
import { resolve } from "node:path";
import { type TaskEither, invalidValue } from "@dimexp/core";
import { BASE_DIMENSIONS, DimArray, type InvalidArgument } from "@dimexp/units";
import { type FileLocation, type IoError, invalidContent, unknownUnitInFile } from "./errors.js";
import { asTask, runTask } from "./internal/boundary.js";
import { type DimtensorUnit, unitFromDimtensor, unitToDimtensor } from "./internal/dimtensor-units.js";
import { FileFailure, JsonReader, fileTextSource } from "./internal/json-reader.js";
import { MAX_UNIT_CHARS, checkLength } from "./internal/limits.js";
import { JsonFileWriter } from "./internal/json-writer.js";
import { BackendError } from "./internal/source.js";

/** A DimArray read from a dimtensor file, with its uncertainty when the file has one. */
export interface DimtensorArray {
  readonly array: DimArray;
  /** absolute uncertainty, same shape as the array (row-major) */
  readonly uncertainty: Float64Array | undefined;
}

export const unitProblem = (problem: string): InvalidArgument => ({ _tag: "InvalidArgument", argument: "unit", message: `${problem}.` });

const FLOAT_DTYPES = /^(float(16|32|64)|int(8|16|32|64)|uint(8|16|32|64))$/;

class Growable {
  data = new Float64Array(64);
  length = 0;
  push(x: number): void {
    if (this.length === this.data.length) {
      const grown = new Float64Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = x;
  }
  append(xs: Float64Array): void {
    while (this.length + xs.length > this.data.length) {
      const grown = new Float64Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data.set(xs, this.length);
    this.length += xs.length;
  }
  done(): Float64Array {
    return this.data.slice(0, this.length);
  }
}

/** Nested lists (or a scalar) into row-major data and a shape; ragged lists are an error. */
const readNested = async (reader: JsonReader, path: string): Promise<{ data: Float64Array; shape: number[] }> => {
  const out = new Growable();
  const visit = async (p: string): Promise<number[]> => {
    if ((await reader.peek()) !== 91) {
      out.push(await reader.readNumber(p, "a number or a list", true));
      return [];
    }
    const first = await reader.peekInside();
    if (first !== 91 && first !== 93) {
      const row = await reader.readNumberArray(p, "a list of numbers");
      out.append(row);
      return [row.length];
    }
    let inner: number[] | undefined;
    let innerAt: FileLocation | undefined;
    const n = await reader.readArray(p, async (_, ip) => {
      const at = await reader.here(ip);
      const shape = await visit(ip);
      if (inner === undefined) {
        inner = shape;
        innerAt = at;
      } else if (shape.length !== inner.length || shape.some((d, i) => d !== inner?.[i])) {
        throw reader.invalid(at, `ragged lists: this element has shape (${shape.join(", ")}) but the first one (${innerAt?.path}) has (${inner.join(", ")})`);
      }
    });
    return [n, ...(inner ?? [])];
  };
  const shape = await visit(path);
  return { data: out.done(), shape };
};

const readUnit = async (reader: JsonReader, path: string): Promise<{ unit: DimtensorUnit; at: FileLocation }> => {
  const at = await reader.here(path);
  let symbol: string | undefined;
  let scale: number | undefined;
  let dimension: number[] | undefined;
  await reader.readObject(
    path,
    async (key, p) => {
      if (key === "symbol") symbol = await reader.readString(p, "a string (the unit's symbol)");
      else if (key === "scale") scale = await reader.readNumber(p, "a number (the unit's scale to SI)");
      else if (key === "dimension") {
        const exponents = new Map<string, number>();
        await reader.readObject(
          p,
          async (base, bp) => {
            if (!(BASE_DIMENSIONS as readonly string[]).includes(base)) {
              throw reader.invalid(await reader.here(bp), `unknown base dimension "${base}" (expected ${BASE_DIMENSIONS.join(", ")})`);
            }
            exponents.set(base, await reader.readNumber(bp, "a number (an exponent)"));
          },
          'an object of exponents ({"length": 1.0, "mass": 0.0, …})',
        );
        dimension = BASE_DIMENSIONS.map((b) => exponents.get(b) ?? 0);
      } else await reader.skipValue(p);
    },
    'a unit object ({"symbol", "dimension", "scale"})',
  );
  if (symbol === undefined) throw reader.invalid(at, 'the unit has no "symbol"');
  checkLength(reader.file, { ...at, path: `${path}.symbol` }, "the unit's symbol", symbol, MAX_UNIT_CHARS);
  if (dimension === undefined || scale === undefined) {
    throw reader.invalid(at, `the unit "${symbol}" needs "dimension" and "scale" (dimtensor writes both)`);
  }
  return { unit: { symbol, scale, dimension }, at };
};

export const readDimArrayJsonTask = (path: string): TaskEither<IoError, DimtensorArray> => {
  const file = resolve(path);
  return asTask(file, "read", async () => {
    const handle = await open(file, "r");
    try {
      const reader = new JsonReader(fileTextSource(handle, file), file);
      let values: { data: Float64Array; shape: number[]; at: FileLocation } | undefined;
      let uncertainty: { data: Float64Array; shape: number[]; at: FileLocation } | undefined;
      let unit: { unit: DimtensorUnit; at: FileLocation } | undefined;
      const start = await reader.here("$");
      if ((await reader.peek()) < 0) throw reader.invalid(start, "the file is empty");
      await reader.readObject(
        "$",
        async (key, p) => {
          const at = await reader.here(p);
          if (key === "data") values = { ...(await readNested(reader, p)), at };
          else if (key === "uncertainty") {
            if (!(await reader.readNullIfPresent(p))) uncertainty = { ...(await readNested(reader, p)), at };
          } else if (key === "unit") unit = await readUnit(reader, p);
          else if (key === "dtype") {
            const dtype = await reader.readString(p, 'a numpy dtype name ("float64")');
            if (!FLOAT_DTYPES.test(dtype)) throw reader.invalid(at, `dtype "${dtype}" is not a real number type; dimexp arrays are float64`);
          } else await reader.skipValue(p);
        },
        'a DimArray object ({"data", "unit", "dtype"})',
      );
      await reader.end();
      if (values === undefined) throw reader.invalid(start, 'missing "data" (is this a dimtensor DimArray file?)');
      if (unit === undefined) throw reader.invalid(start, 'missing "unit"');
      const resolved = unitFromDimtensor(unit.unit);
      if ("problem" in resolved) {
        throw new FileFailure(
          unknownUnitInFile(file, { ...unit.at, path: "$.unit" }, unit.unit.symbol, unitProblem(resolved.problem)),
        );
      }
      if (uncertainty && (uncertainty.shape.length !== values.shape.length || uncertainty.shape.some((d, i) => d !== values?.shape[i]))) {
        throw new FileFailure(
          invalidContent(file, { ...uncertainty.at, path: "$.uncertainty" }, `"uncertainty" has shape (${uncertainty.shape.join(", ")}) but "data" has (${values.shape.join(", ")})`),
        );
      }
      const array = DimArray.of(values.data, resolved.unit, { shape: values.shape });
      if (array._tag === "Left") throw new FileFailure(invalidContent(file, { ...values.at, path: "$.data" }, array.left.message));
      return { array: array.right, uncertainty: uncertainty?.data };
    } finally {
      await handle.close();
    }
  });
};

/** Reads a dimtensor DimArray JSON file (Python's bare NaN/Infinity tokens included). Rejects with DimexpIoError. */
export const readDimArrayJson = (path: string): Promise<DimtensorArray> => runTask(readDimArrayJsonTask(path));

/** A double as Python's float repr writes it in JSON. */
export const pythonFloat = (x: number): string => {
  if (Number.isNaN(x)) return "NaN";
  if (x === Number.POSITIVE_INFINITY) return "Infinity";
  if (x === Number.NEGATIVE_INFINITY) return "-Infinity";
  if (x === 0) return 1 / x < 0 ? "-0.0" : "0.0";
  const text = String(x);
  if (/[.eE]/.test(text)) return text.replace(/e([+-]?)(\d)$/, (_, sign: string, d: string) => `e${sign || "+"}0${d}`);
  return `${text}.0`;
};

/** JSON string, ASCII only (json.dump's ensure_ascii). */
const asciiString = (s: string): string =>
  JSON.stringify(s).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);

export interface WriteDimArrayJsonOptions {
  /** absolute uncertainty, same size as the array */
  readonly uncertainty?: Float64Array;
  /** spaces per level as json.dump(indent=…); null for one line (default 2) */
  readonly indent?: number | null;
}

const writeNested = async (w: JsonFileWriter, data: Float64Array, shape: readonly number[], indent: number | null, depth: number): Promise<void> => {
  if (shape.length === 0) {
    w.push(pythonFloat(data[0] as number));
    return;
  }
  const nl = (level: number) => (indent === null ? "" : `\n${" ".repeat(indent * level)}`);
  const sep = indent === null ? ", " : ",";
  const walk = async (offset: number, dim: number, level: number): Promise<void> => {
    const n = shape[dim] as number;
    if (n === 0) {
      w.push("[]");
      return;
    }
    const stride = shape.slice(dim + 1).reduce((a, b) => a * b, 1);
    w.push("[");
    for (let i = 0; i < n; i++) {
      if (i > 0) w.push(sep);
      w.push(nl(level + 1));
      if (dim === shape.length - 1) w.push(pythonFloat(data[offset + i] as number));
      else await walk(offset + i * stride, dim + 1, level + 1);
      if (i % 8192 === 8191) await w.drain();
    }
    w.push(`${nl(level)}]`);
  };
  await walk(0, 0, depth);
};

export const writeDimArrayJsonTask = (path: string, array: DimArray, options: WriteDimArrayJsonOptions = {}): TaskEither<IoError, void> => {
  const file = resolve(path);
  return asTask(file, "write", async () => {
    const unit = unitToDimtensor(array.unit);
    if ("problem" in unit) throw new BackendError(invalidValue("unit for a dimtensor file", unit.problem));
    if (options.uncertainty && options.uncertainty.length !== array.data.length) {
      throw new BackendError(invalidValue("uncertainty", `it has ${options.uncertainty.length} values for an array of ${array.data.length}`));
    }
    const indent = options.indent === undefined ? 2 : options.indent;
    const nl = (level: number) => (indent === null ? "" : `\n${" ".repeat(indent * level)}`);
    const sep = indent === null ? ", " : ",";
    const handle = await open(file, "w");
    try {
      const w = new JsonFileWriter(handle);
      w.push(`{${nl(1)}"data": `);
      await writeNested(w, array.data, array.shape, indent, 1);
      const dims = BASE_DIMENSIONS.map((b, i) => `${nl(3)}"${b}": ${pythonFloat(unit.dimension[i] as number)}`).join(sep);
      w.push(
        `${sep}${nl(1)}"unit": {${nl(2)}"symbol": ${asciiString(unit.symbol)}${sep}${nl(2)}"dimension": {${dims}${nl(2)}}${sep}${nl(2)}"scale": ${pythonFloat(unit.scale)}${nl(1)}}${sep}${nl(1)}"dtype": "float64"`,
      );
      if (options.uncertainty) {
        w.push(`${sep}${nl(1)}"uncertainty": `);
        await writeNested(w, options.uncertainty, array.shape, indent, 1);
      }
      w.push(`${nl(0)}}`);
      await w.flush();
    } finally {
      await handle.close();
    }
  });
};

/** Writes a DimArray as dimtensor's DimArray JSON, loadable by dimtensor.io.json.load_json. Rejects with DimexpIoError. */
export const writeDimArrayJson = (path: string, array: DimArray, options: WriteDimArrayJsonOptions = {}): Promise<void> =>
  runTask(writeDimArrayJsonTask(path, array, options));
