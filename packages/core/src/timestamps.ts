// Timestamps are milliseconds since the Unix epoch. Every reader turns them
// into dates — `runs show`, the dashboard, MLflow's int64 columns, Python's
// datetime (years 1–9999) — so a value no date can hold is refused where it
// is given, not found later when `runs show` dies with "Invalid time value".

import { type CoreError, invalidValue } from "./errors.js";
import { type Either, left, right } from "./internal/task.js";

/** 1970-01-01T00:00:00.000Z: a run or point cannot predate the clock that logged it. */
export const MIN_TIMESTAMP = 0;
/** 9999-12-31T23:59:59.999Z: the last instant Python's datetime and ISO 8601's four-digit years can hold. */
export const MAX_TIMESTAMP = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

const hint = (value: number): string => {
  // The usual mistakes are another unit of time: microseconds or nanoseconds
  // since the epoch (too large), or a date (not a number at all).
  for (const [factor, unit] of [
    [1e3, "microseconds"],
    [1e6, "nanoseconds"],
  ] as const) {
    const ms = value / factor;
    if (ms >= MIN_TIMESTAMP && ms <= MAX_TIMESTAMP) return `; it looks like ${unit}: divide by ${factor}`;
  }
  return "";
};

/**
 * A timestamp in milliseconds since the Unix epoch, between 1970-01-01 and
 * 9999-12-31 (fractions of a millisecond are kept). `what` names it in the
 * message, e.g. `timestamp of metric "loss"`.
 */
export const validateTimestamp = (what: string, value: unknown): Either<CoreError, number> => {
  if (typeof value !== "number") {
    const got = value instanceof Date ? "a Date: pass date.getTime()" : `${typeof value}`;
    return left(invalidValue(what, `expected milliseconds since the Unix epoch (a number), got ${got}`));
  }
  if (!Number.isFinite(value)) return left(invalidValue(what, `${value} is not a finite number of milliseconds since the Unix epoch`));
  if (value < MIN_TIMESTAMP || value > MAX_TIMESTAMP) {
    return left(
      invalidValue(
        what,
        `${value} ms since the Unix epoch is outside 1970-01-01 to 9999-12-31 (${MIN_TIMESTAMP} to ${MAX_TIMESTAMP})${hint(value)}`,
      ),
    );
  }
  return right(value);
};
