// Test helpers for TaskEither-returning APIs (every ExperimentBackend method).

/** The value of a TaskEither, or a thrown Error carrying the tagged failure. */
export async function must(task) {
  const result = await task();
  if (result._tag === "Left") throw new Error(`expected success, got ${result.left._tag}: ${result.left.message}`);
  return result.right;
}

/** The tagged failure of a TaskEither (fails the test on success). */
export async function failure(task) {
  const result = await task();
  if (result._tag === "Right") throw new Error("expected a failure, got success");
  return result.left;
}
