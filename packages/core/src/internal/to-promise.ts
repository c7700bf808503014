// The Promise default of a `…Task` twin: the Right, or a rejection with the
// tagged error itself (every one is an Error, a DimexpError). Built from fp-ts's own
// getOrElse so that the TaskEither stays the one implementation.

import { pipe } from "fp-ts/lib/function.js";
import * as TE from "fp-ts/lib/TaskEither.js";
import type { CoreError } from "../errors.js";

export const toPromise = <A>(task: TE.TaskEither<CoreError, A>): Promise<A> =>
  pipe(
    task,
    TE.getOrElse((error) => () => Promise.reject(error)),
  )();
