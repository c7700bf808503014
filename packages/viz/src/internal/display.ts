// The unit a chart shows a metric in: the comparison's common unit, or
// another one the caller asks for (converted with the comparison's contexts).

import type { MetricComparison, RunComparison } from "@dimexp/compare";
import { type Unit, applyConverter, converter, getSystem, toUnit } from "@dimexp/units";
import { VizException, unknownField } from "../errors.js";

export interface DisplayOptions {
  /** show values in this unit instead of the comparison's common unit */
  readonly unit?: Unit | string | undefined;
  /** or in this system's unit for the quantity ("si", "cgs", "natural", …) */
  readonly system?: string | undefined;
}

export interface Display {
  readonly unit: Unit;
  readonly convert: (value: number) => number;
}

export const metricOf = (comparison: RunComparison, metric: string): MetricComparison => {
  const m = comparison.metric(metric);
  if (!m) throw unknownField("metric", metric, comparison.metrics.map((x) => x.metric));
  return m;
};

const orThrow = <A>(result: { _tag: "Left"; left: import("@dimexp/units").UnitsError } | { _tag: "Right"; right: A }): A => {
  if (result._tag === "Left") throw new VizException(result.left);
  return result.right;
};

/** How to show values that are in `from` (with these contexts): in the asked unit or system, else as they are. */
export const displayFor = (from: Unit, contexts: readonly string[], options: DisplayOptions): Display => {
  let target: Unit | undefined;
  const ctx = new Set(contexts);
  if (options.unit !== undefined) target = orThrow(toUnit(options.unit));
  else if (options.system !== undefined) {
    const system = orThrow(getSystem(options.system));
    if (system.context) ctx.add(system.context);
    target = orThrow(system.canonicalUnit(from.dimension));
  }
  if (!target || target === from) return { unit: from, convert: (x) => x };
  const c = orThrow(converter(from, target, ctx.size > 0 ? { context: [...ctx] } : {}));
  if (c.kind === "linear" && c.scale === 1 && c.offset === 0) return { unit: target, convert: (x) => x };
  return { unit: target, convert: (x) => applyConverter(c, x) };
};

export const metricDisplay = (m: MetricComparison, options: DisplayOptions): Display => displayFor(m.unit, m.contexts, options);
