// Values for people: six significant digits (the CLI's rule), the unit after a thin gap.

import type { Cell, JsonNumber } from "@dimexp/cli/ui";

export const shortNumber = (value: JsonNumber | string | boolean): string => {
  if (typeof value !== "number") return String(value);
  if (!Number.isFinite(value) || value === 0) return String(value);
  const magnitude = Math.abs(value);
  if (magnitude >= 1e6 || magnitude < 1e-3) {
    const [mantissa, exponent] = value.toExponential(5).split("e") as [string, string];
    return `${Number(mantissa)}e${Number(exponent)}`;
  }
  return String(Number(value.toPrecision(6)));
};

export const cellTitle = (cell: Cell): string => {
  const parts: string[] = [];
  if (typeof cell.value === "number") parts.push(`${cell.value}${cell.unit ? ` ${cell.unit}` : ""}`);
  if (cell.logged) parts.push(`logged as ${cell.logged.value}${cell.logged.unit ? ` ${cell.logged.unit}` : ""}`);
  if (cell.conversionError) parts.push(cell.conversionError);
  if (cell.step !== undefined) parts.push(`step ${cell.step}`);
  return parts.join("\n");
};

export const timeAgo = (ms: number, now = Date.now()): string => {
  const s = Math.max(0, Math.round((now - ms) / 1000));
  if (s < 60) return `${s} s ago`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min ago`;
  const h = Math.round(m / 60);
  if (h < 48) return `${h} h ago`;
  return new Date(ms).toISOString().slice(0, 10);
};
