// Decodes an experiment file, streaming, run by run, from any of the JSON
// shapes we read:
//
//   dimexp-experiment 1.x   ours (README: "JSON schema"); a newer minor's unknown fields are skipped
//   dimexp-experiment 0.x   the pre-release draft: points as [step, value, timestamp] triples,
//                           params as plain values with a unit, no codec tags — migrated
//   dimtensor export        Python dimtensor's DimExperiment.export(): no version, latest
//                           metric values only — migrated (each metric becomes one point)
//
// A newer major version is refused before any run is read.

import { type ParamType, RUN_STATUSES, type RunStatus, numberText } from "@dimexp/core";
import { type FileLocation, malformedFile } from "../errors.js";
import { FileFailure, type JsonObject, type JsonReader, type JsonValue, specialNumber } from "./json-reader.js";
import {
  type ArrayEntry,
  type ExperimentHeader,
  FORMAT_MAJOR,
  FORMAT_MINOR,
  FORMAT_NAME,
  FORMAT_VERSION,
  type MetricEntry,
  type ParamEntry,
  type RunEntry,
  byKey,
} from "./model.js";
import { type Version, checkVersion, wrongFormat } from "./version.js";

export type FileKind = "dimexp" | "dimexp-0" | "dimtensor";

export interface FileInfo {
  readonly kind: FileKind;
  /** the version the file declares ("1.0", "0.9"), or "none" for dimtensor exports */
  readonly version: string;
}

export interface DecodeHandlers {
  onHeader(header: ExperimentHeader, info: FileInfo): Promise<void> | void;
  onRun(run: RunEntry, index: number): Promise<void> | void;
  onWarning?(text: string): void;
}

const isStatus = (s: string): s is RunStatus => (RUN_STATUSES as readonly string[]).includes(s);

// --------------------------------------------------------------- helpers

const readStringMap = async (
  reader: JsonReader,
  path: string,
  what: string,
): Promise<{ entries: Array<[string, string]>; at: Map<string, FileLocation> }> => {
  const entries: Array<[string, string]> = [];
  const at = new Map<string, FileLocation>();
  await reader.readObject(
    path,
    async (key, valuePath) => {
      at.set(key, await reader.here(valuePath));
      entries.push([key, await reader.readString(valuePath, `a string (${what} values are text)`)]);
    },
    `an object of ${what}`,
  );
  entries.sort(byKey(([k]) => k));
  return { entries, at };
};

const readTime = async (reader: JsonReader, path: string, nullable: boolean): Promise<number | undefined> => {
  if (nullable && (await reader.readNullIfPresent(path))) return undefined;
  const at = await reader.here(path);
  const t = await reader.readNumber(path, nullable ? "a time in ms since the Unix epoch, or null" : "a time in ms since the Unix epoch");
  if (!Number.isFinite(t)) throw reader.invalid(at, `expected a finite time in ms since the Unix epoch, found ${t}`);
  return t;
};

const required = <T>(reader: JsonReader, value: T | undefined, at: FileLocation, field: string, what: string): T => {
  if (value === undefined) throw reader.invalid(at, `missing the field "${field}" (${what})`);
  return value;
};

const unknownField = async (reader: JsonReader, path: string, key: string, known: readonly string[], lenient: boolean): Promise<void> => {
  if (lenient) {
    await reader.skipValue(path);
    return;
  }
  const at = await reader.here(path);
  throw reader.invalid(at, `unknown field "${key}" (expected one of: ${known.join(", ")})`);
};

// --------------------------------------------------------------- format 1.x

const RUN_FIELDS = ["id", "name", "status", "startTime", "endTime", "tags", "params", "metrics", "arrays"];
const PARAM_FIELDS = ["type", "value", "unit", "unitLabel"];
const METRIC_FIELDS = ["unit", "unitLabel", "count", "steps", "values", "timestamps"];
const ARRAY_FIELDS = ["key", "step", "timestamp", "unit", "shape", "data"];
const PARAM_TYPES: readonly ParamType[] = ["quantity", "number", "boolean", "string"];

const paramText = async (reader: JsonReader, path: string): Promise<{ text: string; type: ParamType }> => {
  const c = await reader.peek();
  if (c === 34) return { text: await reader.readString(path), type: "string" };
  if (c === 116 || c === 102) {
    const b = await reader.readBoolean(path);
    return { text: String(b), type: "boolean" };
  }
  const n = await reader.readNumber(path, "a param value (its stored text as a string, or a number or boolean)", true);
  return { text: numberText(n), type: "number" };
};

