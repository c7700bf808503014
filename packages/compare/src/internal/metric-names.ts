// The metrics argument: one name or a list of names, each a non-empty string
// given once. compareSeries accepts an empty list (a params-only comparison,
// as the dashboard's runs without metrics need); compareRuns does not.

import type { Either } from "@dimexp/units";
import { type CompareError, clip, emptyArgument, invalidOption } from "../errors.js";

export const checkMetricNames = (metrics: unknown, options: { readonly allowEmpty: boolean }): Either<CompareError, string[]> => {
  const names = typeof metrics === "string" ? [metrics] : metrics;
  if (!Array.isArray(names)) {
    return { _tag: "Left", left: invalidOption("metrics", `expected a metric name or an array of them, not ${metrics === null ? "null" : typeof metrics}`) };
  }
  if (names.length === 0 && !options.allowEmpty) return { _tag: "Left", left: emptyArgument("metrics") };
  const seen = new Set<string>();
  for (const [i, name] of names.entries()) {
    if (typeof name !== "string" || name.trim() === "") {
      return {
        _tag: "Left",
        left: invalidOption("metrics", `item ${i} is ${typeof name === "string" ? "an empty string" : `a ${name === null ? "null" : typeof name}`}; give metric names such as "loss"`),
      };
    }
    if (seen.has(name)) return { _tag: "Left", left: invalidOption("metrics", `the metric ${JSON.stringify(clip(name, 80))} is given twice; give each metric once`) };
    seen.add(name);
  }
  return { _tag: "Right", right: names as string[] };
};
