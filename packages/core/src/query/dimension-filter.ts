// The dimension filter of a search (the plan's `dimension_filter`), in two forms:
//   { force: true }                      runs that log any param or metric of that dimension (false: none)
//   { loss: "energy" }                   runs whose loss is an energy; `metrics.loss`, `params.loss`, or a
//   { "params.domain_length": ["length", "1/GeV"] }   bare name (the run's metric, else its param);
//                                        a value names a dimension or a unit whose dimension is meant,
//                                        a list means any of them.
// Field requirements also guard the filter's comparisons (guards.ts): runs
// they leave out raise no type error.

import { type Dimension, dimensionNames, lookupDimension, parseUnit } from "@dimexp/units";
import { type CoreError, invalidValue } from "../errors.js";
import { type Either, left, right } from "../internal/task.js";
import { own } from "../internal/own.js";
import type { RunRecord } from "../model.js";
import type { Guard } from "./guards.js";
import { dimensionFromNotation } from "./dimension-text.js";
import { MAX_UNIT_LENGTH, clip } from "./limits.js";
import { closest } from "./parse.js";
import { dimensionKeyOf } from "./semantics.js";

export type DimensionFilter = Readonly<Record<string, boolean | string | readonly string[]>>;

/** A field whose dimension a search requires. */
export interface DimensionRequirement {
  /** undefined: a bare name, the run's metric of that name or, when it has none, its param */
  readonly source: "metrics" | "params" | undefined;
  readonly key: string;
  /** any of these */
  readonly dimensions: readonly Dimension[];
}

/** A dimension any of whose params or metrics a run must (or must not) log: the `{ force: true }` form. */
export interface LoggedDimension {
  readonly dimension: Dimension;
  readonly logged: boolean;
}

export interface ParsedDimensionFilter {
  readonly requirements: readonly DimensionRequirement[];
  readonly logged: readonly LoggedDimension[];
}

const SOURCES: Readonly<Record<string, "metrics" | "params">> = { metrics: "metrics", metric: "metrics", params: "params", param: "params" };

const acceptedNames = (): string =>
  `a dimension name (${dimensionNames().join(", ")}) or a unit whose dimension is meant (J, 1/GeV)`;

/** A dimension name (`energy`), dimexp's notation (`M^-1 L^-2 T^2`) or a unit whose dimension is meant (`J`). */
export const readDimension = (text: string): Dimension | undefined => {
  const trimmed = text.trim();
  if (trimmed === "" || trimmed.length > MAX_UNIT_LENGTH) return undefined;
  const named = lookupDimension(trimmed) ?? dimensionFromNotation(trimmed);
  if (named) return named;
  const unit = parseUnit(trimmed);
  return unit._tag === "Right" ? unit.right.dimension : undefined;
};

/** `what` names the option in messages: "dimensionFilter", or "--dimension" for the CLI. */
export const parseDimensionFilter = (filter: DimensionFilter | undefined, what = "dimensionFilter"): Either<CoreError, ParsedDimensionFilter> => {
  const requirements: DimensionRequirement[] = [];
  const logged: LoggedDimension[] = [];
  if (filter === undefined) return right({ requirements, logged });
  if (typeof filter !== "object" || filter === null || Array.isArray(filter)) {
    return left(invalidValue(what, `expected an object such as { loss: "energy" } or { force: true }`));
  }
  for (const [rawKey, value] of Object.entries(filter)) {
    const key = rawKey.trim();
    if (key === "") return left(invalidValue(what, `an empty name: write a param or metric name, as in { loss: "energy" }, or a dimension name, as in { force: true }`));
    if (typeof value === "boolean") {
      const dimension = lookupDimension(key);
      if (!dimension) {
        return left(invalidValue(what, `"${clip(key)}" is not a dimension name (with true or false, the name is a dimension: { force: true }). Use ${acceptedNames()}, or name a field's dimension: { ${clip(key)}: "energy" }`));
      }
      logged.push({ dimension, logged: value });
      continue;
    }
    const texts = typeof value === "string" ? [value] : Array.isArray(value) ? (value as readonly unknown[]) : undefined;
    if (texts === undefined || texts.length === 0 || !texts.every((t) => typeof t === "string")) {
      return left(invalidValue(what, `the value for "${clip(key)}" must be a dimension name or unit (or a list of them), as in { ${clip(key)}: "energy" }`));
    }
    const dimensions: Dimension[] = [];
    for (const text of texts as string[]) {
      const dimension = readDimension(text);
      if (!dimension) {
        const near = closest(text.trim().replace(/[\s-]+/g, "_").slice(0, 100), dimensionNames());
        const guess = near.length > 0 ? ` (did you mean ${near.map((n) => `"${n}"`).join(" or ")}?)` : "";
        return left(invalidValue(what, `unknown dimension "${clip(text)}" for ${clip(key)}${guess}: use ${acceptedNames()}`));
      }
      if (!dimensions.some((d) => d.equals(dimension))) dimensions.push(dimension);
    }
    const dot = key.indexOf(".");
    const source = dot > 0 ? SOURCES[key.slice(0, dot).toLowerCase()] : undefined;
    const name = source !== undefined ? key.slice(dot + 1) : key;
    if (name === "") return left(invalidValue(what, `"${clip(key)}" names no field: write ${key}<name>, as in metrics.loss`));
    requirements.push({ source, key: name, dimensions });
  }
  return right({ requirements, logged });
};

/** Which field a requirement means for `run`; undefined when the run has neither. */
export const requirementSource = (run: RunRecord, requirement: Pick<DimensionRequirement, "source" | "key">): "metrics" | "params" | undefined => {
  if (requirement.source !== undefined) return requirement.source;
  if (own(run.metrics, requirement.key) !== undefined) return "metrics";
  if (own(run.params, requirement.key) !== undefined) return "params";
  return undefined;
};

/** Whether `run` meets a requirement: the field exists and has one of the dimensions. */
export const meetsRequirement = (run: RunRecord, requirement: DimensionRequirement): boolean => {
  const source = requirementSource(run, requirement);
  if (source === undefined) return false;
  const key = dimensionKeyOf(run, { source, key: requirement.key });
  return key !== undefined && requirement.dimensions.some((d) => d.key === key);
};

export const requirementGuards = (requirements: readonly DimensionRequirement[]): Guard[] =>
  requirements.map((r) => ({ source: r.source, key: r.key, allowed: new Set(r.dimensions.map((d) => d.key)), excluded: new Set() }));
