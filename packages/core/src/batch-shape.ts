// A batch whose columns disagree (a metric with fewer steps than values, an
// array whose shape does not hold its data) cannot be stored by any backend:
// one check, shared by the stores that refuse such batches before writing.

import { type InvalidValue, invalidValue } from "./errors.js";
import type { LogBatch } from "./model.js";

export const batchShapeProblem = (batch: LogBatch): InvalidValue | undefined => {
  for (const m of batch.metrics) {
    if (m.steps.length !== m.values.length || m.timestamps.length !== m.values.length) {
      return invalidValue(
        `metric "${m.key}" in batch ${batch.id}`,
        `it has ${m.values.length} values, ${m.steps.length} steps and ${m.timestamps.length} timestamps; every point needs all three`,
      );
    }
  }
  for (const a of batch.arrays) {
    const size = a.shape.reduce((n, d) => n * d, 1);
    if (!a.shape.every((d) => Number.isInteger(d) && d >= 0) || size !== a.data.length) {
      return invalidValue(`array "${a.key}" in batch ${batch.id}`, `its shape [${a.shape.join(", ")}] does not hold ${a.data.length} values`);
    }
  }
  return undefined;
};
