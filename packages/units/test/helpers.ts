import type { Either } from "fp-ts/lib/Either.js";
import { expect } from "vitest";

/** The Right value, or a test failure showing the Left's message. */
export const ok = <E, A>(result: Either<E, A>): A => {
  if (result._tag === "Left") {
    const e = result.left as { message?: string };
    expect.fail(`expected Right, got Left: ${e.message ?? JSON.stringify(result.left)}`);
  }
  return result.right;
};

/** The Left value, or a test failure. */
export const err = <E, A>(result: Either<E, A>): E => {
  if (result._tag === "Right") expect.fail(`expected Left, got Right: ${String(result.right)}`);
  return result.left;
};

export const close = (actual: number, expected: number, rel = 1e-12): void => {
  const scale = Math.max(Math.abs(actual), Math.abs(expected));
  if (Math.abs(actual - expected) > rel * scale) {
    expect.fail(`${actual} is not within ${rel} (relative) of ${expected}`);
  }
};
