// How runs read in plain (non --json) output: values with the unit they were
// logged in, six significant digits (the JSON output has every digit).

import type { RunJson } from "@dimexp/core";

/** 6 significant digits, trailing zeros dropped; exponents outside [0.001, 10⁶): 0.0123457, 17570.3, 5.16646e-5, 4.01e7. */
export const shortNumber = (value: number | string | boolean): string => {
  if (typeof value !== "number") return String(value);
  if (!Number.isFinite(value) || value === 0) return String(value);
  const magnitude = Math.abs(value);
  if (magnitude >= 1e6 || magnitude < 1e-3) {
    const [mantissa, exponent] = value.toExponential(5).split("e") as [string, string];
    return `${Number(mantissa)}e${Number(exponent)}`;
  }
  return String(Number(value.toPrecision(6)));
};

export const withUnit = (value: number | string | boolean, unit: string | undefined): string =>
  unit === undefined || unit === "" || unit === "1" ? shortNumber(value) : `${shortNumber(value)} ${unit}`;

export const paramText = (p: RunJson["params"][string]): string =>
  typeof p.value === "string" && p.unit === undefined ? p.value : withUnit(p.value, p.unit);

export const metricText = (m: RunJson["metrics"][string]): string => withUnit(m.value, m.unit);

/** ISO 8601 in UTC, to the second: 2025-11-27T07:01:12Z. */
export const timeText = (ms: number | undefined): string =>
  ms === undefined || !Number.isFinite(ms) ? "-" : new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

/** 850 ms, 12.3 s, 4 min 5 s, 2 h 3 min. */
export const durationText = (ms: number): string => {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${Number(s.toPrecision(3))} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${Math.round(s - m * 60)} s`;
  const h = Math.floor(m / 60);
  return `${h} h ${m - h * 60} min`;
};
