// dimexp-experiment 1.x (README: "JSON schema"): params as {type, value,
// unit}, metrics as parallel steps/values/timestamps columns, arrays with a
// shape. A newer minor version's unknown fields are skipped (`lenient`).

import type { ParamType } from "@dimexp/core";
import type { FileLocation } from "../../errors.js";
import type { JsonReader } from "../json-reader.js";
import type { ArrayEntry, ExperimentHeader, MetricEntry, ParamEntry, RunEntry } from "../model.js";
import { paramText, readStringMap, readTime, readUnitField, required, unknownField } from "./fields.js";
import { decodeRun } from "./run-decoder.js";

const RUN_FIELDS = ["id", "name", "status", "startTime", "endTime", "tags", "params", "metrics", "arrays"];
const PARAM_FIELDS = ["type", "value", "unit", "unitLabel"];
const METRIC_FIELDS = ["unit", "unitLabel", "count", "steps", "values", "timestamps"];
const ARRAY_FIELDS = ["key", "step", "timestamp", "unit", "shape", "data"];
const PARAM_TYPES: readonly ParamType[] = ["quantity", "number", "boolean", "string"];

const decodeParamV1 = async (reader: JsonReader, key: string, path: string, lenient: boolean): Promise<ParamEntry> => {
  const at = await reader.here(path);
  let value: string | undefined;
  let type: ParamType | undefined;
  let unit: string | undefined;
  let unitAt: FileLocation | undefined;
  let unitLabel: string | undefined;
  await reader.readObject(
    path,
    async (field, p) => {
      if (field === "value") value = (await paramText(reader, p)).text;
      else if (field === "type") {
        const typeAt = await reader.here(p);
        const t = await reader.readString(p);
        if (!(PARAM_TYPES as readonly string[]).includes(t)) throw reader.invalid(typeAt, `unknown param type "${t}" (expected one of: ${PARAM_TYPES.join(", ")})`);
        type = t as ParamType;
      } else if (field === "unit") ({ unit, at: unitAt } = await readUnitField(reader, p));
      else if (field === "unitLabel") unitLabel = await reader.readString(p);
      else await unknownField(reader, p, field, PARAM_FIELDS, lenient);
    },
    'a param object ({"type", "value", "unit"})',
  );
  return { key, value: required(reader, value, at, "value", "the param's stored text"), type, unit, unitAt, unitLabel, at };
};

const decodeMetricV1 = async (reader: JsonReader, key: string, path: string, lenient: boolean): Promise<MetricEntry> => {
  const at = await reader.here(path);
  let unit: string | undefined;
  let unitAt: FileLocation | undefined;
  let unitLabel: string | undefined;
  let count: number | undefined;
  let countAt: FileLocation | undefined;
  let steps: Float64Array | undefined;
  let values: Float64Array | undefined;
  let timestamps: Float64Array | undefined;
  await reader.readObject(
    path,
    async (field, p) => {
      switch (field) {
        case "unit":
          ({ unit, at: unitAt } = await readUnitField(reader, p));
          break;
        case "unitLabel":
          unitLabel = await reader.readString(p);
          break;
        case "count":
          countAt = await reader.here(p);
          count = await reader.readNumber(p, "a whole number of points");
          if (!Number.isInteger(count) || count < 0) throw reader.invalid(countAt, `expected a whole number of points, found ${count}`);
          break;
        case "steps":
          steps = await reader.readNumberArray(p, "an array of steps (numbers)");
          break;
        case "values":
          values = await reader.readNumberArray(p, "an array of values (numbers)");
          break;
        case "timestamps":
          timestamps = await reader.readNumberArray(p, "an array of timestamps (numbers, ms)");
          break;
        default:
          await unknownField(reader, p, field, METRIC_FIELDS, lenient);
      }
    },
    'a metric object ({"unit", "count", "steps", "values", "timestamps"})',
  );
  const s = required(reader, steps, at, "steps", "the metric's steps");
  const v = required(reader, values, at, "values", "the metric's values");
  const t = required(reader, timestamps, at, "timestamps", "the metric's timestamps (ms)");
  if (s.length !== v.length || t.length !== v.length) {
    throw reader.invalid(at, `"steps", "values" and "timestamps" must have the same length; they have ${s.length}, ${v.length} and ${t.length}`);
  }
  if (count !== undefined && count !== v.length) {
    throw reader.invalid(countAt ?? at, `"count" is ${count} but the metric has ${v.length} points`);
  }
  if (v.length === 0) throw reader.invalid(at, "a metric needs at least one point");
  return { key, unit, unitAt, unitLabel, steps: s, values: v, timestamps: t, at };
};

