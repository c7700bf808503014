import { runCli } from "../src/index.js";

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process with the given environment and captures what it writes. */
export const runWithEnv = async (env: Readonly<Record<string, string | undefined>>, ...argv: string[]): Promise<CliResult> => {
  let stdout = "";
  let stderr = "";
  const code = await runCli(argv, {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    env,
  });
  return { code, stdout, stderr };
};

/** Runs the CLI in-process (with an empty environment) and captures what it writes. */
export const run = (...argv: string[]): Promise<CliResult> => runWithEnv({}, ...argv);

/** Runs the CLI and parses its stdout as JSON (which must be exactly one line). */
export const runJson = async (...argv: string[]): Promise<unknown> => {
  const result = await run(...argv);
  if (result.code !== 0) throw new Error(`exit ${result.code}: ${result.stderr}`);
  const lines = result.stdout.split("\n");
  if (lines.length !== 2 || lines[1] !== "") throw new Error(`expected one line of JSON, got:\n${result.stdout}`);
  return JSON.parse(result.stdout);
};

/** A user error: exit 2, nothing on stdout, one "dimexp: …" message on stderr; returns the message. */
export const expectUserError = (result: CliResult): string => {
  if (result.code !== 2) throw new Error(`expected exit 2, got ${result.code}\nstdout: ${result.stdout}\nstderr: ${result.stderr}`);
  if (result.stdout !== "") throw new Error(`expected no stdout, got: ${result.stdout}`);
  if (!result.stderr.startsWith("dimexp: ") || result.stderr.match(/dimexp: /g)?.length !== 1) {
    throw new Error(`expected one "dimexp: " message, got: ${result.stderr}`);
  }
  if (/\n\s+at /.test(result.stderr)) throw new Error(`stack trace in a user error: ${result.stderr}`);
  return result.stderr;
};
