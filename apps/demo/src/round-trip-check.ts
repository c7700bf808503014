// What "the comparison is identical after the round trip" means, computed:
// every number a reader of the comparison sees — the common unit and the rule
// that chose it, the baseline, each run's final value, step, logged value and
// unit, absolute and relative difference, and its whole history in the common
// unit — listed as named facts, and two comparisons diffed fact by fact with
// Object.is (so -0 ≠ 0 and NaN = NaN, as a lossless format promises).
// Run ids are left out: an import gives runs new ids in the store it writes to.

import type { RunComparison } from "@dimexp/compare";

export type Fact = string | number | boolean;

export const comparisonFacts = (comparison: RunComparison, metric: string): Map<string, Fact> => {
  const facts = new Map<string, Fact>();
  const m = comparison.metric(metric);
  if (!m) {
    facts.set(`${metric}`, "not compared");
    return facts;
  }
  facts.set("common unit", m.unitLabel);
  facts.set("unit rule", m.rule);
  facts.set("baseline", m.baseline.kind === "run" ? m.baseline.run.name : "mean");
  facts.set("baseline value", m.baseline.value);
  for (const e of m.entries) {
    const run = e.run.name;
    facts.set(`${run}: final ${metric}`, e.value);
    facts.set(`${run}: step`, e.step);
    facts.set(`${run}: logged value`, e.original.value);
    facts.set(`${run}: logged unit`, e.original.unitLabel);
    facts.set(`${run}: absolute difference`, e.absoluteDiff);
    facts.set(`${run}: relative difference`, e.relativeDiff);
    facts.set(`${run}: interpolated`, e.interpolated);
    const history = e.history();
    facts.set(`${run}: points`, history.values.length);
    history.values.forEach((value, i) => {
      facts.set(`${run}: point ${i} step`, history.steps[i] as number);
      facts.set(`${run}: point ${i} value`, value);
    });
  }
  for (const x of m.excluded) facts.set(`${x.run.name}: excluded`, x.reason._tag);
  for (const [i, w] of comparison.warningsFor(metric).entries()) facts.set(`warning ${i}`, `${w._tag}: ${w.message}`);
  return facts;
};

/** The facts that differ between two comparisons ("run-cgs: final loss: 5.39 before, 5.38 after"); empty when identical. */
export const comparisonDifferences = (before: RunComparison, after: RunComparison, metric: string): string[] => {
  const a = comparisonFacts(before, metric);
  const b = comparisonFacts(after, metric);
  const differences: string[] = [];
  for (const key of new Set([...a.keys(), ...b.keys()])) {
    const x = a.get(key);
    const y = b.get(key);
    if (!Object.is(x, y)) differences.push(`${key}: ${x === undefined ? "absent" : String(x)} before, ${y === undefined ? "absent" : String(y)} after`);
  }
  return differences;
};
