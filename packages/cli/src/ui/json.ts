import type { JsonNumber } from "./api-types.js";

/** JSON has no NaN or ±Infinity (JSON.stringify would print null): they travel as strings. */
export const jsonNumber = (value: number): JsonNumber =>
  Number.isFinite(value) ? value : Number.isNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity";

export const jsonNumbers = (values: Float64Array): JsonNumber[] => {
  const out: JsonNumber[] = new Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = jsonNumber(values[i] as number);
  return out;
};
