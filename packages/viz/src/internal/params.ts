// Param values per run, unit-normalised by the comparison's param diff: each
// numeric param in its common unit (1 m and 100 cm are both 1 m).

import type { ParamDiffEntry, RunComparison } from "@dimexp/compare";
import { unknownField } from "../errors.js";

export const paramOf = (comparison: RunComparison, key: string): ParamDiffEntry => {
  const p = comparison.params.get(key);
  if (!p) throw unknownField("param", key, comparison.params.entries.map((e) => e.key));
  return p;
};

/** The normalised numeric value of a param for each run id (NaN where missing or not a number). */
export const numericParam = (entry: ParamDiffEntry): Map<string, number> =>
  new Map(entry.cells.map((c) => [c.run.id, typeof c.normalized === "number" ? c.normalized : Number.NaN]));

export const isNumericParam = (entry: ParamDiffEntry): boolean =>
  entry.cells.some((c) => typeof c.normalized === "number") && entry.cells.every((c) => c.normalized === undefined || typeof c.normalized === "number");
