// The HDF5 form of a dimexp experiment (README: "HDF5 layout"), written and
// read with h5wasm:
//
//   /                          @format "dimexp-experiment", @version "1.0"
//   /experiment                @name, @created_at (float64 ms; absent if unknown)
//   /experiment/tags           one string attribute per tag
//   /runs/000000 …             a group per run, in export order: @id @name @status
//                              @start_time @end_time (float64 ms; end absent while running)
//     tags                     one string attribute per tag (unit tags included)
//     params/<name>            a group per param: @name @value (stored text) @type [@unit] [@unit_label]
//     metrics/<name>           a group per metric: @name [@unit] [@unit_label] @count and
//       steps, values, timestamps   float64 datasets (n,), chunked, gzip
//     arrays/000000 …          a float64 dataset per logged array, in its shape: @key @step
//                              @timestamp @unit, plus dimtensor's attributes (@unit_symbol
//                              @unit_scale @dim_length … @dim_luminosity) so Python dimtensor's
//                              load_hdf5(file, "runs/000000/arrays/000000") reads it
//
// Object names are the param/metric names with "%" → "%25", "/" → "%2F" and a
// leading "." → "%2E"; the @name attribute is authoritative.
//
// Large series are written and read in slices of at most 1 Mi elements so the
// WASM heap stays small whatever the experiment's size.

import { stat } from "node:fs/promises";
import { type ParamType, RUN_STATUSES, type RunStatus } from "@dimexp/core";
import { BASE_DIMENSIONS, parseUnit } from "@dimexp/units";
import { type FileLocation, invalidContent, malformedFile } from "../errors.js";
import type { ProgressTracker } from "../progress.js";
import type { DecodeHandlers, FileInfo } from "./experiment-json-read.js";
import { type Dataset, type Group, type H5File, chunkShape, h5call, loadH5 } from "./h5.js";
import { unitToDimtensor } from "./dimtensor-units.js";
import { FileFailure } from "./json-reader.js";
import {
  type ArrayEntry,
  type ExperimentHeader,
  FORMAT_NAME,
  FORMAT_VERSION,
  type MetricEntry,
  type ParamEntry,
  type RunEntry,
  byKey,
} from "./model.js";
import type { Source } from "./source.js";
import { checkVersion, wrongFormat } from "./version.js";

export interface Hdf5WriteOptions {
  readonly compressionLevel: number;
  readonly chunkElements: number;
}

const SLICE = 1 << 20;

