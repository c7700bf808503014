// A command is a plain object: its words, help text, arguments, options and a
// run function. src/commands/index.ts lists them; the parser, the help pages
// and the error messages are all derived from these specs.

import type { CliIo } from "./io.js";

export interface OptionSpec {
  readonly type: "string" | "boolean";
  readonly short?: string;
  /** may be repeated (`--context a --context b`) */
  readonly multiple?: boolean;
  /** shown in help as `--context <name>` */
  readonly valueName?: string;
  readonly description: string;
}

export interface PositionalSpec {
  readonly name: string;
  readonly description: string;
  readonly optional?: boolean;
}

export interface CommandInput {
  readonly positionals: readonly string[];
  /** the last value of a string option, if given */
  string(name: string): string | undefined;
  /** every value of a repeatable string option, in order */
  strings(name: string): string[];
  flag(name: string): boolean;
}

export interface CommandSpec {
  /** the words that invoke it, e.g. ["units", "convert"] */
  readonly path: readonly string[];
  /** one line, shown in command lists */
  readonly summary: string;
  readonly positionals: readonly PositionalSpec[];
  /** accepts more positionals than listed (an alternative spelling); default: as many as listed */
  readonly maxPositionals?: number;
  readonly options: Readonly<Record<string, OptionSpec>>;
  /** paragraphs for --help, computed when asked (they may list registry contents) */
  readonly details?: () => readonly string[];
  readonly examples: readonly string[];
  /** Throws UserError for bad input; returning means success (exit 0). */
  run(input: CommandInput, io: CliIo): Promise<void> | void;
}

/** A word that only groups commands (`units`, later `experiments`, `runs`). */
export interface GroupSpec {
  readonly path: readonly string[];
  readonly summary: string;
}
