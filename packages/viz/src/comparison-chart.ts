// One bar per run: the compared value in the display unit, the baseline
// marked, and what each run logged (value and unit) written beside its bar.

import { type RunComparison, describeAlignment } from "@dimexp/compare";
import { formatUnit } from "@dimexp/units";
import type { TopLevelSpec } from "vega-lite";
import { axisTitle } from "./axis-title.js";
import { type ChartOptions, finite, frame } from "./chart-options.js";
import { metricDisplay, metricOf } from "./internal/display.js";
import { runLabels } from "./internal/labels.js";
import { TOOLTIP_FORMAT, axisNumberFormat, shortNumber as short } from "./internal/number-format.js";
import { conversionNotes } from "./history.js";

export const runComparisonSpec = (comparison: RunComparison, metric: string, options: ChartOptions = {}): TopLevelSpec => {
  const m = metricOf(comparison, metric);
  const display = metricDisplay(m, options);
  const labels = runLabels(comparison.runs);
  const values = m.entries
    .filter((e) => finite(display.convert(e.value)))
    .map((e) => ({
      run: labels.get(e.run.id) ?? e.run.name,
      value: display.convert(e.value),
      logged: `${short(e.original.value)}${e.original.unitLabel ? ` ${e.original.unitLabel}` : ""}`,
      relative: Number.isNaN(e.relativeDiff) ? "n/a" : `${e.relativeDiff >= 0 ? "+" : ""}${(e.relativeDiff * 100).toPrecision(3)}%`,
      role: e.isBaseline ? "baseline" : "run",
      step: e.step,
    }));
  const baseline = m.baseline.kind === "run" ? `baseline ${labels.get(m.baseline.run.id) ?? m.baseline.run.name}` : "baseline: the mean";
  const subtitle = [`${describeAlignment(comparison.alignment)} value; ${baseline}`, ...conversionNotes(comparison, metric, formatUnit(display.unit))];
  return {
    ...frame(options, { title: `${metric} by run`, subtitle, height: Math.max(60, 32 * values.length) }),
    data: { values: values.map((v) => ({ ...v, label: `${v.run} (logged ${v.logged})` })) },
    mark: { type: "bar", tooltip: true },
    encoding: {
      y: { field: "label", type: "nominal", title: "run (as logged)", sort: null, axis: { labelLimit: 320 } },
      x: {
        field: "value",
        type: "quantitative",
        title: axisTitle(metric, display.unit, options.axisStyle),
        axis: axisNumberFormat(values.map((v) => v.value)),
      },
      color: {
        field: "role",
        type: "nominal",
        title: null,
        // the baseline colour only when a run is the baseline (not the mean)
        scale: m.baseline.kind === "run" ? { domain: ["baseline", "run"], range: ["#e45756", "#4c78a8"] } : { domain: ["run"], range: ["#4c78a8"] },
        legend: m.baseline.kind === "run" ? {} : null,
      },
      tooltip: [
        { field: "run", type: "nominal" },
        { field: "value", type: "quantitative", title: axisTitle(metric, display.unit, options.axisStyle), format: TOOLTIP_FORMAT },
        { field: "logged", type: "nominal", title: "as logged" },
        { field: "relative", type: "nominal", title: "vs baseline" },
        { field: "step", type: "quantitative" },
      ],
    },
  };
};
