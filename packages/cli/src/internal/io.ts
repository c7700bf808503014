/**
 * Where a command writes, and what it may read from the environment. `runCli`
 * takes one so tests (and programs embedding the CLI) can run it in-process.
 */
export interface CliIo {
  /** Writes text to standard output as given (callers add the newlines). */
  stdout(text: string): void;
  /** Writes text to standard error as given. */
  stderr(text: string): void;
  /** Environment variables, e.g. DIMEXP_DEBUG=1 prints stack traces of internal errors. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Whether standard error is a terminal: progress bars are drawn only then (default: no). */
  readonly stderrIsTTY?: boolean;
}
