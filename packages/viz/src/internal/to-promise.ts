// The Promise default of a `…Task` twin: the Right, or a rejection with the
// tagged VizError itself. Built from fp-ts's own getOrElse so that the
// TaskEither stays the one implementation (core's helper is typed CoreError).

import { pipe } from "fp-ts/lib/function.js";
import * as TE from "fp-ts/lib/TaskEither.js";
import type { VizError } from "../errors.js";

export const toPromise = <A>(task: TE.TaskEither<VizError, A>): Promise<A> =>
  pipe(
    task,
    TE.getOrElse((error) => () => Promise.reject(error)),
  )();
