// Everything a command prints goes through here: plain lines for people,
// one line of JSON for programs (`--json`), aligned tables.

import type { CliIo } from "./io.js";

export const writeLine = (io: CliIo, text = ""): void => io.stdout(`${text}\n`);

export const writeLines = (io: CliIo, lines: readonly string[]): void => {
  if (lines.length > 0) io.stdout(`${lines.join("\n")}\n`);
};

/** One line of JSON, so `--json` output works with `jq` and line-oriented tools. */
export const writeJson = (io: CliIo, value: unknown): void => io.stdout(`${JSON.stringify(value)}\n`);

/**
 * A number for JSON output. JSON has no NaN or Infinity (JSON.stringify would
 * silently print null), so non-finite values become the strings "NaN",
 * "Infinity" and "-Infinity", which JavaScript's Number() and Python's float()
 * both read back.
 */
export const jsonNumber = (value: number): number | string => (Number.isFinite(value) ? value : String(value));

/** Shortest text that reads back as the same double: 3.2808398950131235, 1e-7, NaN. */
export const formatNumber = (value: number): string => String(value);

const width = (text: string): number => [...text].length;

/**
 * Rows as aligned columns separated by two spaces; trailing spaces trimmed.
 * Widths count code points, which is right for the symbols in the unit table
 * (Ω, µ, Å) though not for wide CJK characters.
 */
export const formatTable = (rows: ReadonlyArray<readonly string[]>, indent = ""): string[] => {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, width(cell));
    });
  }
  return rows.map((row) =>
    (indent + row.map((cell, i) => (i === row.length - 1 ? cell : cell + " ".repeat((widths[i] ?? 0) - width(cell)))).join("  ")).trimEnd(),
  );
};
