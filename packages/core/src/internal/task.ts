// fp-ts's TaskEither is `() => Promise<Either<E, A>>`. Like @dimexp/units we
// build those values directly (fp-ts is a type-level dependency here), so every
// TaskEither we hand out composes with fp-ts's own TE.chain/pipe.

import type { Either } from "fp-ts/lib/Either.js";
import type { TaskEither } from "fp-ts/lib/TaskEither.js";

export type { Either, TaskEither };

export const left = <E, A = never>(error: E): Either<E, A> => ({ _tag: "Left", left: error });
export const right = <A, E = never>(value: A): Either<E, A> => ({ _tag: "Right", right: value });

export const taskRight =
  <A, E = never>(value: A): TaskEither<E, A> =>
  async () =>
    right(value);

export const taskLeft =
  <E, A = never>(error: E): TaskEither<E, A> =>
  async () =>
    left(error);

/**
 * Runs an async function as a TaskEither: a thrown error (a bug, or an I/O
 * failure of a driver) becomes a Left through `onThrow`, never a rejection.
 */
export const tryTask =
  <E, A>(run: () => Promise<Either<E, A>> | Either<E, A>, onThrow: (cause: unknown) => E): TaskEither<E, A> =>
  async () => {
    try {
      return await run();
    } catch (cause) {
      return left(onThrow(cause));
    }
  };

/** Awaits a TaskEither and returns the value, or throws the tagged error wrapped in DimexpError. */
export const unwrap = async <E extends { message: string; _tag: string }, A>(
  task: TaskEither<E, A>,
  wrap: (e: E) => Error,
): Promise<A> => {
  const result = await task();
  if (result._tag === "Left") throw wrap(result.left);
  return result.right;
};
