// Names must survive every backend: MLflow's key rules (≤ 250 chars of
// [/\w.\- :], no "..", no leading "/") minus room for our "dimexp.metric."
// tag prefix, so the same run can move between stores without renaming.
//
// Two more rules protect what reads names back:
// - no control characters (C0, DEL, C1), line separators or bidirectional
//   overrides in any name: printed raw they clear screens, retitle terminals
//   and fake table rows; they are refused here, where the name is first given.
//   Values (params, tags) may hold them: every output escapes them instead.
// - keys (params, metrics, tags, arrays) never are, or contain as a part
//   between "." or "/", "__proto__", "constructor" or "prototype": keys become
//   object properties in every reader (JSON, W&B's nested config, dashboards),
//   where these names are invisible or rewrite the object's prototype.

import { type CoreError, invalidName } from "./errors.js";
import { type Either, left, right } from "./internal/task.js";

export const MAX_NAME_LENGTH = 200;
/** Run and experiment names (free text, but one line of printable characters). */
export const MAX_RUN_NAME_LENGTH = 250;
const ALLOWED = /^[\w.\- :/]+$/;

/** Keys that are special properties of JavaScript objects. */
export const RESERVED_KEY_PARTS: readonly string[] = ["__proto__", "constructor", "prototype"];

// C0 controls (incl. TAB, LF, CR, ESC), DEL, C1 controls (incl. NEL, CSI),
// U+2028/U+2029 (line breaks for JavaScript and many viewers) and the
// bidirectional embeddings, overrides and isolates ("Trojan Source").
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

const CONTROL_NAMES = new Map<number, string>([
  [0x00, "NUL"],
  [0x07, "BEL"],
  [0x08, "backspace"],
  [0x09, "tab"],
  [0x0a, "line feed"],
  [0x0b, "vertical tab"],
  [0x0c, "form feed"],
  [0x0d, "carriage return"],
  [0x1b, "ESC"],
  [0x7f, "DEL"],
  [0x85, "NEL"],
  [0x9b, "CSI"],
  [0x2028, "line separator"],
  [0x2029, "paragraph separator"],
  [0x202e, "right-to-left override"],
]);

const describeControl = (name: string, index: number): string => {
  const code = name.charCodeAt(index);
  const label = CONTROL_NAMES.get(code);
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
  return `it contains the control character ${hex}${label ? ` (${label})` : ""} at position ${index}`;
};

type NameKind = "param" | "metric" | "tag" | "array" | "run" | "experiment";

/** Checks what every name must satisfy: a non-empty string of printable Unicode. */
const printable = (kind: NameKind, name: string): Either<CoreError, string> => {
  if (name.length === 0) return left(invalidName(kind, name, "it is empty"));
  const control = CONTROL.exec(name);
  if (control) return left(invalidName(kind, name, describeControl(name, control.index)));
  const surrogate = LONE_SURROGATE.exec(name);
  if (surrogate) return left(invalidName(kind, name, `it contains a lone UTF-16 surrogate at position ${surrogate.index}, which is not Unicode text`));
  return right(name);
};

export const validateName = (kind: NameKind, name: unknown): Either<CoreError, string> => {
  if (typeof name !== "string") return left(invalidName(kind, String(name), `expected a string, got ${typeof name}`));
  const limit = kind === "run" || kind === "experiment" ? MAX_RUN_NAME_LENGTH : MAX_NAME_LENGTH;
  // Length first: the scans below then never run over huge input.
  if (name.length > limit) return left(invalidName(kind, name, `it is longer than ${limit} characters (${name.length})`));
  const base = printable(kind, name);
  if (base._tag === "Left") return base;
  if (kind === "run" || kind === "experiment") {
    if (name.trim() !== name) return left(invalidName(kind, name, "it starts or ends with whitespace"));
    return right(name);
  }
  if (!ALLOWED.test(name)) {
    const bad = [...name].find((c) => !ALLOWED.test(c));
    return left(invalidName(kind, name, `it contains ${JSON.stringify(bad)}`));
  }
  if (name.startsWith("/")) return left(invalidName(kind, name, 'it starts with "/"'));
  if (name.includes("..")) return left(invalidName(kind, name, 'it contains ".."'));
  const reserved = name.split(/[./]/).find((part) => RESERVED_KEY_PARTS.includes(part));
  if (reserved !== undefined) {
    return left(
      invalidName(
        kind,
        name,
        `"${reserved}" is a special property of JavaScript objects: such a${kind === "array" ? "n" : ""} ${kind} would be invisible or corrupt what reads it back. Rename it, e.g. "${name.replace(reserved, `${reserved.replace(/_/g, "")}_`)}"`,
      ),
    );
  }
  if (kind === "tag" && (name.startsWith("dimexp.") || name.startsWith("unit.") || name.startsWith("shape."))) {
    return left(invalidName(kind, name, 'the prefixes "dimexp.", "unit." and "shape." are reserved for unit metadata'));
  }
  return right(name);
};
