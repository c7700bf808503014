type Result<E, A> = { _tag: "Left"; left: E } | { _tag: "Right"; right: A };
type Tagged = { _tag: string; message: string };
/** The value of a TaskEither, or a thrown Error carrying the tagged failure. */
export declare function must<E extends Tagged, A>(task: () => Promise<Result<E, A>>): Promise<A>;
/** The tagged failure of a TaskEither (fails the test on success). */
export declare function failure<E extends Tagged, A>(task: () => Promise<Result<E, A>>): Promise<E>;
