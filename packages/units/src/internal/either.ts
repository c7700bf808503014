// fp-ts's Either is a plain tagged object ({ _tag: "Left", left } | { _tag: "Right", right }).
// We build those objects directly so @dimexp/units needs fp-ts for its types
// only: every value we return works with fp-ts's own functions (pipe, E.map, …)
// while the runtime bundle stays free of fp-ts's module graph.

import type { Either } from "fp-ts/lib/Either.js";

export type { Either };

export const left = <E, A = never>(error: E): Either<E, A> => ({ _tag: "Left", left: error });
export const right = <A, E = never>(value: A): Either<E, A> => ({ _tag: "Right", right: value });

export const isLeft = <E, A>(e: Either<E, A>): e is { readonly _tag: "Left"; readonly left: E } => e._tag === "Left";

export const chain =
  <E, A, B>(f: (a: A) => Either<E, B>) =>
  (e: Either<E, A>): Either<E, B> =>
    e._tag === "Left" ? e : f(e.right);

export const map =
  <E, A, B>(f: (a: A) => B) =>
  (e: Either<E, A>): Either<E, B> =>
    e._tag === "Left" ? e : right(f(e.right));
