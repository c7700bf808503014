// Python dimtensor's DimExperiment.export(), migrated on reading: no
// version, snake_case run fields, MLflow or W&B statuses and times, and only
// each metric's latest value (it becomes one point). W&B's "<name>_unit"
// config entries become unit tags; a value that is not a number is skipped
// with a warning, never silently.

import { type RunStatus, RUN_STATUSES, numberText } from "@dimexp/core";
import type { FileLocation } from "../../errors.js";
import { type JsonObject, type JsonReader, type JsonValue, specialNumber } from "../json-reader.js";
import { type MetricEntry, type ParamEntry, type RunEntry, byKey } from "../model.js";
import { isStatus, required } from "./fields.js";

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

export const decodeDimtensorRun = async (reader: JsonReader, path: string, warn: (text: string) => void): Promise<RunEntry> => {
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

