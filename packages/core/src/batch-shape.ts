// A batch that no store can hold faithfully is refused, by every backend,
// before anything of it is written (memory, local, MLflow and W&B call this
// first in logBatch; a backend of your own should too — the contract suite in
// @dimexp/core/testing sends such batches and expects an InvalidValue):
//
//   - a key (param, tag, metric, array) that is empty or not a string: no store can name it;
//   - a param or tag value that is not a string;
//   - a metric whose steps, values and timestamps differ in length;
//   - an array whose shape does not hold its data.
//
// Accepted, and kept exactly by every backend (the contract checks the first
// three): fractional, negative and repeated steps, and NaN, ±Infinity and -0
// in values, steps and timestamps. MLflow keeps only int64 steps; its backend
// records the exact ones beside them (fidelity.ts), W&B's in _dimexp_step, and
// io's files and the local store keep them bit for bit — refusing a NaN step
// here would make runs those stores hold impossible to copy.

import { type InvalidValue, invalidValue, quoteInput } from "./errors.js";
import type { LogBatch } from "./model.js";

const keyProblem = (kind: string, key: unknown, id: string): InvalidValue | undefined =>
  typeof key === "string" && key !== ""
    ? undefined
    : invalidValue(`${kind} key in batch ${id}`, `got ${typeof key === "string" ? "an empty string" : typeof key}; every ${kind} needs a non-empty name`);

export const batchShapeProblem = (batch: LogBatch): InvalidValue | undefined => {
  for (const [kind, entries] of [["param", batch.params], ["tag", batch.tags]] as const) {
    for (const entry of entries) {
      const problem = keyProblem(kind, entry.key, batch.id);
      if (problem) return problem;
      if (typeof entry.value !== "string") {
        return invalidValue(`${kind} ${quoteInput(entry.key)} in batch ${batch.id}`, `its value is ${typeof entry.value}; ${kind} values are strings`);
      }
    }
  }
  for (const m of batch.metrics) {
    const problem = keyProblem("metric", m.key, batch.id);
    if (problem) return problem;
    if (m.steps.length !== m.values.length || m.timestamps.length !== m.values.length) {
      return invalidValue(
        `metric "${m.key}" in batch ${batch.id}`,
        `it has ${m.values.length} values, ${m.steps.length} steps and ${m.timestamps.length} timestamps; every point needs all three`,
      );
    }
  }
  for (const a of batch.arrays) {
    const problem = keyProblem("array", a.key, batch.id);
    if (problem) return problem;
    const size = a.shape.reduce((n, d) => n * d, 1);
    if (!a.shape.every((d) => Number.isInteger(d) && d >= 0) || size !== a.data.length) {
      return invalidValue(`array "${a.key}" in batch ${batch.id}`, `its shape [${a.shape.join(", ")}] does not hold ${a.data.length} values`);
    }
  }
  return undefined;
};
