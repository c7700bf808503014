// Bounds on what a filter may be. A filter comes from a command line, a URL or
// a program, so it may be hostile: without bounds, 4,000 `or` clauses or 3,000
// parentheses exhaust the stack of every recursive pass (check, evaluate,
// plan) and a 300,000-character unit keeps the unit parser busy for minutes.
// Every limit is a typed error naming it, never a crash.

/** Characters in a filter. A filter naming 250 run ids by `in (…)` fits. */
export const MAX_FILTER_LENGTH = 20_000;
/** Conditions (comparisons, `in`, `like`, `has`, `dimension`) in one filter. */
export const MAX_CONDITIONS = 1_000;
/** Parentheses and `not`s nested inside each other. */
export const MAX_NESTING = 200;
/** Characters of a unit written after a number (`9.81 m/s^2`). */
export const MAX_UNIT_LENGTH = 500;
/** Characters of user input a message quotes: longer input is cut with "…". */
export const MAX_ECHO = 200;

/** `text` as a message may quote it: at most `max` characters, cut with "…". */
export const clip = (text: string, max = 80): string => (text.length <= max ? text : `${text.slice(0, Math.max(1, max - 1))}…`);
