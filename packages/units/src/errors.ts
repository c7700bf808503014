// Every failure in @dimexp/units is a member of this tagged union, each an
// Error (a DimexpError subclass): functions return Either<UnitsError, A>. Each
// error carries a `message` written for the person at the keyboard: what was
// wrong, where, and how to fix it.

import { DimexpError, TaggedError } from "./tagged-error.js";

export class ParseError extends TaggedError("ParseError")<{
  readonly input: string;
  /** 0-based offset into `input` where parsing failed */
  readonly position: number;
  /** what was wrong, without the location */
  readonly problem: string;
}> {}

export class UnknownUnit extends TaggedError("UnknownUnit")<{
  readonly input: string;
  readonly name: string;
  readonly position: number;
  /** registered names close to `name`, best first */
  readonly suggestions: readonly string[];
}> {}

export class DimensionMismatch extends TaggedError("DimensionMismatch")<{
  readonly operation: string;
  readonly from: string;
  readonly to: string;
  readonly fromDimension: string;
  readonly toDimension: string;
  /** named contexts that would make this conversion possible */
  readonly contexts: readonly string[];
}> {}

export class OffsetUnitError extends TaggedError("OffsetUnitError")<{
  readonly operation: string;
  readonly unit: string;
}> {}

export class LogarithmicUnitError extends TaggedError("LogarithmicUnitError")<{
  readonly operation: string;
  readonly unit: string;
}> {}

export class UnknownContext extends TaggedError("UnknownContext")<{
  readonly name: string;
  readonly available: readonly string[];
}> {}

export class UnknownSystem extends TaggedError("UnknownSystem")<{
  readonly name: string;
  readonly available: readonly string[];
}> {}

export class UnknownDimension extends TaggedError("UnknownDimension")<{
  readonly name: string;
  readonly suggestions: readonly string[];
}> {}

export class ShapeMismatch extends TaggedError("ShapeMismatch")<{
  readonly operation: string;
  readonly left: readonly number[];
  readonly right: readonly number[];
}> {}

export class InvalidArgument extends TaggedError("InvalidArgument")<{ readonly argument: string }> {}

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
  text.length > MAX_INPUT_LENGTH
    ? parseError(text, MAX_INPUT_LENGTH, `it has ${text.length} characters; at most ${MAX_INPUT_LENGTH} are accepted`)
    : undefined;

export const parseError = (input: string, position: number, problem: string): ParseError =>
  new ParseError(
    // the caret line is left out when the input is too long to echo whole
    `Cannot parse unit "${clip(input)}" at position ${position}: ${problem}.${input.length > 100 ? "" : `\n  ${input}\n  ${" ".repeat(position)}^`}`,
    { input, position, problem },
  );

export const unknownUnit = (
  input: string,
  name: string,
  position: number,
  suggestions: readonly string[],
): UnknownUnit =>
  new UnknownUnit(
    `Unknown unit "${clip(name)}"${input === name ? "" : ` in "${clip(input)}" at position ${position}`}.` +
      (suggestions.length > 0
        ? ` Did you mean ${suggestions.map((s) => `"${s}"`).join(", ")}?`
        : " Run `dimexp units list` to see every registered unit."),
    { input, name, position, suggestions },
  );

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
  return new DimensionMismatch(
    `Cannot ${args.operation} ${args.from} [${args.fromDimension}] ${args.operation === "convert" ? "to" : args.operation === "compare" ? "with" : "and"} ${args.to} [${args.toDimension}]: the dimensions differ.${fix}`,
    args,
  );
};

export const offsetUnitError = (operation: string, unit: string, hint: string): OffsetUnitError =>
  new OffsetUnitError(
    `Cannot ${operation} with the absolute temperature unit ${unit}: the result would be ambiguous. ${hint}`,
    { operation, unit },
  );

export const logarithmicUnitError = (operation: string, unit: string): LogarithmicUnitError =>
  new LogarithmicUnitError(
    `Cannot ${operation} with the logarithmic unit ${unit}. Convert it to a linear unit first (e.g. dBm → mW, dB → dimensionless).`,
    {
      operation,
      unit,
    },
  );

export const unknownContext = (name: string, available: readonly string[]): UnknownContext =>
  new UnknownContext(`Unknown context "${clip(name)}". Available contexts: ${available.join(", ")}.`, {
    name,
    available,
  });

export const unknownSystem = (name: string, available: readonly string[]): UnknownSystem =>
  new UnknownSystem(`Unknown unit system "${clip(name)}". Available systems: ${available.join(", ")}.`, {
    name,
    available,
  });

export const unknownDimension = (name: string, suggestions: readonly string[]): UnknownDimension =>
  new UnknownDimension(
    `Unknown dimension "${clip(name)}".` +
      (suggestions.length > 0 ? ` Did you mean ${suggestions.map((s) => `"${s}"`).join(", ")}?` : ""),
    { name, suggestions },
  );

export const shapeMismatch = (operation: string, left: readonly number[], right: readonly number[]): ShapeMismatch =>
  new ShapeMismatch(
    `Cannot ${operation} arrays of shape [${left.join(", ")}] and [${right.join(", ")}]: shapes must match (or one side must be a scalar).`,
    {
      operation,
      left,
      right,
    },
  );

export const invalidArgument = (argument: string, problem: string): InvalidArgument =>
  new InvalidArgument(`Invalid ${argument}: ${problem}.`, { argument });

/** A unit or conversion factor no double holds: km^99999999 is 10^299999997 m^99999999. */
export const outOfRange = (what: string): InvalidArgument =>
  invalidArgument(what, "beyond a double's range (1e±308); use a smaller power or prefix");

/**
 * @deprecated Every UnitsError is itself an Error (a DimexpError): the helpers
 * that throw (`q`, `unit`) throw it directly. `instanceof UnitsException` is
 * `instanceof DimexpError`, and the deprecated `.error` is the error itself.
 */
export const UnitsException = DimexpError;
/** @deprecated see the value of the same name */
export type UnitsException = UnitsError;
