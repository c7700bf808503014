// The one codec for doubles in JSON. JSON has no NaN or ±Infinity, and
// JSON.stringify writes -0 as 0 and NaN as null, so every format we speak
// needs the same decisions made once:
//
//   dialect "json"    strictly valid JSON: NaN, Infinity, -Infinity as the
//                     strings "NaN", "Infinity", "-Infinity" (dimexp JSON
//                     files; MLflow's protobuf JSON spells them the same way).
//   dialect "python"  Python's json module and wandb's Go core: the bare tokens
//                     NaN, Infinity, -Infinity (W&B history and summary JSON).
//
// Both write -0 as `-0.0`: a JSON number that JSON.parse and Python's json
// read back as negative zero. Every other double is the shortest text that
// reads back to the same double (ECMAScript's Number#toString).
//
// For JSON built as JavaScript values and stringified afterwards (the CLI's
// --json output, the dashboard API), `jsonNumberValue` leaves plain numbers
// alone and turns the rest into the strings "NaN", "Infinity", "-Infinity"
// and "-0", which Number() and Python's float() both read back exactly.

export type JsonNumberDialect = "json" | "python";

/** The strings `jsonNumberValue` uses for the doubles a JSON number cannot hold. */
export type SpecialNumberText = "NaN" | "Infinity" | "-Infinity" | "-0";

/** The JSON text of one double, exactly (see the dialects above). */
export const jsonNumberText = (x: number, dialect: JsonNumberDialect = "json"): string => {
  if (x === 0) return 1 / x < 0 ? "-0.0" : "0";
  if (Number.isFinite(x)) return String(x);
  const token = Number.isNaN(x) ? "NaN" : x > 0 ? "Infinity" : "-Infinity";
  return dialect === "python" ? token : `"${token}"`;
};

/** A double as a value for JSON.stringify: the number itself, or its exact text when JSON would lose it. */
export const jsonNumberValue = (x: number): number | SpecialNumberText => {
  if (x === 0) return 1 / x < 0 ? "-0" : 0;
  if (Number.isFinite(x)) return x;
  return Number.isNaN(x) ? "NaN" : x > 0 ? "Infinity" : "-Infinity";
};

/**
 * A number read from JSON: a number as it is, and the strings any of our
 * writers (or Python's repr: "nan", "inf", "-inf") use for the others;
 * undefined for anything else.
 */
export const readJsonNumber = (value: unknown): number | undefined => {
  if (typeof value === "number") return value;
  if (typeof value !== "string") return undefined;
  switch (value) {
    case "NaN":
    case "nan":
      return Number.NaN;
    case "Infinity":
    case "inf":
      return Number.POSITIVE_INFINITY;
    case "-Infinity":
    case "-inf":
      return Number.NEGATIVE_INFINITY;
    case "-0":
    case "-0.0":
      return -0;
    default:
      return undefined;
  }
};

/**
 * JSON.stringify that writes every number with `jsonNumberText` (so -0, NaN and
 * ±Infinity survive) and otherwise behaves like JSON.stringify without
 * indentation: undefined and functions are skipped in objects and are null in
 * arrays, toJSON is honoured.
 */
export const stringifyJson = (value: unknown, dialect: JsonNumberDialect = "json"): string => {
  if (typeof value === "number") return jsonNumberText(value, dialect);
  if (value === null || value === undefined || typeof value === "function" || typeof value === "symbol") return "null";
  if (typeof value === "string" || typeof value === "boolean") return JSON.stringify(value);
  if (typeof value === "bigint") return String(value);
  if (typeof (value as { toJSON?: unknown }).toJSON === "function") return stringifyJson((value as { toJSON: () => unknown }).toJSON(), dialect);
  if (Array.isArray(value)) return `[${value.map((v) => stringifyJson(v, dialect)).join(",")}]`;
  const parts: string[] = [];
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (v === undefined || typeof v === "function" || typeof v === "symbol") continue;
    parts.push(`${JSON.stringify(k)}:${stringifyJson(v, dialect)}`);
  }
  return `{${parts.join(",")}}`;
};
