// Field readers every experiment-file format shares: string maps (tags),
// times, units, param values, required and unknown fields. Each throws the
// reader's located error, so a message names the JSON path, line and column.

import { type ParamType, RUN_STATUSES, type RunStatus, numberText } from "@dimexp/core";
import type { FileLocation } from "../../errors.js";
import type { JsonReader } from "../json-reader.js";
import { byKey } from "../model.js";

export const isStatus = (s: string): s is RunStatus => (RUN_STATUSES as readonly string[]).includes(s);

export const readStringMap = async (
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

export const readTime = async (reader: JsonReader, path: string, nullable: boolean): Promise<number | undefined> => {
  if (nullable && (await reader.readNullIfPresent(path))) return undefined;
  const at = await reader.here(path);
  const t = await reader.readNumber(path, nullable ? "a time in ms since the Unix epoch, or null" : "a time in ms since the Unix epoch");
  if (!Number.isFinite(t)) throw reader.invalid(at, `expected a finite time in ms since the Unix epoch, found ${t}`);
  return t;
};

export const required = <T>(reader: JsonReader, value: T | undefined, at: FileLocation, field: string, what: string): T => {
  if (value === undefined) throw reader.invalid(at, `missing the field "${field}" (${what})`);
  return value;
};

/** Skips a field a newer minor version added (`lenient`), or refuses it naming the known ones. */
export const unknownField = async (reader: JsonReader, path: string, key: string, known: readonly string[], lenient: boolean): Promise<void> => {
  if (lenient) {
    await reader.skipValue(path);
    return;
  }
  const at = await reader.here(path);
  throw reader.invalid(at, `unknown field "${key}" (expected one of: ${known.join(", ")})`);
};

/** A param value as its stored text: a string as is, a number or boolean as core would write it. */
export const paramText = async (reader: JsonReader, path: string): Promise<{ text: string; type: ParamType }> => {
  const c = await reader.peek();
  if (c === 34) return { text: await reader.readString(path), type: "string" };
  if (c === 116 || c === 102) {
    const b = await reader.readBoolean(path);
    return { text: String(b), type: "boolean" };
  }
  const n = await reader.readNumber(path, "a param value (its stored text as a string, or a number or boolean)", true);
  return { text: numberText(n), type: "number" };
};

export const readUnitField = async (reader: JsonReader, path: string): Promise<{ unit: string; at: FileLocation }> => {
  const at = await reader.here(path);
  return { unit: await reader.readString(path, "a unit (a string such as \"m/s\")"), at };
};
