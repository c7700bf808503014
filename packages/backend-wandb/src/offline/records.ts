// The `wandb_internal.Record` messages an offline run is made of (field
// numbers from wandb/proto/wandb_internal.proto): header, run, config,
// history, summary, files and exit. Values travel as JSON text (`value_json`), as
// the SDK writes them; config values are unwrapped (W&B wraps them in
// {"value": …} when it uploads).

import { type JsonValue, parseJson, stringifyJson } from "../internal/json.js";
import { ProtoWriter, asBytes, asInt, asInt32, asString, readFields } from "./protobuf.js";

const RECORD = { num: 1, history: 2, summary: 3, config: 5, files: 6, run: 17, exit: 18, uuid: 19, header: 21 } as const;

export interface RunRecordFields {
  readonly runId: string;
  readonly entity: string;
  readonly project: string;
  readonly config?: ReadonlyArray<readonly [string, JsonValue]>;
  readonly group?: string | null;
  readonly jobType?: string;
  readonly displayName?: string;
  readonly notes?: string;
  readonly tags?: readonly string[];
  readonly host?: string;
  /** ms since the epoch */
  readonly startTime?: number;
}

/** Adds ConfigItem/SummaryItem messages {key = 1, value_json = 16} as `field`. */
const keyed = (writer: ProtoWriter, field: number, entries: ReadonlyArray<readonly [string, JsonValue]>) => {
  for (const [key, value] of entries) writer.message(field, new ProtoWriter().string(1, key).string(16, stringifyJson(value)));
  return writer;
};

const wrap = (num: number, field: number, body: ProtoWriter, uuid?: string): Uint8Array => {
  const record = new ProtoWriter().int(RECORD.num, num).message(field, body);
  if (uuid !== undefined) record.string(RECORD.uuid, uuid);
  return record.finish();
};

export const headerRecord = (num: number, producer: string): Uint8Array =>
  wrap(num, RECORD.header, new ProtoWriter().message(1, new ProtoWriter().string(1, producer)));

export const runRecord = (num: number, run: RunRecordFields): Uint8Array => {
  const body = new ProtoWriter().string(1, run.runId).string(2, run.entity).string(3, run.project);
  if (run.config && run.config.length > 0) body.message(4, keyed(new ProtoWriter(), 1, run.config));
  if (run.group) body.string(6, run.group);
  if (run.jobType) body.string(7, run.jobType);
  if (run.displayName !== undefined) body.string(8, run.displayName);
  if (run.notes) body.string(9, run.notes);
  for (const tag of run.tags ?? []) body.string(10, tag);
  if (run.host) body.string(13, run.host);
  if (run.startTime !== undefined) {
    const seconds = Math.floor(run.startTime / 1000);
    const nanos = Math.round((run.startTime - seconds * 1000) * 1e6);
    body.message(17, new ProtoWriter().int(1, seconds).int(2, nanos));
  }
  return wrap(num, RECORD.run, body);
};

export const configRecord = (num: number, update: ReadonlyArray<readonly [string, JsonValue]>, remove: readonly string[] = [], uuid?: string): Uint8Array => {
  const body = keyed(new ProtoWriter(), 1, update);
  for (const key of remove) body.message(2, new ProtoWriter().string(1, key));
  return wrap(num, RECORD.config, body, uuid);
};

export const summaryRecord = (num: number, update: ReadonlyArray<readonly [string, JsonValue]>, remove: readonly string[] = [], uuid?: string): Uint8Array => {
  const body = keyed(new ProtoWriter(), 1, update);
  for (const key of remove) body.message(2, new ProtoWriter().string(1, key));
  return wrap(num, RECORD.summary, body, uuid);
};

/** A history record: items {key, value_json} and the step, as the SDK writes them. */
export const historyItemsRecord = (num: number, items: ReadonlyArray<readonly [string, string]>, step: number, uuid?: string): Uint8Array => {
  const body = new ProtoWriter();
  for (const [key, valueJson] of items) body.message(1, new ProtoWriter().string(1, key).string(16, valueJson));
  body.message(2, step === 0 ? new ProtoWriter() : new ProtoWriter().int(1, step));
  return wrap(num, RECORD.history, body, uuid);
};

/** A history record from a history line (a JSON object with _step), its items in the line's order. */
export const historyRecord = (num: number, line: string, uuid?: string): Uint8Array => {
  const row = parseJson(line) as Record<string, JsonValue>;
  const step = typeof row._step === "number" ? row._step : 0;
  return historyItemsRecord(num, Object.entries(row).map(([key, value]) => [key, stringifyJson(value)] as const), step, uuid);
};

/**
 * A Files record: run files (paths relative to the run folder's files/) that
 * `wandb sync` uploads — FilesItem {path = 1}, policy NOW (0, left out), as
 * the SDK writes for wandb.save(policy="now").
 */
export const filesRecord = (num: number, paths: readonly string[], uuid?: string): Uint8Array => {
  const body = new ProtoWriter();
  for (const p of paths) body.message(1, new ProtoWriter().string(1, p));
  return wrap(num, RECORD.files, body, uuid);
};

export const exitRecord = (num: number, exitCode: number, runtimeSeconds: number): Uint8Array => {
  const body = new ProtoWriter();
  if (exitCode !== 0) body.int(1, exitCode);
  body.int(2, Math.max(0, Math.round(runtimeSeconds)));
  return wrap(num, RECORD.exit, body);
};

