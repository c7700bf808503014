// Every failure in @dimexp/units is a value of this tagged union: functions
// return Either<UnitsError, A>. Each error carries a `message` written for the
// person at the keyboard: what was wrong, where, and how to fix it.

export interface ParseError {
  readonly _tag: "ParseError";
  readonly input: string;
  /** 0-based offset into `input` where parsing failed */
  readonly position: number;
  /** what was wrong, without the location */
  readonly problem: string;
  readonly message: string;
}

export interface UnknownUnit {
  readonly _tag: "UnknownUnit";
  readonly input: string;
  readonly name: string;
  readonly position: number;
  /** registered names close to `name`, best first */
  readonly suggestions: readonly string[];
  readonly message: string;
}

export interface DimensionMismatch {
  readonly _tag: "DimensionMismatch";
  readonly operation: string;
  readonly from: string;
  readonly to: string;
  readonly fromDimension: string;
  readonly toDimension: string;
  /** named contexts that would make this conversion possible */
  readonly contexts: readonly string[];
  readonly message: string;
}

export interface OffsetUnitError {
  readonly _tag: "OffsetUnitError";
  readonly operation: string;
  readonly unit: string;
  readonly message: string;
}

export interface LogarithmicUnitError {
  readonly _tag: "LogarithmicUnitError";
  readonly operation: string;
  readonly unit: string;
  readonly message: string;
}

export interface UnknownContext {
  readonly _tag: "UnknownContext";
  readonly name: string;
  readonly available: readonly string[];
  readonly message: string;
}

export interface UnknownSystem {
  readonly _tag: "UnknownSystem";
  readonly name: string;
  readonly available: readonly string[];
  readonly message: string;
}

export interface UnknownDimension {
  readonly _tag: "UnknownDimension";
  readonly name: string;
  readonly suggestions: readonly string[];
  readonly message: string;
}

export interface ShapeMismatch {
  readonly _tag: "ShapeMismatch";
  readonly operation: string;
  readonly left: readonly number[];
  readonly right: readonly number[];
  readonly message: string;
}

export interface InvalidArgument {
  readonly _tag: "InvalidArgument";
  readonly argument: string;
  readonly message: string;
}

export type UnitsError =
  | ParseError
  | UnknownUnit
  | DimensionMismatch
  | OffsetUnitError
  | LogarithmicUnitError
  | UnknownContext
  | UnknownSystem
  | UnknownDimension
  | ShapeMismatch
  | InvalidArgument;

/** Unit texts longer than this are refused: real ones stay under 100 characters. */
export const MAX_INPUT_LENGTH = 256;

/** Input echoed in a message is cut to 100 characters: a 300,000-character unit must not fill the screen. */
export const clip = (text: string): string => (text.length > 100 ? `${text.slice(0, 100)}…` : text);

/** A ParseError when `text` is over the limit: refused before any work is done on it. */
export const tooLong = (text: string): ParseError | undefined =>
  text.length > MAX_INPUT_LENGTH ? parseError(text, MAX_INPUT_LENGTH, `it has ${text.length} characters; at most ${MAX_INPUT_LENGTH} are accepted`) : undefined;

export const parseError = (input: string, position: number, problem: string): ParseError => ({
  _tag: "ParseError",
  input,
  position,
  problem,
  // the caret line is left out when the input is too long to echo whole
  message: `Cannot parse unit "${clip(input)}" at position ${position}: ${problem}.${input.length > 100 ? "" : `\n  ${input}\n  ${" ".repeat(position)}^`}`,
});

export const unknownUnit = (
  input: string,
  name: string,
  position: number,
  suggestions: readonly string[],
): UnknownUnit => ({
  _tag: "UnknownUnit",
  input,
  name,
  position,
  suggestions,
  message:
    `Unknown unit "${clip(name)}"${input === name ? "" : ` in "${clip(input)}" at position ${position}`}.` +
    (suggestions.length > 0
      ? ` Did you mean ${suggestions.map((s) => `"${s}"`).join(", ")}?`
      : " Run `dimexp units list` to see every registered unit."),
});

export const dimensionMismatch = (args: {
  operation: string;
  from: string;
  to: string;
  fromDimension: string;
  toDimension: string;
  contexts: readonly string[];
}): DimensionMismatch => {
  const fix =
    args.contexts.length > 0
      ? ` They are related through the context ${args.contexts.map((c) => `"${c}"`).join(" or ")}: pass { context: "${args.contexts[0]}" } (CLI: --context ${args.contexts[0]}).`
      : "";
  return {
    _tag: "DimensionMismatch",
    ...args,
    message: `Cannot ${args.operation} ${args.from} [${args.fromDimension}] ${args.operation === "convert" ? "to" : args.operation === "compare" ? "with" : "and"} ${args.to} [${args.toDimension}]: the dimensions differ.${fix}`,
  };
};

export const offsetUnitError = (operation: string, unit: string, hint: string): OffsetUnitError => ({
  _tag: "OffsetUnitError",
  operation,
  unit,
  message: `Cannot ${operation} with the absolute temperature unit ${unit}: the result would be ambiguous. ${hint}`,
});

export const logarithmicUnitError = (operation: string, unit: string): LogarithmicUnitError => ({
  _tag: "LogarithmicUnitError",
  operation,
  unit,
  message: `Cannot ${operation} with the logarithmic unit ${unit}. Convert it to a linear unit first (e.g. dBm → mW, dB → dimensionless).`,
});

export const unknownContext = (name: string, available: readonly string[]): UnknownContext => ({
  _tag: "UnknownContext",
  name,
  available,
  message: `Unknown context "${clip(name)}". Available contexts: ${available.join(", ")}.`,
});

export const unknownSystem = (name: string, available: readonly string[]): UnknownSystem => ({
  _tag: "UnknownSystem",
  name,
  available,
  message: `Unknown unit system "${clip(name)}". Available systems: ${available.join(", ")}.`,
});

export const unknownDimension = (name: string, suggestions: readonly string[]): UnknownDimension => ({
  _tag: "UnknownDimension",
  name,
  suggestions,
  message:
    `Unknown dimension "${clip(name)}".` +
    (suggestions.length > 0 ? ` Did you mean ${suggestions.map((s) => `"${s}"`).join(", ")}?` : ""),
});

export const shapeMismatch = (operation: string, left: readonly number[], right: readonly number[]): ShapeMismatch => ({
  _tag: "ShapeMismatch",
  operation,
  left,
  right,
  message: `Cannot ${operation} arrays of shape [${left.join(", ")}] and [${right.join(", ")}]: shapes must match (or one side must be a scalar).`,
});

export const invalidArgument = (argument: string, problem: string): InvalidArgument => ({
  _tag: "InvalidArgument",
  argument,
  message: `Invalid ${argument}: ${problem}.`,
});

/** A unit or conversion factor no double holds: km^99999999 is 10^299999997 m^99999999. */
export const outOfRange = (what: string): InvalidArgument =>
  invalidArgument(what, "beyond a double's range (1e±308); use a smaller power or prefix");

/**
 * The Error thrown by the few convenience helpers that throw (`q`, `unit`),
 * carrying the tagged error as `cause`-like `error` field.
 */
export class UnitsException extends Error {
  readonly error: UnitsError;
  constructor(error: UnitsError) {
    super(error.message);
    this.name = `UnitsException(${error._tag})`;
    this.error = error;
  }
}
