// The one run decoder the dimexp formats share (1.x and the 0.x draft): the
// run's own fields — id, name, status, times, tags — are read here, and the
// format supplies how a param, a metric and (1.x only) an array is spelled.

import { RUN_STATUSES, type RunStatus } from "@dimexp/core";
import type { FileLocation } from "../../errors.js";
import type { JsonReader } from "../json-reader.js";
import { type ArrayEntry, type MetricEntry, type ParamEntry, type RunEntry, byKey } from "../model.js";
import { isStatus, readStringMap, readTime, required, unknownField } from "./fields.js";

export interface RunFormat {
  /** the run fields the format knows, named when a file has another */
  readonly fields: readonly string[];
  /** skip unknown fields (a newer minor version) instead of refusing them */
  readonly lenient: boolean;
  param(reader: JsonReader, key: string, path: string): Promise<ParamEntry>;
  metric(reader: JsonReader, key: string, path: string): Promise<MetricEntry>;
  /** absent when the format has no arrays: "arrays" is then an unknown field */
  array?(reader: JsonReader, path: string): Promise<ArrayEntry>;
}

export const decodeRun = async (reader: JsonReader, path: string, format: RunFormat): Promise<RunEntry> => {
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
  const decodeArray = format.array;
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
          await reader.readObject(p, async (key, pp) => void params.push(await format.param(reader, key, pp)), "an object of params");
          break;
        case "metrics":
          await reader.readObject(p, async (key, mp) => void metrics.push(await format.metric(reader, key, mp)), "an object of metrics");
          break;
        case "arrays":
          if (decodeArray === undefined) await unknownField(reader, p, field, format.fields, format.lenient);
          else await reader.readArray(p, async (_, ap) => void arrays.push(await decodeArray(reader, ap)), "an array of arrays");
          break;
        default:
          await unknownField(reader, p, field, format.fields, format.lenient);
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
