// The dashboard's charts: @dimexp/viz's Vega-Lite specs (axis titles carry
// units: "loss [erg]"), fitted to the page — a history chart takes its card's
// width. Every chart the API sends is made here, and only here.

import type { RunComparison } from "@dimexp/compare";
import { type ArrayProfile, type ArrayProfileOptions, arrayProfileSpec, metricHistorySpec, parallelCoordinatesSpec, parameterImportanceSpec } from "@dimexp/viz";
import type { ChartSpec } from "./api-types.js";

/** A spec as JSON for the API (viz's specs are plain data). */
const asJson = (spec: unknown): ChartSpec => spec as ChartSpec;

/** Each run's history of `metric`, overlaid in the comparison's unit, at most maxPoints per run. */
export const historyChart = (comparison: RunComparison, metric: string, maxPoints: number): ChartSpec => {
  const spec = metricHistorySpec(comparison, metric, { maxPoints, height: 240 }) as unknown as Record<string, unknown>;
  return asJson({
    ...spec,
    width: "container",
    autosize: { type: "fit-x", contains: "padding" },
    // drag to pan, wheel to zoom, double-click to reset
    params: [...((spec.params as unknown[] | undefined) ?? []), { name: "zoom", select: "interval", bind: "scales" }],
  });
};

/** Each run's logged array, value against index, in one unit; takes its card's width like the history charts. */
export const arrayChart = (key: string, profiles: readonly ArrayProfile[], options: ArrayProfileOptions): ChartSpec => {
  const spec = arrayProfileSpec(key, profiles, { height: 240, ...options }) as unknown as Record<string, unknown>;
  // drag to pan, wheel to zoom: on the line layer only (a top-level param is
  // copied into every layer, and vega refuses the duplicate signals)
  const [line, ...rest] = spec.layer as Array<Record<string, unknown>>;
  return asJson({
    ...spec,
    width: "container",
    autosize: { type: "fit-x", contains: "padding" },
    layer: [{ ...line, params: [{ name: "zoom", select: "interval", bind: "scales" }] }, ...rest],
  });
};

/** W&B's parameter-importance panel: a random forest's importances and each param's correlation with `metric`. */
export const importanceChart = (comparison: RunComparison, metric: string): ChartSpec => asJson(parameterImportanceSpec(comparison, metric, { width: 200 }));

/** One line per run across the numeric params that differ and `metric`. */
export const parallelChart = (comparison: RunComparison, metric: string): ChartSpec =>
  asJson(parallelCoordinatesSpec(comparison, { metrics: [metric], height: 240 }));