const readUnitField = async (reader: JsonReader, path: string): Promise<{ unit: string; at: FileLocation }> => {
  const at = await reader.here(path);
  return { unit: await reader.readString(path, "a unit (a string such as \"m/s\")"), at };
};

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

const decodeRunV1 = async (reader: JsonReader, path: string, lenient: boolean): Promise<RunEntry> => {
  const at = await reader.here(path);
  let id: string | undefined;
  let name: string | undefined;
  let nameAt: FileLocation | undefined;
  let status: RunStatus | undefined;
  let startTime: number | undefined;
  let endTime: number | undefined;
  let tags: Array<[string, string]> = [];
  let tagsAt = new Map<string, FileLocation>();
  const params: ParamEntry[] = [];
  const metrics: MetricEntry[] = [];
  const arrays: ArrayEntry[] = [];
  await reader.readObject(
    path,
    async (field, p) => {
      switch (field) {
        case "id":
          id = await reader.readString(p, "a string (the run id)");
          break;
        case "name":
          nameAt = await reader.here(p);
          name = await reader.readString(p, "a string (the run name)");
          break;
        case "status": {
          const statusAt = await reader.here(p);
          const s = await reader.readString(p, "a run status string");
          if (!isStatus(s)) throw reader.invalid(statusAt, `unknown run status "${s}" (expected one of: ${RUN_STATUSES.join(", ")})`);
          status = s;
          break;
        }
        case "startTime":
          startTime = await readTime(reader, p, false);
          break;
        case "endTime":
          endTime = await readTime(reader, p, true);
          break;
        case "tags":
          ({ entries: tags, at: tagsAt } = await readStringMap(reader, p, "tags"));
          break;
        case "params":
          await reader.readObject(p, async (key, pp) => void params.push(await decodeParamV1(reader, key, pp, lenient)), "an object of params");
          break;
        case "metrics":
          await reader.readObject(p, async (key, mp) => void metrics.push(await decodeMetricV1(reader, key, mp, lenient)), "an object of metrics");
          break;
        case "arrays":
          await reader.readArray(p, async (_, ap) => void arrays.push(await decodeArrayV1(reader, ap, lenient)), "an array of arrays");
          break;
        default:
          await unknownField(reader, p, field, RUN_FIELDS, lenient);
      }
    },
    "a run object",
  );
  params.sort(byKey((p) => p.key));
  metrics.sort(byKey((m) => m.key));
  return {
    id: required(reader, id, at, "id", "the run's id"),
    name: required(reader, name, at, "name", "the run's name"),
    status: required(reader, status, at, "status", RUN_STATUSES.join(" | ")),
    startTime: required(reader, startTime, at, "startTime", "ms since the Unix epoch"),
    endTime,
    tags,
    tagsAt,
    params,
    metrics,
    arrays,
    at,
    nameAt,
  };
};

