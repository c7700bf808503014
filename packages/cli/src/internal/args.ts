// Argument handling on top of node:util parseArgs: finds the command the words
// name, then checks its options and positionals with messages that say which
// command was meant and how to get its help.

import { parseArgs } from "node:util";
import type { CommandInput, CommandSpec } from "./command.js";
import { UserError } from "./errors.js";
import { didYouMean } from "./suggest.js";

export const HELP_FLAGS: readonly string[] = ["--help", "-h"];
export const VERSION_FLAGS: readonly string[] = ["--version", "-V"];

/** `-40 degC`, `-1.5e3 J`, `-inf K`: values, not options. */
const NEGATIVE_NUMBER = /^-(?:\.?\d|inf|nan)/i;
const PLACEHOLDER_PREFIX = "\u0000dimexp-negative-";

/**
 * parseArgs reads "-40 degC" as the short options -4, -0, … . Such tokens are
 * swapped for placeholders before parsing and swapped back after, so negative
 * values work as arguments and as option values without a `--`.
 */
const protectNegativeNumbers = (args: readonly string[]): { args: string[]; restore: (text: string) => string } => {
  const saved: string[] = [];
  const protectedArgs = args.map((arg) => {
    if (!NEGATIVE_NUMBER.test(arg)) return arg;
    saved.push(arg);
    return `${PLACEHOLDER_PREFIX}${saved.length - 1}`;
  });
  const restore = (text: string): string =>
    text.startsWith(PLACEHOLDER_PREFIX) ? (saved[Number(text.slice(PLACEHOLDER_PREFIX.length))] ?? text) : text;
  return { args: protectedArgs, restore };
};

/** True when a help flag appears before any `--`. */
export const wantsHelp = (args: readonly string[]): boolean => {
  const end = args.indexOf("--");
  return (end < 0 ? args : args.slice(0, end)).some((arg) => HELP_FLAGS.includes(arg));
};

export type Resolved =
  | { readonly kind: "command"; readonly spec: CommandSpec; readonly rest: readonly string[] }
  | { readonly kind: "group"; readonly path: readonly string[]; readonly rest: readonly string[] };

const startsWith = (path: readonly string[], prefix: readonly string[]): boolean =>
  prefix.length <= path.length && prefix.every((word, i) => path[i] === word);

/**
 * Follows the leading words of argv through the command table. Stops at the
 * first option, at a complete command, or at a word that names nothing (left
 * in `rest` for the caller to report).
 */
export const resolveCommand = (argv: readonly string[], commands: readonly CommandSpec[]): Resolved => {
  let path: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i] as string;
    if (word.startsWith("-")) return { kind: "group", path, rest: argv.slice(i) };
    const candidate = [...path, word];
    const command = commands.find((spec) => spec.path.length === candidate.length && startsWith(spec.path, candidate));
    if (command) return { kind: "command", spec: command, rest: argv.slice(i + 1) };
    if (!commands.some((spec) => startsWith(spec.path, candidate))) return { kind: "group", path, rest: argv.slice(i) };
    path = candidate;
  }
  return { kind: "group", path, rest: [] };
};

/** The words that may follow `path`: subcommands and subgroups. */
export const childWords = (path: readonly string[], commands: readonly CommandSpec[]): string[] => [
  ...new Set(commands.filter((spec) => spec.path.length > path.length && startsWith(spec.path, path)).map((spec) => spec.path[path.length] as string)),
];

export const commandName = (path: readonly string[]): string => ["dimexp", ...path].join(" ");

export const helpHint = (path: readonly string[]): string => `Run "${commandName(path)} --help" for usage.`;

/** The error for a word after `path` that names no command. */
export const unknownCommand = (path: readonly string[], word: string, commands: readonly CommandSpec[]): UserError => {
  const where = path.length === 0 ? "" : ` in "${commandName(path)}"`;
  return new UserError(`Unknown command "${word}"${where}.${didYouMean(word, childWords(path, commands))} ${helpHint(path)}`);
};

export const missingCommand = (path: readonly string[], commands: readonly CommandSpec[]): UserError =>
  new UserError(`Missing command: "${commandName(path)}" needs one of ${childWords(path, commands).join(", ")}. ${helpHint(path)}`);

