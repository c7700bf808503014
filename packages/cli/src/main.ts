// The CLI as a function: argv and an io in, an exit status out. Nothing here
// touches process globals except `main`, which binds the real stdout/stderr.

import { COMMANDS, GROUPS } from "./commands/index.js";
import {
  VERSION_FLAGS,
  commandName,
  helpHint,
  hoistGlobalOptions,
  missingCommand,
  parseCommandArgs,
  resolveCommand,
  unknownCommand,
  wantsHelp,
} from "./internal/args.js";
import { Interrupted, UserError } from "./internal/errors.js";
import { commandHelp, groupHelp, rootHelp } from "./internal/help.js";
import type { CliIo } from "./internal/io.js";
import { terminalSafe, writeLine, writeLines } from "./internal/output.js";
import { CLI_VERSION } from "./internal/version.js";

export type { CliIo } from "./internal/io.js";

/** Exit statuses: success, a bug in dimexp, a problem with the user's input. */
export const EXIT_OK = 0;
export const EXIT_INTERNAL_ERROR = 1;
export const EXIT_USER_ERROR = 2;

const dispatch = async (argv: readonly string[], io: CliIo, global: readonly string[] = []): Promise<void> => {
  if (argv[0] === "help") {
    await dispatch([...argv.slice(1), "--help"], io);
    return;
  }
  const resolved = resolveCommand(argv, COMMANDS);
  if (resolved.kind === "command") {
    if (wantsHelp(resolved.rest)) {
      writeLines(io, commandHelp(resolved.spec));
      return;
    }
    for (const option of global) {
      const name = (option.split("=")[0] as string).slice(2);
      if (!resolved.spec.options[name]) {
        throw new UserError(`"--${name}" does not apply to "${commandName(resolved.spec.path)}": it takes no store. ${helpHint(resolved.spec.path)}`);
      }
    }
    await resolved.spec.run(parseCommandArgs(resolved.spec, [...global, ...resolved.rest]), io);
    return;
  }
  const { path, rest } = resolved;
  const [first] = rest;
  if (first === undefined) throw missingCommand(path, COMMANDS);
  if (!first.startsWith("-")) throw unknownCommand(path, first, COMMANDS);
  if (wantsHelp(rest)) {
    writeLines(io, path.length === 0 ? rootHelp(CLI_VERSION, COMMANDS) : groupHelp(path, COMMANDS, GROUPS));
    return;
  }
  if (path.length === 0 && VERSION_FLAGS.includes(first)) {
    writeLine(io, CLI_VERSION);
    return;
  }
  throw new UserError(`Unknown option "${first}"; options go after the command. ${helpHint(path)}`);
};

/**
 * Runs `dimexp` with the given arguments (without the node and script paths).
 * Resolves to the exit status: 0 success, 2 a user error (one message on
 * stderr, never a stack trace), 1 an unexpected internal error, 130/143 a
 * command stopped by SIGINT/SIGTERM after undoing its work (dimexp import).
 */
export const runCli = async (argv: readonly string[], callerIo: CliIo): Promise<number> => {
  // every write, errors included, shows control characters escaped (see output.ts)
  const io = terminalSafe(callerIo);
  try {
    const hoisted = hoistGlobalOptions(argv);
    await dispatch(hoisted.argv, io, hoisted.global);
    return EXIT_OK;
  } catch (error) {
    if (error instanceof UserError) {
      io.stderr(`dimexp: ${error.message}\n`);
      return error instanceof Interrupted ? error.exitCode : EXIT_USER_ERROR;
    }
    const detail = error instanceof Error ? (io.env.DIMEXP_DEBUG === "1" ? (error.stack ?? error.message) : error.message) : String(error);
    io.stderr(
      `dimexp: internal error: ${detail}\nThis is a bug in dimexp; please report it with the command you ran.${io.env.DIMEXP_DEBUG === "1" ? "" : " Set DIMEXP_DEBUG=1 to print the stack trace."}\n`,
    );
    return EXIT_INTERNAL_ERROR;
  }
};

/** runCli bound to this process's stdout, stderr and environment. */
export const main = (argv: readonly string[]): Promise<number> =>
  runCli(argv, {
    stdout: (text) => {
      process.stdout.write(text);
    },
    stderr: (text) => {
      process.stderr.write(text);
    },
    env: process.env,
    stderrIsTTY: process.stderr.isTTY === true,
  });
