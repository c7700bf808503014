// Metric vs step, one line per run, every run in one display unit.

import type { RunComparison } from "@dimexp/compare";
import { formatUnit } from "@dimexp/units";
import type { TopLevelSpec } from "vega-lite";
import { axisTitle } from "./axis-title.js";
import { type ChartOptions, finite, frame } from "./chart-options.js";
import { decimate } from "./internal/decimate.js";
import { metricDisplay, metricOf } from "./internal/display.js";
import { runLabels } from "./internal/labels.js";
import { TOOLTIP_FORMAT, axisNumberFormat } from "./internal/number-format.js";

export interface MetricHistoryOptions extends ChartOptions {
  /** y scale: "linear" (default) or "log" (points ≤ 0 are left out) */
  readonly yScale?: "linear" | "log" | undefined;
  /** at most this many points per run go into the spec (default 2000; min/max-preserving thinning) */
  readonly maxPoints?: number | undefined;
}

/** "run-cgs logged erg" notes for the subtitle: which runs were converted, from what. */
export const conversionNotes = (comparison: RunComparison, metric: string, shown: string): string[] => {
  const m = metricOf(comparison, metric);
  const byUnit = new Map<string, string[]>();
  const labels = runLabels(comparison.runs);
  for (const e of m.entries) {
    const from = e.original.unitLabel || "no unit";
    if (from === shown) continue;
    byUnit.set(from, [...(byUnit.get(from) ?? []), labels.get(e.run.id) ?? e.run.name]);
  }
  const notes = [...byUnit].map(([from, runs]) => `${runs.join(", ")}: logged in ${from}, shown in ${shown}`);
  for (const x of m.excluded) notes.push(`${labels.get(x.run.id) ?? x.run.name}: not shown (${x.reason._tag})`);
  return notes;
};

/**
 * Each run's whole logged history of `metric` (entry.history(): compare the
 * runs with a history source to get them), in the comparison's common unit or
 * the one asked for.
 */
export const metricHistorySpec = (comparison: RunComparison, metric: string, options: MetricHistoryOptions = {}): TopLevelSpec => {
  const m = metricOf(comparison, metric);
  const display = metricDisplay(m, options);
  const labels = runLabels(comparison.runs);
  const log = options.yScale === "log";
  const values: Array<{ run: string; step: number; value: number }> = [];
  for (const e of m.entries) {
    const h = e.history();
    const run = labels.get(e.run.id) ?? e.run.name;
    for (const i of decimate(h.steps, h.values, options.maxPoints ?? 2000)) {
      const value = display.convert(h.values[i] as number);
      if (!finite(value) || (log && value <= 0)) continue;
      values.push({ run, step: h.steps[i] as number, value });
    }
  }
  const title = axisTitle(metric, display.unit, options.axisStyle);
  const order = m.entries.map((e) => labels.get(e.run.id) ?? e.run.name);
  // A line through one point draws nothing: those runs get a point instead.
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v.run, (counts.get(v.run) ?? 0) + 1);
  const single = order.filter((run) => counts.get(run) === 1);
  return {
    ...frame(options, { title: `${metric} per step`, subtitle: conversionNotes(comparison, metric, formatUnit(display.unit)) }),
    data: { values },
    encoding: {
      x: { field: "step", type: "quantitative", title: "step", axis: { tickMinStep: 1, ...axisNumberFormat(values.map((v) => v.step)) } },
      y: {
        field: "value",
        type: "quantitative",
        title,
        scale: log ? { type: "log" } : { zero: false },
        axis: axisNumberFormat(
          values.map((v) => v.value),
          log ? "log" : "linear",
        ),
      },
      // Runs keep the comparison's order, in the legend and in drawing: the
      // first is solid and drawn first, later ones dashed on top, so identical
      // curves (the same physics in J and erg) stay visible.
      color: { field: "run", type: "nominal", title: "run", scale: { domain: order } },
      strokeDash: { field: "run", type: "nominal", title: "run", scale: { domain: order } },
      tooltip: [
        { field: "run", type: "nominal" },
        { field: "step", type: "quantitative" },
        { field: "value", type: "quantitative", title, format: TOOLTIP_FORMAT },
      ],
    },
    layer: [
      { mark: { type: "line", strokeWidth: 2 } },
      ...(single.length > 0
        ? [{ transform: [{ filter: { field: "run", oneOf: single } }], mark: { type: "point" as const, filled: true, size: 60 } }]
        : []),
    ],
  };
};
