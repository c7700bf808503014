// A batch whose param the backend refused (ParamChanged: another writer logged
// that param first). The refusal is final, but the rest of the batch is not
// wrong: it is sent again without that param — and without the unit tags that
// describe it, which would otherwise overwrite the stored param's unit and
// turn the other writer's 1 m into 1 cm.

import type { LogBatch } from "../model.js";
import { TAG } from "../unit-codec.js";

/**
 * `batch` without the param `key` and its codec tags. When `key` is none of
 * the batch's params (a backend that could not say which), every param goes.
 */
export const withoutRefusedParam = (batch: LogBatch, key: string): LogBatch => {
  const refused = batch.params.some((p) => p.key === key) ? [key] : batch.params.map((p) => p.key);
  const dropped = new Set<string>();
  for (const name of refused) {
    dropped.add(TAG.param(name));
    // dimtensor's unit.<name> is shared with a metric or array of the same name: keep it for them
    const shared = batch.metrics.some((m) => m.key === name) || batch.arrays.some((a) => a.key === name);
    if (!shared) dropped.add(TAG.dimtensorUnit(name));
  }
  return {
    ...batch,
    params: batch.params.filter((p) => !refused.includes(p.key)),
    tags: batch.tags.filter((t) => !dropped.has(t.key)),
  };
};