// ------------------------------------------------------------------ decoding

export interface DecodedRun {
  runId: string;
  entity: string;
  project: string;
  group: string | null;
  jobType: string;
  displayName: string;
  notes: string;
  tags: string[];
  host: string;
  /** ms since the epoch */
  startTime: number;
  config: Array<[string[], JsonValue]>;
}

export type DecodedRecord =
  | { readonly type: "header"; readonly num: number; readonly producer: string }
  | { readonly type: "run"; readonly num: number; readonly run: DecodedRun }
  | { readonly type: "config" | "summary"; readonly num: number; readonly uuid: string; readonly update: Array<[string[], JsonValue]>; readonly remove: string[][] }
  | { readonly type: "history"; readonly num: number; readonly uuid: string; readonly items: Array<[string[], JsonValue]>; readonly step: number }
  | { readonly type: "files"; readonly num: number; readonly uuid: string; readonly paths: string[] }
  | { readonly type: "exit"; readonly num: number; readonly exitCode: number; readonly runtime: number }
  | { readonly type: "other"; readonly num: number; readonly field: number };

/** key / nested_key / value_json of a ConfigItem, SummaryItem or HistoryItem. */
const decodeItem = (bytes: Uint8Array): [string[], JsonValue] => {
  let key: string | undefined;
  const nested: string[] = [];
  let valueJson = "null";
  for (const f of readFields(bytes)) {
    if (f.field === 1) key = asString(f.value);
    else if (f.field === 2) nested.push(asString(f.value));
    else if (f.field === 16) valueJson = asString(f.value);
  }
  return [key !== undefined && key !== "" ? [key] : nested, parseJson(valueJson)];
};

export const decodeRecord = (bytes: Uint8Array): DecodedRecord => {
  const fields = readFields(bytes);
  let num = 0;
  let uuid = "";
  let body: { field: number; bytes: Uint8Array } | undefined;
  for (const f of fields) {
    if (f.field === RECORD.num) num = asInt(f.value);
    else if (f.field === RECORD.uuid) uuid = asString(f.value);
    else if (f.wire === 2 && f.field !== 16 && f.field !== 200) body = { field: f.field, bytes: asBytes(f.value) };
  }
  if (!body) return { type: "other", num, field: 0 };
  const inner = readFields(body.bytes);
  switch (body.field) {
    case RECORD.header: {
      const info = inner.find((f) => f.field === 1);
      const producer = info ? readFields(asBytes(info.value)).find((f) => f.field === 1) : undefined;
      return { type: "header", num, producer: producer ? asString(producer.value) : "" };
    }
    case RECORD.run: {
      const run: DecodedRun = { runId: "", entity: "", project: "", group: null, jobType: "", displayName: "", notes: "", tags: [], host: "", startTime: 0, config: [] };
      for (const f of inner) {
        if (f.field === 1) run.runId = asString(f.value);
        else if (f.field === 2) run.entity = asString(f.value);
        else if (f.field === 3) run.project = asString(f.value);
        else if (f.field === 4) {
          for (const c of readFields(asBytes(f.value))) if (c.field === 1) run.config.push(decodeItem(asBytes(c.value)));
        } else if (f.field === 6) run.group = asString(f.value);
        else if (f.field === 7) run.jobType = asString(f.value);
        else if (f.field === 8) run.displayName = asString(f.value);
        else if (f.field === 9) run.notes = asString(f.value);
        else if (f.field === 10) run.tags.push(asString(f.value));
        else if (f.field === 13) run.host = asString(f.value);
        else if (f.field === 17) {
          let seconds = 0;
          let nanos = 0;
          for (const t of readFields(asBytes(f.value))) {
            if (t.field === 1) seconds = asInt(t.value);
            else if (t.field === 2) nanos = asInt32(t.value);
          }
          run.startTime = seconds * 1000 + nanos / 1e6;
        }
      }
      return { type: "run", num, run };
    }
    case RECORD.config:
    case RECORD.summary: {
      const update: Array<[string[], JsonValue]> = [];
      const remove: string[][] = [];
      for (const f of inner) {
        if (f.field === 1) update.push(decodeItem(asBytes(f.value)));
        else if (f.field === 2) remove.push(decodeItem(asBytes(f.value))[0]);
      }
      return { type: body.field === RECORD.config ? "config" : "summary", num, uuid, update, remove };
    }
    case RECORD.history: {
      const items: Array<[string[], JsonValue]> = [];
      let step = 0;
      for (const f of inner) {
        if (f.field === 1) items.push(decodeItem(asBytes(f.value)));
        else if (f.field === 2) {
          for (const s of readFields(asBytes(f.value))) if (s.field === 1) step = asInt(s.value);
        }
      }
      return { type: "history", num, uuid, items, step };
    }
    case RECORD.files: {
      const paths: string[] = [];
      for (const f of inner) {
        if (f.field !== 1) continue;
        for (const item of readFields(asBytes(f.value))) if (item.field === 1) paths.push(asString(item.value));
      }
      return { type: "files", num, uuid, paths };
    }
    case RECORD.exit: {
      let exitCode = 0;
      let runtime = 0;
      for (const f of inner) {
        if (f.field === 1) exitCode = asInt32(f.value);
        else if (f.field === 2) runtime = asInt32(f.value);
      }
      return { type: "exit", num, exitCode, runtime };
    }
    default:
      return { type: "other", num, field: body.field };
  }
};
