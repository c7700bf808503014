// JSON as W&B speaks it. Python's json module (and wandb's Go core) write the
// bare tokens NaN, Infinity and -Infinity; metric values need them, and -0
// must stay -0 (written "-0.0", which Python also reads as a float): core's
// JSON number codec in its "python" dialect. A strict JSON.parse rejects the
// tokens, so reading falls back to a tolerant parse.

import { jsonNumberText, readJsonNumber, stringifyJson as stringifyWithNumbers } from "@dimexp/core";

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** A number as a W&B JSON token: NaN, Infinity, -Infinity, -0.0 or the shortest round-trip text. */
export const numberToken = (value: number): string => jsonNumberText(value, "python");

/** JSON.stringify that keeps NaN, ±Infinity and -0 (as Python writes them). */
export const stringifyJson = (value: unknown): string => stringifyWithNumbers(value, "python");

const SENTINEL = "\u0000dimexp-nonfinite:";
const TOKENS = /"(?:[^"\\]|\\.)*"|-?Infinity|NaN/g;

const revive = (_key: string, value: unknown): unknown => {
  if (typeof value === "string" && value.startsWith(SENTINEL)) {
    const token = value.slice(SENTINEL.length);
    return token === "NaN" ? Number.NaN : token === "Infinity" ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
  }
  return value;
};

/** Parses JSON that may hold Python's NaN/Infinity/-Infinity tokens. Throws on anything else invalid. */
export const parseJson = (text: string): JsonValue => {
  try {
    return JSON.parse(text) as JsonValue;
  } catch (error) {
    if (!/NaN|Infinity/.test(text)) throw error;
    // the sentinel's NUL goes in escaped: a raw control character is not allowed in a JSON string
    const quoted = text.replace(TOKENS, (match) => (match.startsWith('"') ? match : `"\\u0000dimexp-nonfinite:${match}"`));
    return JSON.parse(quoted, revive) as JsonValue;
  }
};

/** parseJson, or undefined when the text is not JSON. */
export const tryParseJson = (text: string | undefined | null): JsonValue | undefined => {
  if (text === undefined || text === null) return undefined;
  try {
    return parseJson(text);
  } catch {
    return undefined;
  }
};

export const isJsonObject = (value: unknown): value is { [key: string]: JsonValue } =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * An empty object for keys that are data: no prototype, so a config or
 * summary key "__proto__", "constructor" or "toString" (a foreign run may
 * have any) is an own entry, never Object.prototype's.
 */
export const dataRecord = <V = JsonValue>(): Record<string, V> => Object.create(null) as Record<string, V>;

/** An own property whatever the key (plain assignment of "__proto__" would set the prototype instead). */
export const setOwn = <V>(target: Record<string, V>, key: string, value: V): void => {
  Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
};

/** The entry when it is the object's own, undefined when absent or inherited ("toString"). */
export const ownEntry = <V>(target: Readonly<Record<string, V>>, key: string): V | undefined => (Object.hasOwn(target, key) ? target[key] : undefined);

/** A JSON value read as a metric number: numbers, and the strings "NaN"/"Infinity"/"-Infinity" some writers use. */
export const asMetricNumber = (value: unknown): number | undefined => readJsonNumber(value);
