// JSON as W&B speaks it. Python's json module (and wandb's Go core) write the
// bare tokens NaN, Infinity and -Infinity; metric values need them, and -0
// must stay -0 (written "-0.0", which Python also reads as a float). A strict
// JSON.parse rejects the tokens, so reading falls back to a tolerant parse.

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** A number as a W&B JSON token: NaN, Infinity, -Infinity, -0.0 or the shortest round-trip text. */
export const numberToken = (value: number): string => {
  if (value === 0) return Object.is(value, -0) ? "-0.0" : "0";
  if (Number.isFinite(value)) return String(value);
  if (Number.isNaN(value)) return "NaN";
  return value > 0 ? "Infinity" : "-Infinity";
};

/** JSON.stringify that keeps NaN, ±Infinity and -0 (as Python writes them). */
export const stringifyJson = (value: unknown): string => {
  if (typeof value === "number") return numberToken(value);
  if (value === null || value === undefined) return "null";
  if (typeof value === "string" || typeof value === "boolean") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? "null" : stringifyJson(v))).join(",")}]`;
  if (typeof value === "object") {
    const parts: string[] = [];
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (v === undefined || typeof v === "function") continue;
      parts.push(`${JSON.stringify(k)}:${stringifyJson(v)}`);
    }
    return `{${parts.join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
};

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

/** A JSON value read as a metric number: numbers, and the strings "NaN"/"Infinity"/"-Infinity" some writers use. */
export const asMetricNumber = (value: unknown): number | undefined => {
  if (typeof value === "number") return value;
  if (value === "NaN" || value === "nan") return Number.NaN;
  if (value === "Infinity" || value === "inf") return Number.POSITIVE_INFINITY;
  if (value === "-Infinity" || value === "-inf") return Number.NEGATIVE_INFINITY;
  return undefined;
};
