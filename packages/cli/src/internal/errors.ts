// Two kinds of failure, two exit codes: a UserError (bad input: unknown unit,
// mismatched dimensions, bad syntax, missing argument) exits 2 with its message
// alone; anything else is a bug in dimexp and exits 1.

import type { Either, UnitsError } from "@dimexp/units";

export class UserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UserError";
  }
}

/**
 * A command stopped by SIGINT or SIGTERM after undoing its work: its message
 * is printed like a UserError's, and the exit status is 128 + the signal's
 * number (130 for SIGINT, 143 for SIGTERM), as a shell reports it.
 */
export class Interrupted extends UserError {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
    this.name = "Interrupted";
  }
}

/** The Right value, or a UserError carrying the tagged error's own message. */
export const orFail = <A>(result: Either<UnitsError, A>): A => {
  if (result._tag === "Left") throw new UserError(result.left.message);
  return result.right;
};
