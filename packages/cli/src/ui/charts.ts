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
  return asJson({ ...withScaleZoom(spec), width: "container", autosize: { type: "fit-x", contains: "padding" } });
};

/**
 * Drag to pan, wheel to zoom, double-click to reset. In a layered spec the
 * param goes on the first layer only: a top-level param is copied into every
 * layer, and vega refuses the duplicate signals (a run with a single point
 * adds a point layer to a history chart).
 */
const withScaleZoom = (spec: Record<string, unknown>): Record<string, unknown> => {
  const zoom = { name: "zoom", select: "interval", bind: "scales" };
  const layers = spec.layer as Array<Record<string, unknown>> | undefined;
  if (!layers || layers.length === 0) return { ...spec, params: [...((spec.params as unknown[] | undefined) ?? []), zoom] };
  const [first, ...rest] = layers as [Record<string, unknown>, ...Array<Record<string, unknown>>];
  return { ...spec, layer: [{ ...first, params: [...((first.params as unknown[] | undefined) ?? []), zoom] }, ...rest] };
};

/** Each run's logged array, value against index, in one unit; takes its card's width like the history charts. */
export const arrayChart = (key: string, profiles: readonly ArrayProfile[], options: ArrayProfileOptions): ChartSpec => {
  const spec = arrayProfileSpec(key, profiles, { height: 240, ...options }) as unknown as Record<string, unknown>;
  return asJson({ ...withScaleZoom(spec), width: "container", autosize: { type: "fit-x", contains: "padding" } });
};

/** W&B's parameter-importance panel: a random forest's importances and each param's correlation with `metric`. */
export const importanceChart = (comparison: RunComparison, metric: string): ChartSpec => asJson(parameterImportanceSpec(comparison, metric, { width: 200 }));

/** One line per run across the numeric params that differ and `metric`. */
export const parallelChart = (comparison: RunComparison, metric: string): ChartSpec =>
  asJson(parallelCoordinatesSpec(comparison, { metrics: [metric], height: 240 }));
