// Everything a command prints goes through here: plain lines for people,
// one line of JSON for programs (`--json`), aligned tables.
//
// Run names, params, tags and messages come from stores that other programs
// (and other people) wrote: printed raw, an escape sequence in a run name would
// retitle the terminal, clear the screen or fake table rows. Human output shows
// every control character escaped (`\x1b`, `\n`); JSON keeps exact strings
// (JSON's own escapes carry them).

import type { CliIo } from "./io.js";

/**
 * C0 controls (including newline and tab), DEL, C1 controls (U+0080–U+009F:
 * U+009B is a CSI on many terminals), the Unicode line and paragraph
 * separators, and the bidirectional overrides and isolates (which reorder
 * what follows them on screen).
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL_BUT_NEWLINE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
/** What JSON.stringify leaves raw: everything in CONTROL above U+001F. */
const JSON_RAW_CONTROL = /[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED_ESCAPES: Readonly<Record<string, string>> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

const hex = (c: string, digits: number): string => c.charCodeAt(0).toString(16).padStart(digits, "0");
const escapeOne = (c: string): string => NAMED_ESCAPES[c] ?? (c.charCodeAt(0) <= 0xff ? `\\x${hex(c, 2)}` : `\\u${hex(c, 4)}`);

/** `text` with every control character shown as an escape: "a\x1b[2Jb" → "a\\x1b[2Jb", a newline → "\\n". */
export const escapeControl = (text: string): string => text.replace(CONTROL, escapeOne);

/** escapeControl, but line breaks stay: for messages whose lines are meant (an error with a caret under a filter). */
export const escapeControlKeepingLines = (text: string): string => text.replace(CONTROL_BUT_NEWLINE, escapeOne);

const RAW = Symbol("the io under terminalSafe");
type SafeIo = CliIo & { readonly [RAW]?: CliIo };

/**
 * The io every command writes through (runCli wraps the caller's): each write
 * keeps its line breaks and shows every other control character escaped, so a
 * warning or error quoting a run name cannot drive the terminal.
 */
export const terminalSafe = (io: CliIo): CliIo => {
  if ((io as SafeIo)[RAW]) return io;
  const safe: SafeIo = {
    ...io,
    stdout: (text) => io.stdout(escapeControlKeepingLines(text)),
    stderr: (text) => io.stderr(escapeControlKeepingLines(text)),
    [RAW]: io,
  };
  return safe;
};

/** The unescaped standard error under terminalSafe, for the progress bar's own carriage returns and erase sequences. */
export const rawStderr = (io: CliIo): ((text: string) => void) => {
  const raw = (io as SafeIo)[RAW] ?? io;
  return (text) => raw.stderr(text);
};

/** One line for people; control characters in it (newlines too) are shown escaped. */
export const writeLine = (io: CliIo, text = ""): void => io.stdout(`${escapeControl(text)}\n`);

/** Lines for people: each one escaped as by writeLine. */
export const writeLines = (io: CliIo, lines: readonly string[]): void => {
  if (lines.length > 0) io.stdout(`${lines.map(escapeControl).join("\n")}\n`);
};

/**
 * One line of JSON, so `--json` output works with `jq` and line-oriented
 * tools. The controls JSON.stringify leaves raw (DEL, C1, U+2028/2029, bidi
 * overrides) are written as \\u escapes: the same strings, safe on a terminal.
 */
export const writeJson = (io: CliIo, value: unknown): void =>
  io.stdout(`${JSON.stringify(value).replace(JSON_RAW_CONTROL, (c) => `\\u${hex(c, 4)}`)}\n`);

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
export const formatTable = (rawRows: ReadonlyArray<readonly string[]>, indent = ""): string[] => {
  // escaped before measuring, so a newline in a run name neither breaks a row nor the alignment
  const rows = rawRows.map((row) => row.map(escapeControl));
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