export const escapeName = (name: string): string => name.replace(/%/g, "%25").replace(/\//g, "%2F").replace(/^\./, "%2E");
export const runGroupName = (index: number): string => String(index).padStart(6, "0");

// --------------------------------------------------------------- writing

class Writer {
  constructor(readonly file: string) {}
  call<T>(where: string, body: () => T): T {
    return h5call(this.file, where, "write", body);
  }
  group(parent: Group, name: string): Group {
    return this.call(`${parent.path === "/" ? "" : parent.path}/${name}`, () => parent.create_group(name));
  }
  text(object: Group | Dataset, name: string, value: string): void {
    this.call(`${object.path}@${name}`, () => object.create_attribute(name, value));
  }
  number(object: Group | Dataset, name: string, value: number): void {
    this.call(`${object.path}@${name}`, () => object.create_attribute(name, value, [], "<d"));
  }
  /** A 1-D float64 dataset of `data`, chunked and compressed, written in slices. */
  column(parent: Group, name: string, data: Float64Array, options: Hdf5WriteOptions, onSlice?: (n: number) => void): void {
    const where = `${parent.path}/${name}`;
    const n = data.length;
    if (n === 0) {
      this.call(where, () => parent.create_dataset({ name, data: new Float64Array(0), shape: [0], dtype: "<d" }));
      return;
    }
    const chunk = Math.max(1, Math.min(n, options.chunkElements));
    const compressed = options.compressionLevel > 0;
    if (n <= SLICE) {
      this.call(where, () =>
        parent.create_dataset({
          name,
          data,
          shape: [n],
          dtype: "<d",
          chunks: [chunk],
          ...(compressed ? { compression: "gzip" as const, compression_opts: [options.compressionLevel] } : {}),
        }),
      );
      onSlice?.(n);
      return;
    }
    const dataset = this.call(where, () =>
      parent.create_dataset({
        name,
        data: new Float64Array(0),
        shape: [0],
        maxshape: [n],
        dtype: "<d",
        chunks: [chunk],
        ...(compressed ? { compression: "gzip" as const, compression_opts: [options.compressionLevel] } : {}),
      }),
    );
    this.call(where, () => dataset.resize([n]));
    // slices are whole chunks, so each chunk is compressed once
    const step = Math.max(chunk, Math.floor(SLICE / chunk) * chunk);
    for (let start = 0; start < n; start += step) {
      const end = Math.min(n, start + step);
      this.call(where, () => dataset.write_slice([[start, end]], data.subarray(start, end)));
      onSlice?.(end - start);
    }
  }
  array(parent: Group, name: string, data: Float64Array, shape: readonly number[], options: Hdf5WriteOptions): Dataset {
    const where = `${parent.path}/${name}`;
    const size = data.length;
    if (shape.length === 0 || size === 0) {
      return this.call(where, () => parent.create_dataset({ name, data, shape: [...shape], dtype: "<d" }));
    }
    const chunks = chunkShape(shape, options.chunkElements);
    const compressed = options.compressionLevel > 0;
    return this.call(where, () =>
      parent.create_dataset({
        name,
        data,
        shape: [...shape],
        dtype: "<d",
        chunks,
        ...(compressed ? { compression: "gzip" as const, compression_opts: [options.compressionLevel] } : {}),
      }),
    );
  }
}

const dimtensorAttributes = (w: Writer, dataset: Dataset, unitText: string): void => {
  const parsed = parseUnit(unitText);
  if (parsed._tag === "Left") return;
  const unit = unitToDimtensor(parsed.right);
  if ("problem" in unit) return;
  w.text(dataset, "unit_symbol", unit.symbol);
  w.number(dataset, "unit_scale", unit.scale);
  for (const [i, base] of BASE_DIMENSIONS.entries()) w.number(dataset, `dim_${base}`, unit.dimension[i] as number);
};

export const writeExperimentHdf5 = async (path: string, source: Source, progress: ProgressTracker, options: Hdf5WriteOptions): Promise<number> => {
  const h5 = await loadH5();
  const w = new Writer(path);
  const file = w.call("/", () => new h5.File(path, "w"));
  try {
    w.text(file, "format", FORMAT_NAME);
    w.text(file, "version", FORMAT_VERSION);
    const experiment = w.group(file, "experiment");
    w.text(experiment, "name", source.header.name);
    if (source.header.createdAt !== undefined) w.number(experiment, "created_at", source.header.createdAt);
    const experimentTags = w.group(experiment, "tags");
    for (const [k, v] of source.header.tags) w.text(experimentTags, k, v);
    const runs = w.group(file, "runs");
    for (const [index, run] of source.runs.entries()) {
      const e = run.entry;
      const g = w.group(runs, runGroupName(index));
      w.text(g, "id", e.id);
      w.text(g, "name", e.name);
      w.text(g, "status", e.status);
      w.number(g, "start_time", e.startTime);
      if (e.endTime !== undefined) w.number(g, "end_time", e.endTime);
      const tags = w.group(g, "tags");
      for (const [k, v] of e.tags) w.text(tags, k, v);
      const params = w.group(g, "params");
      for (const p of e.params) {
        const pg = w.group(params, escapeName(p.key));
        w.text(pg, "name", p.key);
        w.text(pg, "value", p.value);
        w.text(pg, "type", p.type ?? "string");
        if (p.unit !== undefined) w.text(pg, "unit", p.unit);
        if (p.unitLabel !== undefined) w.text(pg, "unit_label", p.unitLabel);
      }
      const metrics = w.group(g, "metrics");
      for (const [i, m] of run.metrics.entries()) {
        const series = await run.loadMetric(m.key);
        const mg = w.group(metrics, escapeName(m.key));
        w.text(mg, "name", m.key);
        if (m.unit !== undefined) w.text(mg, "unit", m.unit);
        if (m.unitLabel !== undefined) w.text(mg, "unit_label", m.unitLabel);
        w.number(mg, "count", series.values.length);
        w.column(mg, "steps", series.steps, options);
        w.column(mg, "values", series.values, options, (n) => progress.points(n));
        w.column(mg, "timestamps", series.timestamps, options);
        progress.withinRun((i + 1) / (run.metrics.length + (run.arrayKeys.length > 0 ? 1 : 0)));
      }
      const arrays = w.group(g, "arrays");
      let count = 0;
      for (const key of run.arrayKeys) {
        for (const a of await run.loadArrays(key)) {
          const dataset = w.array(arrays, runGroupName(count++), a.data, a.shape, options);
          w.text(dataset, "key", a.key);
          w.number(dataset, "step", a.step);
          w.number(dataset, "timestamp", a.timestamp);
          w.text(dataset, "unit", a.unit);
          dimtensorAttributes(w, dataset, a.unit);
        }
      }
      progress.runDone();
    }
  } finally {
    w.call("/", () => file.close());
  }
  const bytes = (await stat(path)).size;
  progress.bytes(bytes);
  return bytes;
};

// --------------------------------------------------------------- reading

const STATUSES: ReadonlySet<string> = new Set(RUN_STATUSES);
const PARAM_TYPES: ReadonlySet<string> = new Set<ParamType>(["quantity", "number", "boolean", "string"]);

class Reader {
  constructor(readonly file: string) {}
  call<T>(where: string, body: () => T): T {
    return h5call(this.file, where, "read", body);
  }
  invalid(where: string, text: string): FileFailure {
    return new FileFailure(invalidContent(this.file, { path: where }, text));
  }
  attributeNames(object: Group | Dataset): string[] {
    return this.call(object.path, () => Object.keys(object.attrs)).sort();
  }
  /** An attribute's value, with its HDF5 type checked: "string" or "number" (a scalar). */
  attribute(object: Group | Dataset, name: string, kind: "string", required: true): string;
  attribute(object: Group | Dataset, name: string, kind: "string", required: false): string | undefined;
  attribute(object: Group | Dataset, name: string, kind: "number", required: true): number;
  attribute(object: Group | Dataset, name: string, kind: "number", required: false): number | undefined;
  attribute(object: Group | Dataset, name: string, kind: "string" | "number", required: boolean): string | number | undefined {
    const where = `${object.path}@${name}`;
    const names = this.attributeNames(object);
    if (!names.includes(name)) {
      if (required) throw this.invalid(where, `missing the attribute "${name}" (${kind === "string" ? "a string" : "a float64 number"})`);
      return undefined;
    }
    const value = this.call(where, () => object.get_attribute(name, false));
    if (kind === "string") {
      if (typeof value !== "string") throw this.invalid(where, `expected a string attribute, found ${describe(value)}`);
      return value;
    }
    const number = typeof value === "number" ? value : typeof value === "bigint" ? Number(value) : undefined;
    if (number === undefined) throw this.invalid(where, `expected a number (a float64 scalar attribute), found ${describe(value)}`);
    return number;
  }
  child(parent: Group, name: string, kind: "Group" | "Dataset", required: boolean): Group | Dataset | undefined {
    const where = `${parent.path === "/" ? "" : parent.path}/${name}`;
    const keys = this.call(parent.path, () => parent.keys());
    if (!keys.includes(name)) {
      if (required) throw this.invalid(where, `missing the ${kind === "Group" ? "group" : "dataset"} "${name}"`);
      return undefined;
    }
    const object = this.call(where, () => parent.get(name));
    const type = (object as { type?: string } | null)?.type;
    if (type !== kind) throw this.invalid(where, `expected ${kind === "Group" ? "a group" : "a dataset"}, found ${type ?? "nothing readable"}`);
    return object as Group | Dataset;
  }
  group(parent: Group, name: string, required: boolean): Group | undefined {
    return this.child(parent, name, "Group", required) as Group | undefined;
  }
  keys(group: Group): string[] {
    return this.call(group.path, () => group.keys()).sort();
  }
  /** A float dataset's elements (float64 or float32, widened) and shape, read in slices. */
  data(dataset: Dataset): { data: Float64Array; shape: number[] } {
    const where = dataset.path;
    const meta = this.call(where, () => dataset.metadata);
    if (meta.type !== 1 || (meta.size !== 8 && meta.size !== 4)) {
      throw this.invalid(where, `expected float64 data, found an HDF5 ${meta.type === 0 ? "integer" : meta.type === 3 ? "string" : `type-${meta.type}`} dataset of ${meta.size}-byte elements`);
    }
    const shape = (meta.shape ?? []).map(Number);
    const size = shape.reduce((a, b) => a * b, 1);
    const out = new Float64Array(size);
    if (size === 0) return { data: out, shape };
    if (shape.length <= 1 && size > SLICE) {
      for (let start = 0; start < size; start += SLICE) {
        const end = Math.min(size, start + SLICE);
        const part = this.call(where, () => dataset.slice([[start, end]])) as Float64Array | Float32Array;
        out.set(part, start);
      }
    } else {
      const value = this.call(where, () => dataset.value) as Float64Array | Float32Array | number;
      if (typeof value === "number") out[0] = value;
      else out.set(value);
    }
    return { data: out, shape };
  }
}

const describe = (value: unknown): string => {
  if (typeof value === "string") return `the string ${JSON.stringify(value)}`;
  if (typeof value === "number") return `the number ${value}`;
  if (ArrayBuffer.isView(value)) return `an array of ${(value as unknown as ArrayLike<unknown>).length}`;
  if (Array.isArray(value)) return `an array of ${value.length}`;
  return String(value);
};

const location = (path: string): FileLocation => ({ path });

const stringAttributes = (r: Reader, group: Group): Array<[string, string]> =>
  r.attributeNames(group).map((name) => [name, r.attribute(group, name, "string", true)] as [string, string]).sort(byKey(([k]) => k));

const readParam = (r: Reader, group: Group): ParamEntry => {
  const type = r.attribute(group, "type", "string", false);
  if (type !== undefined && !PARAM_TYPES.has(type)) throw r.invalid(`${group.path}@type`, `unknown param type "${type}" (expected quantity, number, boolean or string)`);
  return {
    key: r.attribute(group, "name", "string", true),
    value: r.attribute(group, "value", "string", true),
    type: type as ParamType | undefined,
    unit: r.attribute(group, "unit", "string", false),
    unitLabel: r.attribute(group, "unit_label", "string", false),
    at: location(group.path),
    unitAt: location(`${group.path}@unit`),
  };
};

const readColumn = (r: Reader, group: Group, name: string): Float64Array => {
  const dataset = r.child(group, name, "Dataset", true) as Dataset;
  const { data, shape } = r.data(dataset);
  if (shape.length !== 1) throw r.invalid(dataset.path, `expected a 1-dimensional dataset, found shape (${shape.join(", ")})`);
  return data;
};

const readMetric = (r: Reader, group: Group): MetricEntry => {
  const steps = readColumn(r, group, "steps");
  const values = readColumn(r, group, "values");
  const timestamps = readColumn(r, group, "timestamps");
  if (steps.length !== values.length || timestamps.length !== values.length) {
    throw r.invalid(group.path, `steps, values and timestamps must have the same length; they have ${steps.length}, ${values.length} and ${timestamps.length}`);
  }
  const count = r.attribute(group, "count", "number", false);
  if (count !== undefined && count !== values.length) throw r.invalid(`${group.path}@count`, `@count is ${count} but the metric has ${values.length} points`);
  if (values.length === 0) throw r.invalid(group.path, "a metric needs at least one point");
  return {
    key: r.attribute(group, "name", "string", true),
    unit: r.attribute(group, "unit", "string", false),
    unitLabel: r.attribute(group, "unit_label", "string", false),
    steps,
    values,
    timestamps,
    at: location(group.path),
    unitAt: location(`${group.path}@unit`),
  };
};

const readArray = (r: Reader, dataset: Dataset): ArrayEntry => {
  const { data, shape } = r.data(dataset);
  return {
    key: r.attribute(dataset, "key", "string", true),
    step: r.attribute(dataset, "step", "number", true),
    timestamp: r.attribute(dataset, "timestamp", "number", true),
    unit: r.attribute(dataset, "unit", "string", true),
    shape,
    data,
    at: location(dataset.path),
    unitAt: location(`${dataset.path}@unit`),
  };
};

const readRun = (r: Reader, g: Group): RunEntry => {
  const status = r.attribute(g, "status", "string", true);
  if (!STATUSES.has(status)) throw r.invalid(`${g.path}@status`, `unknown run status "${status}" (expected one of: ${RUN_STATUSES.join(", ")})`);
  const startTime = r.attribute(g, "start_time", "number", true);
  if (!Number.isFinite(startTime)) throw r.invalid(`${g.path}@start_time`, `expected a finite time in ms, found ${startTime}`);
  const endTime = r.attribute(g, "end_time", "number", false);
  if (endTime !== undefined && !Number.isFinite(endTime)) throw r.invalid(`${g.path}@end_time`, `expected a finite time in ms, found ${endTime}`);
  const tagsGroup = r.group(g, "tags", false);
  const tags = tagsGroup ? stringAttributes(r, tagsGroup) : [];
  const tagsAt = new Map(tags.map(([k]) => [k, location(`${tagsGroup?.path}@${k}`)]));
  const paramsGroup = r.group(g, "params", false);
  const params = paramsGroup ? r.keys(paramsGroup).map((k) => readParam(r, r.group(paramsGroup, k, true) as Group)) : [];
  const metricsGroup = r.group(g, "metrics", false);
  const metrics = metricsGroup ? r.keys(metricsGroup).map((k) => readMetric(r, r.group(metricsGroup, k, true) as Group)) : [];
  const arraysGroup = r.group(g, "arrays", false);
  const arrays = arraysGroup ? r.keys(arraysGroup).map((k) => readArray(r, r.child(arraysGroup, k, "Dataset", true) as Dataset)) : [];
  for (const [kind, list] of [
    ["param", params],
    ["metric", metrics],
  ] as const) {
    const seen = new Set<string>();
    for (const item of list) {
      if (seen.has(item.key)) throw r.invalid(item.at?.path ?? g.path, `two ${kind}s are named "${item.key}"`);
      seen.add(item.key);
    }
  }
  return {
    id: r.attribute(g, "id", "string", true),
    name: r.attribute(g, "name", "string", true),
    status: status as RunStatus,
    startTime,
    endTime,
    tags,
    tagsAt,
    params: params.sort(byKey((p) => p.key)),
    metrics: metrics.sort(byKey((m) => m.key)),
    arrays,
    at: location(g.path),
    nameAt: location(`${g.path}@name`),
  };
};

export const decodeExperimentHdf5 = async (
  path: string,
  handlers: DecodeHandlers,
  progress: ProgressTracker,
): Promise<{ runs: number; info: FileInfo }> => {
  const h5 = await loadH5();
  const r = new Reader(path);
  const file = r.call("/", () => new h5.File(path, "r")) as H5File;
  try {
    const format = r.attribute(file, "format", "string", false);
    if (format === undefined) {
      throw new FileFailure(
        invalidContent(path, location("/@format"), `this HDF5 file has no "format" attribute: it is not a ${FORMAT_NAME} file (a dimtensor DimArray file is read with readDimArrayHdf5())`),
      );
    }
    if (format !== FORMAT_NAME) throw wrongFormat(path, location("/@format"), format);
    const versionText = r.attribute(file, "version", "string", true);
    const version = checkVersion(path, location("/@version"), versionText);
    if (version === undefined) throw r.invalid("/@version", `expected a version "<major>.<minor>" such as "${FORMAT_VERSION}", found "${versionText}"`);
    if (version.major < 1) throw r.invalid("/@version", `HDF5 files start at format version 1.0; found ${versionText}`);
    const experiment = r.group(file, "experiment", true) as Group;
    const experimentTags = r.group(experiment, "tags", false);
    const header: ExperimentHeader = {
      name: r.attribute(experiment, "name", "string", true),
      createdAt: r.attribute(experiment, "created_at", "number", false),
      tags: experimentTags ? stringAttributes(r, experimentTags) : [],
      at: location("/experiment@name"),
    };
    const info: FileInfo = { kind: "dimexp", version: versionText };
    await handlers.onHeader(header, info);
    const runs = r.group(file, "runs", true) as Group;
    const names = r.keys(runs);
    progress.runsTotal = names.length;
    for (const [index, name] of names.entries()) {
      if (name !== runGroupName(index)) {
        throw new FileFailure(malformedFile(path, location(`/runs/${name}`), "corrupt", `run groups are named 000000, 000001, … in order; found "${name}" where "${runGroupName(index)}" belongs`));
      }
      const run = readRun(r, r.group(runs, name, true) as Group);
      await handlers.onRun(run, index);
      progress.pointsDone += run.metrics.reduce((n, m) => n + m.values.length, 0);
      progress.runDone();
    }
    return { runs: names.length, info };
  } finally {
    r.call("/", () => file.close());
  }
};
