// One file per logged array, for backends that keep arrays as files (MLflow
// artifacts, W&B run files): Python dimtensor's DimArray JSON —
// `dimtensor.io.json.load_json(path)` opens it — plus a "dimexp" member with
// what dimtensor's format has no room for:
//
//   dimexp/arrays/<key>/<sequence>-step-<step>.json
//   {"data": [[1.0, 2.0], [NaN, -0.0]],                 nested lists, float64
//    "unit": {"symbol": "K", "dimension": {"length": 0.0, …}, "scale": 1.0},
//    "dtype": "float64",
//    "dimexp": {"format": 1, "key": "temperature", "step": 0, "timestamp": 1700000000000,
//               "shape": [2, 2], "unit": "K"}}
//
// Like Python's json module, NaN and ±Infinity are the bare tokens NaN,
// Infinity and -Infinity; -0 is -0.0 and every number has a decimal point or
// an exponent, so numpy reads float64. `<sequence>` sorts in logging order, so
// a directory listing sorted by name is the logging order.

import { BASE_DIMENSIONS, parseUnit } from "@dimexp/units";
import type { ArrayRecord } from "./model.js";
import { dimtensorSymbol, numberText, parseNumberText } from "./unit-codec.js";

/** The folder (relative to a run's artifact or file root) that holds its arrays. */
export const ARRAY_FILES_DIR = "dimexp/arrays";
export const ARRAY_FILE_FORMAT = 1;

const float = (x: number): string => {
  if (Number.isNaN(x)) return "NaN";
  if (x === Number.POSITIVE_INFINITY) return "Infinity";
  if (x === Number.NEGATIVE_INFINITY) return "-Infinity";
  if (Object.is(x, -0)) return "-0.0";
  const s = String(x);
  return /[.eE]/.test(s) ? s : `${s}.0`;
};

const nested = (data: Float64Array, shape: readonly number[]): string => {
  if (shape.length === 0) return float(data[0] ?? Number.NaN);
  const strides: number[] = [];
  let stride = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    strides[d] = stride;
    stride *= shape[d] as number;
  }
  const parts: string[] = [];
  const walk = (dim: number, offset: number) => {
    const size = shape[dim] as number;
    parts.push("[");
    for (let i = 0; i < size; i++) {
      if (i > 0) parts.push(", ");
      if (dim === shape.length - 1) parts.push(float(data[offset + i] as number));
      else walk(dim + 1, offset + i * (strides[dim] as number));
    }
    parts.push("]");
  };
  walk(0, 0);
  return parts.join("");
};

const meta = (x: number): number | string => (Number.isFinite(x) && !Object.is(x, -0) ? x : numberText(x));

/**
 * The sequence of the next array file of a run: larger than `previous` and
 * than any earlier sequence of this clock (ms × 1024), so names sort in logging
 * order even across processes. Returns the number and its 11-digit base-36 text.
 */
export const nextArraySequence = (previous: number): { readonly value: number; readonly text: string } => {
  const value = Math.max(previous + 1, Date.now() * 1024);
  return { value, text: value.toString(36).padStart(11, "0") };
};

/** Where an array's file goes, relative to the run's artifact (or file) root. */
export const arrayFilePath = (key: string, sequence: string, step: number): string =>
  `${ARRAY_FILES_DIR}/${key}/${sequence}-step-${numberText(step).replace(/[^\w.-]/g, "_")}.json`;

/** The folder of one key's array files, relative to the run's root. */
export const arrayFileFolder = (key: string): string => `${ARRAY_FILES_DIR}/${key}`;

/** An array as the text of its file. */
export const encodeArrayFile = (record: ArrayRecord): string => {
  const parsed = parseUnit(record.unit);
  const unit = parsed._tag === "Right" ? parsed.right : undefined;
  const dimension = BASE_DIMENSIONS.map((name, i) => {
    const e = unit?.dimension.exponents[i];
    return `"${name}": ${float(e ? e.n / e.d : 0)}`;
  }).join(", ");
  const symbol = unit ? dimtensorSymbol(unit) : record.unit;
  const scale = unit ? unit.scale.value : 1;
  const dimexp = { format: ARRAY_FILE_FORMAT, key: record.key, step: meta(record.step), timestamp: meta(record.timestamp), shape: record.shape, unit: record.unit };
  return `{"data": ${nested(record.data, record.shape)}, "unit": {"symbol": ${JSON.stringify(symbol)}, "dimension": {${dimension}}, "scale": ${float(scale)}}, "dtype": "float64", "dimexp": ${JSON.stringify(dimexp)}}`;
};

/** JSON as Python writes it: bare NaN/Infinity/-Infinity become strings before parsing. */
export const parsePythonJson = (text: string): unknown => {
  let out = "";
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (inString) {
      out += c;
      if (c === "\\") out += text[++i] ?? "";
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') {
      inString = true;
      out += c;
    } else if (c === "N" && text.startsWith("NaN", i)) {
      out += '"NaN"';
      i += 2;
    } else if (c === "I" && text.startsWith("Infinity", i)) {
      out += '"Infinity"';
      i += 7;
    } else if (c === "-" && text.startsWith("-Infinity", i)) {
      out += '"-Infinity"';
      i += 8;
    } else out += c;
  }
  return JSON.parse(out);
};

const number = (x: unknown): number => {
  if (typeof x === "number") return x;
  if (typeof x === "string") return parseNumberText(x) ?? Number.NaN;
  return Number.NaN;
};

/** A file's text back as an ArrayRecord; undefined when it is not an array file. */
export const decodeArrayFile = (text: string, fallbackKey: string): ArrayRecord | undefined => {
  let parsed: { data?: unknown; dimexp?: { key?: string; step?: unknown; timestamp?: unknown; shape?: unknown; unit?: unknown }; unit?: { symbol?: unknown } };
  try {
    parsed = parsePythonJson(text) as typeof parsed;
  } catch {
    return undefined;
  }
  if (parsed === null || typeof parsed !== "object" || !("data" in parsed)) return undefined;
  const values: number[] = [];
  const shape: number[] = [];
  const flatten = (x: unknown, depth: number) => {
    if (Array.isArray(x)) {
      if (shape.length === depth) shape.push(x.length);
      for (const item of x) flatten(item, depth + 1);
    } else values.push(number(x));
  };
  flatten(parsed.data, 0);
  const info = parsed.dimexp ?? {};
  const declared = Array.isArray(info.shape) && info.shape.every((d) => typeof d === "number") ? (info.shape as number[]) : shape;
  if (declared.reduce((n, d) => n * d, 1) !== values.length) return undefined;
  return {
    key: typeof info.key === "string" ? info.key : fallbackKey,
    step: info.step === undefined ? 0 : number(info.step),
    timestamp: info.timestamp === undefined ? 0 : number(info.timestamp),
    shape: declared,
    unit: typeof info.unit === "string" ? info.unit : typeof parsed.unit?.symbol === "string" ? parsed.unit.symbol : "1",
    data: Float64Array.from(values),
  };
};
