// What ExperimentBackend.createRun is given, checked once for every store.
// A JavaScript program (or a backend of one's own) calls createRun directly
// and may leave `tags` out — MLflow's create_run takes none either — or
// forget the name or start time. Absent tags are no tags; anything else that
// is missing or of the wrong type is a BackendFailure naming the field, what
// it got and what it takes, never a TypeError from deep inside a store.
// Only types are checked here: names and times that other stores hold (an
// empty MLflow run name, an old start time) must still copy; what a user
// logs is checked by DimExperiment (names.ts, timestamps.ts).

import type { CreateRunOptions } from "./backend.js";
import { type BackendFailure, backendFailure, quoteInput } from "./errors.js";
import { type Either, left, right } from "./internal/task.js";

const got = (value: unknown): string =>
  value === null ? "null" : Array.isArray(value) ? "an array" : value === "" ? "an empty string" : typeof value;

/** `options` with `tags` defaulted to none, or why a run cannot be created from it. */
export const checkCreateRunOptions = (backend: string, options: CreateRunOptions): Either<BackendFailure, CreateRunOptions> => {
  const fail = (problem: string) => left(backendFailure(backend, "create a run", problem));
  const given = options as unknown;
  if (typeof given !== "object" || given === null || Array.isArray(given)) {
    return fail(`options must be an object { name, startTime, tags? }, got ${got(given)}`);
  }
  const { name, startTime, tags } = given as Record<string, unknown>;
  if (typeof name !== "string") return fail(`options.name must be the run's name (a string), got ${got(name)}`);
  if (typeof startTime !== "number" || !Number.isFinite(startTime)) {
    const shown = typeof startTime === "number" ? String(startTime) : startTime instanceof Date ? "a Date: pass date.getTime()" : got(startTime);
    return fail(`options.startTime must be milliseconds since the Unix epoch (a finite number, e.g. Date.now()), got ${shown}`);
  }
  if (tags === undefined) return right({ name, startTime, tags: {} });
  if (typeof tags !== "object" || tags === null || Array.isArray(tags)) {
    return fail(`options.tags must be an object of strings (tag name → value), got ${got(tags)}: pass { tags: { solver: "fd" } } or leave tags out`);
  }
  for (const [key, value] of Object.entries(tags)) {
    if (typeof value !== "string") return fail(`options.tags.${quoteInput(key).slice(1, -1)} must be a string, got ${got(value)}`);
  }
  return right({ name, startTime, tags: tags as Record<string, string> });
};
