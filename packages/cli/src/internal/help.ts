// Help pages, generated from the command table so a new command documents
// itself by being registered.

import { commandName } from "./args.js";
import type { CommandSpec, GroupSpec } from "./command.js";
import { formatTable } from "./output.js";

const EXIT_STATUS =
  "Exit status: 0 on success; 2 on a usage, units or store error (unknown unit, dimension mismatch, bad syntax, a filter that does not parse, an unknown experiment, a store that is missing or whose backend is not installed), with one message on stderr; 1 on an internal error.";

const ENVIRONMENT =
  "Environment: DIMEXP_TRACKING_URI (else MLFLOW_TRACKING_URI) names the store when --tracking-uri is not given; the default is ./dimexp.db. DIMEXP_DEBUG=1 prints the stack trace of an internal error.";

const positionalUsage = (spec: CommandSpec): string =>
  spec.positionals.map((p) => (p.optional ? `[${p.name}]` : `<${p.name}>`)).join(" ");

const commandLine = (spec: CommandSpec, from: number): string =>
  [...spec.path.slice(from), positionalUsage(spec)].filter(Boolean).join(" ");

export const rootHelp = (version: string, commands: readonly CommandSpec[]): string[] => [
  `dimexp ${version}: unit-aware experiment tracking from the command line`,
  "",
  "Usage: dimexp <command> [arguments] [options]",
  "",
  "Commands:",
  ...formatTable(
    commands.map((spec) => [commandLine(spec, 0), spec.summary]),
    "  ",
  ),
  "",
  "Options:",
  ...formatTable(
    [
      ["--tracking-uri <uri>", "The store the experiments and runs commands read (also accepted after the command)"],
      ["-h, --help", `Show help; "dimexp <command> --help" shows a command's arguments and options`],
      ["-V, --version", "Print the version"],
    ],
    "  ",
  ),
  "",
  ENVIRONMENT,
  "",
  EXIT_STATUS,
];

export const groupHelp = (path: readonly string[], commands: readonly CommandSpec[], groups: readonly GroupSpec[]): string[] => {
  const group = groups.find((g) => g.path.join(" ") === path.join(" "));
  const members = commands.filter((spec) => path.every((word, i) => spec.path[i] === word));
  return [
    ...(group ? [group.summary, ""] : []),
    `Usage: ${commandName(path)} <command> [arguments] [options]`,
    "",
    "Commands:",
    ...formatTable(
      members.map((spec) => [commandLine(spec, path.length), spec.summary]),
      "  ",
    ),
    "",
    `Run "${commandName(path)} <command> --help" for a command's arguments and options.`,
  ];
};

export const commandHelp = (spec: CommandSpec): string[] => {
  const options = Object.entries(spec.options).map(([name, option]) => [
    `${option.short ? `-${option.short}, ` : ""}--${name}${option.type === "string" ? ` <${option.valueName ?? "value"}>` : ""}`,
    option.description + (option.multiple ? " (may be repeated)" : ""),
  ]);
  options.push(["-h, --help", "Show this help"]);
  const details = spec.details?.() ?? [];
  return [
    spec.summary,
    "",
    `Usage: ${commandName(spec.path)}${spec.positionals.length > 0 ? ` ${positionalUsage(spec)}` : ""} [options]`,
    ...(spec.positionals.length > 0
      ? ["", "Arguments:", ...formatTable(spec.positionals.map((p) => [p.name, p.description]), "  ")]
      : []),
    "",
    "Options:",
    ...formatTable(options, "  "),
    ...details.flatMap((paragraph) => ["", paragraph]),
    ...(spec.examples.length > 0 ? ["", "Examples:", ...spec.examples.map((example) => `  ${example}`)] : []),
  ];
};