const readShape = async (reader: JsonReader, path: string): Promise<number[]> => {
  const shape: number[] = [];
  await reader.readArray(
    path,
    async (_, p) => {
      const at = await reader.here(p);
      const n = await reader.readNumber(p, "a dimension length (a whole number)");
      if (!Number.isInteger(n) || n < 0) throw reader.invalid(at, `expected a whole number ≥ 0, found ${n}`);
      shape.push(n);
    },
    "an array of dimension lengths",
  );
  return shape;
};

const decodeArrayV1 = async (reader: JsonReader, path: string, lenient: boolean): Promise<ArrayEntry> => {
  const at = await reader.here(path);
  let key: string | undefined;
  let step: number | undefined;
  let timestamp: number | undefined;
  let unit: string | undefined;
  let unitAt: FileLocation | undefined;
  let shape: number[] | undefined;
  let data: Float64Array | undefined;
  await reader.readObject(
    path,
    async (field, p) => {
      switch (field) {
        case "key":
          key = await reader.readString(p);
          break;
        case "step":
          step = await reader.readNumber(p, "a step (a number)", true);
          break;
        case "timestamp":
          timestamp = await reader.readNumber(p, "a timestamp (ms)", true);
          break;
        case "unit":
          ({ unit, at: unitAt } = await readUnitField(reader, p));
          break;
        case "shape":
          shape = await readShape(reader, p);
          break;
        case "data":
          data = await reader.readNumberArray(p, "an array of numbers (the array's elements, row-major)");
          break;
        default:
          await unknownField(reader, p, field, ARRAY_FIELDS, lenient);
      }
    },
    'an array object ({"key", "step", "timestamp", "unit", "shape", "data"})',
  );
  const d = required(reader, data, at, "data", "the array's elements");
  const s = required(reader, shape, at, "shape", "the array's dimensions");
  const size = s.reduce((a, b) => a * b, 1);
  if (size !== d.length) throw reader.invalid(at, `"shape" [${s.join(", ")}] holds ${size} elements but "data" has ${d.length}`);
  return {
    key: required(reader, key, at, "key", "the array's name"),
    step: required(reader, step, at, "step", "the step it was logged at"),
    timestamp: required(reader, timestamp, at, "timestamp", "when it was logged, ms"),
    unit: required(reader, unit, at, "unit", 'its unit, "1" when dimensionless'),
    unitAt,
    shape: s,
    data: d,
    at,
  };
};

export const decodeHeaderV1 = async (reader: JsonReader, path: string, lenient: boolean): Promise<ExperimentHeader> => {
  const at = await reader.here(path);
  let name: string | undefined;
  let createdAt: number | undefined;
  let tags: Array<[string, string]> = [];
  await reader.readObject(
    path,
    async (field, p) => {
      if (field === "name") name = await reader.readString(p, "a string (the experiment name)");
      else if (field === "createdAt") createdAt = await readTime(reader, p, true);
      else if (field === "tags") ({ entries: tags } = await readStringMap(reader, p, "tags"));
      else await unknownField(reader, p, field, ["name", "createdAt", "tags"], lenient);
    },
    'an experiment object ({"name", "createdAt", "tags"})',
  );
  return { name: required(reader, name, at, "name", "the experiment's name"), createdAt, tags, at };
};

export const decodeRunV1 = (reader: JsonReader, path: string, lenient: boolean): Promise<RunEntry> =>
  decodeRun(reader, path, {
    fields: RUN_FIELDS,
    lenient,
    param: (r, key, p) => decodeParamV1(r, key, p, lenient),
    metric: (r, key, p) => decodeMetricV1(r, key, p, lenient),
    array: (r, p) => decodeArrayV1(r, p, lenient),
  });
