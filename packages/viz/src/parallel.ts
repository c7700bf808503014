// Parallel coordinates: one vertical axis per param and metric (each titled
// with its unit), one line per run. Each axis is scaled to its own range;
// its minimum and maximum are written at the bottom and top, in its unit.
// The axes are spaced so that their titles never overlap: wide enough for the
// longest title as Vega measures text without a canvas (0.8 em a character,
// so the real text, narrower, fits too), up to a cap. Each title is centred
// on its axis and limited to less than the spacing, so two neighbours (each
// reaching at most half its width to either side) never meet: past the cap a
// title is cut with an ellipsis rather than run into its neighbour.

import type { RunComparison } from "@dimexp/compare";
import type { TopLevelSpec } from "vega-lite";
import { type AxisStyle, axisTitle } from "./axis-title.js";
import { type ChartOptions, frame } from "./chart-options.js";
import { metricDisplay, metricOf } from "./internal/display.js";
import { runLabels } from "./internal/labels.js";
import { shortNumber as short } from "./internal/number-format.js";
import { isNumericParam, numericParam, paramOf } from "./internal/params.js";

export interface ParallelCoordinatesOptions extends ChartOptions {
  /** the params to show (default: the numeric ones that differ between runs, else every numeric one) */
  readonly params?: readonly string[] | undefined;
  /** the metrics to show (default: every compared metric) */
  readonly metrics?: readonly string[] | undefined;
}

/** Vega's axis label size, and its estimate of a character's width without a canvas. */
const LABEL_FONT_SIZE = 10;
const CHAR_WIDTH = 0.8 * LABEL_FONT_SIZE;
const MIN_SPACING = 150;
const MAX_SPACING = 400;
/** room between two neighbouring titles */
const GAP = 16;

/** Pixels per axis: the longest title plus a gap, within [150, 400]. */
const axisSpacing = (titles: readonly string[]): number => {
  const longest = Math.max(0, ...titles.map((t) => t.length));
  return Math.min(MAX_SPACING, Math.max(MIN_SPACING, Math.ceil(longest * CHAR_WIDTH) + GAP));
};

interface Axis {
  readonly title: string;
  readonly values: Map<string, number>;
}

export const parallelCoordinatesSpec = (comparison: RunComparison, options: ParallelCoordinatesOptions = {}): TopLevelSpec => {
  const style: AxisStyle = options.axisStyle ?? "brackets";
  const numeric = comparison.params.entries.filter(isNumericParam);
  const differing = numeric.filter((p) => !p.same);
  const params = options.params ? options.params.map((k) => paramOf(comparison, k)) : differing.length > 0 ? differing : numeric;
  const axes: Axis[] = params.map((p) => ({ title: axisTitle(p.key, p.unit, style), values: numericParam(p) }));
  for (const name of options.metrics ?? comparison.metrics.map((m) => m.metric)) {
    const m = metricOf(comparison, name);
    const display = metricDisplay(m, options);
    axes.push({ title: axisTitle(name, display.unit, style), values: new Map(m.entries.map((e) => [e.run.id, display.convert(e.value)])) });
  }
  const labels = runLabels(comparison.runs);
  const lines: Array<{ run: string; axis: string; value: number; position: number }> = [];
  const ticks: Array<{ axis: string; position: number; text: string }> = [];
  for (const axis of axes) {
    const present = [...axis.values.values()].filter(Number.isFinite);
    const lo = Math.min(...present);
    const hi = Math.max(...present);
    for (const run of comparison.runs) {
      const v = axis.values.get(run.id);
      if (v === undefined || !Number.isFinite(v)) continue;
      lines.push({ run: labels.get(run.id) ?? run.name, axis: axis.title, value: v, position: hi > lo ? (v - lo) / (hi - lo) : 0.5 });
    }
    if (present.length > 0) {
      ticks.push({ axis: axis.title, position: 0, text: short(lo) }, { axis: axis.title, position: 1, text: short(hi) });
    }
  }
  const order = axes.map((a) => a.title);
  const spacing = axisSpacing(order);
  const frameOptions = options.width === undefined ? options : { ...options, width: Math.max(options.width, spacing * axes.length) };
  return {
    ...frame(frameOptions, {
      title: "runs across params and metrics",
      subtitle: ["each axis scaled to its own range; params unit-normalised across runs"],
      width: Math.max(360, spacing * axes.length),
    }),
    layer: [
      {
        data: { values: ticks },
        mark: { type: "rule", color: "#bbbbbb" },
        encoding: { x: { field: "axis", type: "nominal", sort: order, title: null, axis: { orient: "top", labelAngle: 0, labelLimit: spacing - GAP / 4, labelFontSize: LABEL_FONT_SIZE } } },
      },
      {
        data: { values: lines },
        mark: { type: "line", point: true, tooltip: true },
        encoding: {
          x: { field: "axis", type: "nominal", sort: order },
          y: { field: "position", type: "quantitative", axis: null, scale: { domain: [0, 1] } },
          color: { field: "run", type: "nominal", title: "run" },
          detail: { field: "run", type: "nominal" },
          tooltip: [
            { field: "run", type: "nominal" },
            { field: "axis", type: "nominal", title: "axis" },
            { field: "value", type: "quantitative" },
          ],
        },
      },
      {
        data: { values: ticks },
        mark: { type: "text", align: "left", dx: 4, fontSize: 10 },
        encoding: {
          x: { field: "axis", type: "nominal", sort: order },
          y: { field: "position", type: "quantitative" },
          text: { field: "text", type: "nominal" },
        },
      },
    ],
  };
};
