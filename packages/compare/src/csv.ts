// RFC 4180 CSV: a header line, comma-separated, fields quoted when they hold a
// comma, a quote or a line break; lines end with \r\n as the RFC says (pandas,
// DuckDB, Polars and spreadsheets all read it). NaN and missing values are
// empty fields, ±Infinity are "Infinity"/"-Infinity" (Python's float() reads both).

type Cell = string | number | boolean | null | undefined;

const field = (value: Cell): string => {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isNaN(value) ? "" : String(value);
  if (typeof value === "boolean") return value ? "true" : "false";
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
};

export const toCsv = <Row extends object>(rows: readonly Row[], columns: readonly (keyof Row & string)[]): string => {
  const lines = [columns.map((c) => field(c)).join(",")];
  for (const row of rows) lines.push(columns.map((c) => field(row[c] as Cell)).join(","));
  return `${lines.join("\r\n")}\r\n`;
};
