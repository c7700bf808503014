import { jsonNumberValue } from "@dimexp/core";
import type { JsonNumber } from "./api-types.js";

/** JSON has no NaN or ±Infinity (JSON.stringify would print null) and loses -0: those travel as strings (core's codec). */
export const jsonNumber = (value: number): JsonNumber => jsonNumberValue(value);

export const jsonNumbers = (values: Float64Array): JsonNumber[] => {
  const out: JsonNumber[] = new Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = jsonNumber(values[i] as number);
  return out;
};