/** Options and positionals for `spec`, validated; throws UserError with a pointer to --help. */
export const parseCommandArgs = (spec: CommandSpec, rawArgs: readonly string[]): CommandInput => {
  const { args, restore } = protectNegativeNumbers(rawArgs);
  const optionConfig = Object.fromEntries(
    Object.entries(spec.options).map(([name, option]) => [
      name,
      { type: option.type, multiple: option.multiple ?? false, ...(option.short ? { short: option.short } : {}) },
    ]),
  );
  const usage = helpHint(spec.path);
  const known = Object.keys(spec.options).map((name) => `--${name}`);
  const { tokens } = parseArgs({ args, options: optionConfig, strict: false, allowPositionals: true, tokens: true });

  const values = new Map<string, Array<string | boolean>>();
  const positionals: string[] = [];
  for (const token of tokens) {
    if (token.kind === "positional") {
      positionals.push(restore(token.value));
      continue;
    }
    if (token.kind !== "option") continue;
    const option = spec.options[token.name];
    if (!option) {
      const listed = known.length > 0 ? ` It accepts ${known.join(", ")}.` : " It takes no options.";
      throw new UserError(
        `Unknown option "${token.rawName}" for "${commandName(spec.path)}".${didYouMean(token.rawName, known)}${listed} ${usage}`,
      );
    }
    let value: string | boolean;
    if (option.type === "boolean") {
      if (token.inlineValue) throw new UserError(`Option "--${token.name}" takes no value. ${usage}`);
      value = true;
    } else {
      const text = token.value === undefined ? undefined : restore(token.value);
      if (text === undefined || (!token.inlineValue && text.startsWith("-"))) {
        throw new UserError(`Option "--${token.name}" needs a value: --${token.name} <${option.valueName ?? "value"}>. ${usage}`);
      }
      // `--into ""` (an unset shell variable) must not quietly mean "the default"
      if (text.trim() === "") {
        throw new UserError(
          // leaving it out is advice only where that means something (the default store): --from/--to are required
          `Option "--${token.name}" was given an empty value; give --${token.name} <${option.valueName ?? "value"}>${token.name === "tracking-uri" || token.name === "into" ? ", or leave the option out for the default store" : ""}. ${usage}`,
        );
      }
      value = text;
    }
    values.set(token.name, [...(values.get(token.name) ?? []), value]);
  }

  const required = spec.positionals.filter((p) => !p.optional);
  if (positionals.length < required.length) {
    const missing = required[positionals.length] as { name: string };
    throw new UserError(`Missing argument <${missing.name}> for "${commandName(spec.path)}". ${usage}`);
  }
  const max = spec.maxPositionals ?? spec.positionals.length;
  if (positionals.length > max) {
    const extra = positionals.slice(max).map((p) => `"${p}"`).join(", ");
    throw new UserError(
      `Too many arguments for "${commandName(spec.path)}": did not expect ${extra}. Quote a value that contains spaces, e.g. "9.81 m/s^2". ${usage}`,
    );
  }

  for (const [name, given] of values) {
    const option = spec.options[name];
    if (option?.type === "string" && !option.multiple && given.length > 1) {
      throw new UserError(`Option "--${name}" was given ${given.length} times; give it once. ${usage}`);
    }
  }

  return {
    positionals,
    string: (name) => {
      const last = values.get(name)?.at(-1);
      return typeof last === "string" ? last : undefined;
    },
    strings: (name) => (values.get(name) ?? []).filter((v): v is string => typeof v === "string"),
    flag: (name) => values.get(name)?.at(-1) === true,
  };
};

/** Options that may also come before the command words: `dimexp --tracking-uri <uri> runs ls`. */
export const GLOBAL_OPTIONS: readonly string[] = ["tracking-uri"];

/**
 * Takes the global options given before the command words out of argv, as
 * `--name=value` tokens for the command's own parser (which then also catches
 * one given twice). Stops at the first word that is not a global option.
 */
export const hoistGlobalOptions = (argv: readonly string[]): { argv: string[]; global: string[] } => {
  const global: string[] = [];
  let i = 0;
  while (i < argv.length) {
    const word = argv[i] as string;
    const name = GLOBAL_OPTIONS.find((option) => word === `--${option}` || word.startsWith(`--${option}=`));
    if (name === undefined) break;
    if (word.includes("=")) {
      global.push(word);
      i += 1;
      continue;
    }
    const value = argv[i + 1];
    if (value === undefined || value.startsWith("-")) throw new UserError(`Option "--${name}" needs a value: --${name} <uri>. ${helpHint([])}`);
    global.push(`--${name}=${value}`);
    i += 2;
  }
  return { argv: argv.slice(i), global };
};
