// dimexp-experiment 0.x, the pre-release draft, migrated on reading: params
// are plain values with an optional unit (a unit makes it a quantity), metrics
// are [step, value, timestamp] triples, there are no arrays, and no field
// beyond the draft's is accepted.

import type { ParamType } from "@dimexp/core";
import type { FileLocation } from "../../errors.js";
import { Growable } from "../growable.js";
import type { JsonReader } from "../json-reader.js";
import type { MetricEntry, ParamEntry, RunEntry } from "../model.js";
import { paramText, readUnitField, required, unknownField } from "./fields.js";
import { decodeRun } from "./run-decoder.js";

const RUN_FIELDS = ["id", "name", "status", "startTime", "endTime", "tags", "params", "metrics"];

const decodeParamV0 = async (reader: JsonReader, key: string, path: string): Promise<ParamEntry> => {
  const at = await reader.here(path);
  let value: { text: string; type: ParamType } | undefined;
  let unit: string | undefined;
  let unitAt: FileLocation | undefined;
  await reader.readObject(path, async (f, fp) => {
    if (f === "value") value = await paramText(reader, fp);
    else if (f === "unit") ({ unit, at: unitAt } = await readUnitField(reader, fp));
    else await unknownField(reader, fp, f, ["value", "unit"], false);
  });
  const v = required(reader, value, at, "value", "the param's value");
  return { key, value: v.text, type: unit !== undefined ? "quantity" : v.type, unit, unitAt, at };
};

const decodeMetricV0 = async (reader: JsonReader, key: string, path: string): Promise<MetricEntry> => {
  const at = await reader.here(path);
  let unit: string | undefined;
  let unitAt: FileLocation | undefined;
  let points: { steps: Float64Array; values: Float64Array; timestamps: Float64Array } | undefined;
  await reader.readObject(path, async (f, fp) => {
    if (f === "unit") ({ unit, at: unitAt } = await readUnitField(reader, fp));
    else if (f === "points") points = await readTriples(reader, fp);
    else await unknownField(reader, fp, f, ["unit", "points"], false);
  });
  const pts = required(reader, points, at, "points", "[[step, value, timestamp], …]");
  if (pts.values.length === 0) throw reader.invalid(at, "a metric needs at least one point");
  return { key, unit, unitAt, ...pts, at };
};

const readTriples = async (reader: JsonReader, path: string) => {
  const steps = new Growable(256);
  const values = new Growable(256);
  const timestamps = new Growable(256);
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

export const decodeRunV0 = (reader: JsonReader, path: string): Promise<RunEntry> =>
  decodeRun(reader, path, {
    fields: RUN_FIELDS,
    lenient: false,
    param: decodeParamV0,
    metric: decodeMetricV0,
  });