const decodeHeaderV1 = async (reader: JsonReader, path: string, lenient: boolean): Promise<ExperimentHeader> => {
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

// --------------------------------------------------------------- format 0.x (migrated)

const decodeRunV0 = async (reader: JsonReader, path: string): Promise<RunEntry> => {
  const at = await reader.here(path);
  let id: string | undefined;
  let name: string | undefined;
  let nameAt: FileLocation | undefined;
  let status: RunStatus | undefined;
  let startTime: number | undefined;
  let endTime: number | undefined;
  let tags: Array<[string, string]> = [];
  let tagsAt = new Map<string, FileLocation>();
  const params: ParamEntry[] = [];
  const metrics: MetricEntry[] = [];
  await reader.readObject(
    path,
    async (field, p) => {
      switch (field) {
        case "id":
          id = await reader.readString(p);
          break;
        case "name":
          nameAt = await reader.here(p);
          name = await reader.readString(p);
          break;
        case "status": {
          const statusAt = await reader.here(p);
          const s = await reader.readString(p);
          if (!isStatus(s)) throw reader.invalid(statusAt, `unknown run status "${s}" (expected one of: ${RUN_STATUSES.join(", ")})`);
          status = s;
          break;
        }
        case "startTime":
          startTime = await readTime(reader, p, false);
          break;
        case "endTime":
          endTime = await readTime(reader, p, true);
          break;
        case "tags":
          ({ entries: tags, at: tagsAt } = await readStringMap(reader, p, "tags"));
          break;
        case "params":
          await reader.readObject(p, async (key, pp) => {
            const pAt = await reader.here(pp);
            let value: { text: string; type: ParamType } | undefined;
            let unit: string | undefined;
            let unitAt: FileLocation | undefined;
            await reader.readObject(pp, async (f, fp) => {
              if (f === "value") value = await paramText(reader, fp);
              else if (f === "unit") ({ unit, at: unitAt } = await readUnitField(reader, fp));
              else await unknownField(reader, fp, f, ["value", "unit"], false);
            });
            const v = required(reader, value, pAt, "value", "the param's value");
            params.push({ key, value: v.text, type: unit !== undefined ? "quantity" : v.type, unit, unitAt, at: pAt });
          });
          break;
        case "metrics":
          await reader.readObject(p, async (key, mp) => {
            const mAt = await reader.here(mp);
            let unit: string | undefined;
            let unitAt: FileLocation | undefined;
            let points: { steps: Float64Array; values: Float64Array; timestamps: Float64Array } | undefined;
            await reader.readObject(mp, async (f, fp) => {
              if (f === "unit") ({ unit, at: unitAt } = await readUnitField(reader, fp));
              else if (f === "points") points = await readTriples(reader, fp);
              else await unknownField(reader, fp, f, ["unit", "points"], false);
            });
            const pts = required(reader, points, mAt, "points", "[[step, value, timestamp], …]");
            if (pts.values.length === 0) throw reader.invalid(mAt, "a metric needs at least one point");
            metrics.push({ key, unit, unitAt, ...pts, at: mAt });
          });
          break;
        default:
          await unknownField(reader, p, field, ["id", "name", "status", "startTime", "endTime", "tags", "params", "metrics"], false);
      }
    },
    "a run object",
  );
  params.sort(byKey((p) => p.key));
  metrics.sort(byKey((m) => m.key));
  return {
    id: required(reader, id, at, "id", "the run's id"),
    name: required(reader, name, at, "name", "the run's name"),
    status: required(reader, status, at, "status", RUN_STATUSES.join(" | ")),
    startTime: required(reader, startTime, at, "startTime", "ms since the Unix epoch"),
    endTime,
    tags,
    tagsAt,
    params,
    metrics,
    arrays: [],
    at,
    nameAt,
  };
};

class Growable {
  data = new Float64Array(256);
  length = 0;
  push(x: number): void {
    if (this.length === this.data.length) {
      const grown = new Float64Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = x;
  }
  done(): Float64Array {
    return this.data.slice(0, this.length);
  }
}

const readTriples = async (reader: JsonReader, path: string) => {
  const steps = new Growable();
  const values = new Growable();
  const timestamps = new Growable();
  await reader.readArray(
    path,
    async (_, p) => {
      const at = await reader.here(p);
      const n = await reader.readArray(
        p,
        async (i, ip) => {
          const x = await reader.readNumber(ip, "a number", true);
          if (i === 0) steps.push(x);
          else if (i === 1) values.push(x);
          else if (i === 2) timestamps.push(x);
        },
        "a point [step, value, timestamp]",
      );
      if (n !== 3) throw reader.invalid(at, `a point is [step, value, timestamp]; this one has ${n} element(s)`);
    },
    "an array of points",
  );
  return { steps: steps.done(), values: values.done(), timestamps: timestamps.done() };
};

// --------------------------------------------------------------- dimtensor export (migrated)

const WANDB_STATUS: Readonly<Record<string, RunStatus>> = {
  finished: "FINISHED",
  running: "RUNNING",
  crashed: "FAILED",
  failed: "FAILED",
  killed: "KILLED",
  preempted: "KILLED",
  pending: "SCHEDULED",
};

/** Python's str() of a JSON value, as MLflow would have stored it. */
const foreignText = (value: JsonValue): string => {
  if (typeof value === "string") return value;
  if (typeof value === "number") return numberText(value);
  if (typeof value === "boolean") return value ? "True" : "False";
  if (value === null) return "None";
  return JSON.stringify(toPlain(value));
};

const toPlain = (value: JsonValue): unknown => {
  if (value instanceof Map) {
    const out: Record<string, unknown> = Object.create(null);
    for (const [k, v] of value) out[k] = toPlain(v);
    return out;
  }
  if (Array.isArray(value)) return value.map(toPlain);
  return typeof value === "number" && !Number.isFinite(value) ? numberText(value) : value;
};

const foreignTime = (reader: JsonReader, value: JsonValue, at: FileLocation, nullable: boolean): number | undefined => {
  if (value === null && nullable) return undefined;
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "string") {
    const t = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value}Z`);
    if (Number.isFinite(t)) return t;
  }
  throw reader.invalid(at, `expected a time (ms since the Unix epoch, or an ISO 8601 date), found ${JSON.stringify(toPlain(value))}`);
};

const decodeDimtensorRun = async (reader: JsonReader, path: string, warn: (text: string) => void): Promise<RunEntry> => {
  const at = await reader.here(path);
  const fields = new Map<string, { value: JsonValue; at: FileLocation }>();
  await reader.readObject(
    path,
    async (field, p) => {
      const fieldAt = await reader.here(p);
      fields.set(field, { value: await reader.readValue(p), at: fieldAt });
    },
    "a run object",
  );
  const get = (key: string) => fields.get(key);
  const str = (key: string): string | undefined => {
    const f = get(key);
    if (f === undefined || f.value === null) return undefined;
    if (typeof f.value !== "string") throw reader.invalid(f.at, `expected a string, found ${JSON.stringify(toPlain(f.value))}`);
    return f.value;
  };
  const map = (key: string): JsonObject => {
    const f = get(key);
    if (f === undefined || f.value === null) return new Map();
    if (!(f.value instanceof Map)) throw reader.invalid(f.at, `expected an object, found ${Array.isArray(f.value) ? "an array" : JSON.stringify(f.value)}`);
    return f.value;
  };
  const id = required(reader, str("run_id"), at, "run_id", "the run's id");
  const name = str("run_name") ?? id;
  const rawStatus = str("status") ?? "FINISHED";
  const status = isStatus(rawStatus) ? rawStatus : WANDB_STATUS[rawStatus.toLowerCase()];
  if (status === undefined) {
    throw reader.invalid(get("status")?.at ?? at, `unknown run status "${rawStatus}" (expected an MLflow status ${RUN_STATUSES.join(", ")} or a W&B state)`);
  }
  const startField = get("start_time");
  const startTime = foreignTime(reader, startField?.value ?? null, startField?.at ?? at, false) as number;
  const endField = get("end_time");
  const endTime = endField ? foreignTime(reader, endField.value, endField.at, true) : undefined;

  const tags = new Map<string, string>();
  const tagsAt = new Map<string, FileLocation>();
  const tagsField = get("tags");
  if (tagsField && Array.isArray(tagsField.value)) {
    // W&B tags are a list; dimtensor writes its own as "key:value"
    for (const t of tagsField.value) {
      const text = foreignText(t);
      const colon = text.indexOf(":");
      tags.set(colon > 0 ? text.slice(0, colon) : text, colon > 0 ? text.slice(colon + 1) : "");
    }
  } else {
    for (const [k, v] of map("tags")) {
      tags.set(k, foreignText(v));
      if (tagsField) tagsAt.set(k, tagsField.at);
    }
  }

  const rawParams = map("params");
  const rawMetrics = map("metrics");
  const params: ParamEntry[] = [];
  for (const [key, value] of rawParams) {
    // W&B: config["<name>_unit"] is the unit of <name>
    if (key.endsWith("_unit") && typeof value === "string") {
      const base = key.slice(0, -"_unit".length);
      if (rawParams.has(base) || rawMetrics.has(base)) {
        if (!tags.has(`unit.${base}`)) tags.set(`unit.${base}`, value);
        continue;
      }
    }
    params.push({ key, value: foreignText(value), at: get("params")?.at });
  }
  const metrics: MetricEntry[] = [];
  const pointTime = endTime ?? startTime;
  for (const [key, value] of rawMetrics) {
    if (key.endsWith("_shape") && typeof value === "string") {
      tags.set(`shape.${key.slice(0, -"_shape".length)}`, value);
      continue;
    }
    const number = typeof value === "number" ? value : typeof value === "string" ? specialNumber(value) : undefined;
    if (number === undefined) {
      warn(`${path}.metrics: "${key}" is not a number (${JSON.stringify(toPlain(value)).slice(0, 60)}); it was not imported`);
      continue;
    }
    metrics.push({
      key,
      steps: Float64Array.of(0),
      values: Float64Array.of(number),
      timestamps: Float64Array.of(pointTime),
      at: get("metrics")?.at,
    });
  }
  params.sort(byKey((p) => p.key));
  metrics.sort(byKey((m) => m.key));
  return {
    id,
    name,
    status,
    startTime,
    endTime,
    tags: [...tags].sort(byKey(([k]) => k)),
    tagsAt,
    params,
    metrics,
    arrays: [],
    at,
    nameAt: get("run_name")?.at,
  };
};

// --------------------------------------------------------------- top level

export const decodeExperimentJson = async (reader: JsonReader, handlers: DecodeHandlers): Promise<{ runs: number; info: FileInfo }> => {
  const file = reader.file;
  let format: string | undefined;
  let version: Version | undefined;
  let header: ExperimentHeader | undefined;
  let dimtensorName: string | undefined;
  let dimtensorNameAt: FileLocation | undefined;
  let sawDimtensorField = false;
  let runsRead: number | undefined;
  let info: FileInfo | undefined;
  const warn = handlers.onWarning ?? (() => undefined);
  const lenient = () => version !== undefined && version.major === FORMAT_MAJOR && version.minor > FORMAT_MINOR;

  const firstChar = await reader.peek();
  if (firstChar !== 123) {
    if (firstChar < 0) throw new FileFailure(malformedFile(file, { path: "$", line: 1, column: 1, offset: 0 }, "truncated", "the file is empty"));
    throw reader.invalid(await reader.here("$"), `expected an experiment file (a JSON object), found ${await reader.nextKind()}`);
  }

  await reader.readObject("$", async (key, path) => {
    switch (key) {
      case "format": {
        const at = await reader.here(path);
        format = await reader.readString(path);
        if (format !== FORMAT_NAME) throw wrongFormat(file, at, format);
        // our own files are strict JSON (README); only dimtensor's have bare NaN/Infinity
        reader.bareSpecialNumbers = false;
        return;
      }
      case "version": {
        const at = await reader.here(path);
        const text = await reader.readString(path, 'a version string such as "1.0"');
        version = checkVersion(file, at, text);
        if (version === undefined) throw reader.invalid(at, `expected a version "<major>.<minor>" such as "${FORMAT_VERSION}", found "${text}"`);
        return;
      }
      case "experiment": {
        if (version === undefined) throw reader.invalid(await reader.here(path), '"version" must come before "experiment"');
        if (version.major === 0) {
          const at = await reader.here(path);
          header = { name: await reader.readString(path, "a string (the experiment name)"), createdAt: undefined, tags: [], at };
        } else header = await decodeHeaderV1(reader, path, lenient());
        return;
      }
      case "experiment_name":
        sawDimtensorField = true;
        dimtensorNameAt = await reader.here(path);
        dimtensorName = await reader.readString(path, "a string (the experiment name)");
        return;
      case "backend":
        sawDimtensorField = true;
        await reader.readString(path, 'a string ("mlflow" or "wandb")');
        return;
      case "runs": {
        if (format !== undefined) {
          if (version === undefined) throw reader.invalid(await reader.here(path), '"version" must come before "runs"');
          if (header === undefined) throw reader.invalid(await reader.here(path), '"experiment" must come before "runs"');
          info = { kind: version.major === 0 ? "dimexp-0" : "dimexp", version: version.text };
        } else if (sawDimtensorField) {
          if (dimtensorName === undefined) throw reader.invalid(await reader.here(path), '"experiment_name" must come before "runs"');
          header = { name: dimtensorName, createdAt: undefined, tags: [], at: dimtensorNameAt };
          info = { kind: "dimtensor", version: "none" };
        } else {
          throw reader.invalid(
            await reader.here(path),
            `no "format" and "version" before "runs": this is neither a ${FORMAT_NAME} file nor a dimtensor experiment export`,
          );
        }
        await handlers.onHeader(header as ExperimentHeader, info);
        const kind = info.kind;
        runsRead = await reader.readArray(
          path,
          async (index, runPath) => {
            const run =
              kind === "dimexp"
                ? await decodeRunV1(reader, runPath, lenient())
                : kind === "dimexp-0"
                  ? await decodeRunV0(reader, runPath)
                  : await decodeDimtensorRun(reader, runPath, warn);
            await handlers.onRun(run, index);
          },
          "an array of runs",
        );
        return;
      }
      case "data":
      case "unit":
      case "dtype":
        if (format === undefined && !sawDimtensorField) {
          throw reader.invalid(
            await reader.here(path),
            "this looks like a dimtensor DimArray file (it has \"data\" and \"unit\"), not an experiment: read it with readDimArrayJson()",
          );
        }
        await unknownField(reader, path, key, ["format", "version", "experiment", "runs"], lenient() || sawDimtensorField);
        return;
      default:
        await unknownField(reader, path, key, ["format", "version", "experiment", "runs"], lenient() || (sawDimtensorField && format === undefined));
    }
  });
  await reader.end();
  if (runsRead === undefined || info === undefined) {
    const at: FileLocation = { path: "$" };
    if (format === undefined && !sawDimtensorField) throw reader.invalid(at, `missing "format": this is not a ${FORMAT_NAME} file or a dimtensor experiment export`);
    if (format !== undefined && version === undefined) throw reader.invalid(at, 'missing the field "version"');
    if (header === undefined && !sawDimtensorField) throw reader.invalid(at, 'missing the field "experiment"');
    throw reader.invalid(at, 'missing the field "runs"');
  }
  return { runs: runsRead, info };
};
