// One param against one metric, a point per run: both axes in their units
// (the param unit-normalised across runs, the metric in its display unit).

import type { RunComparison } from "@dimexp/compare";
import { type Unit, applyConverter, converter, toUnit } from "@dimexp/units";
import type { TopLevelSpec } from "vega-lite";
import { axisTitle } from "./axis-title.js";
import { type ChartOptions, finite, frame } from "./chart-options.js";
import { VizException } from "./errors.js";
import { metricDisplay, metricOf } from "./internal/display.js";
import { runLabels } from "./internal/labels.js";
import { TOOLTIP_FORMAT, axisNumberFormat } from "./internal/number-format.js";
import { numericParam, paramOf } from "./internal/params.js";

export interface ParamScatterOptions extends ChartOptions {
  /** show the param in this unit (default: its common unit across the runs) */
  readonly paramUnit?: Unit | string | undefined;
  readonly xScale?: "linear" | "log" | undefined;
  readonly yScale?: "linear" | "log" | undefined;
}

export const paramScatterSpec = (comparison: RunComparison, param: string, metric: string, options: ParamScatterOptions = {}): TopLevelSpec => {
  const m = metricOf(comparison, metric);
  const p = paramOf(comparison, param);
  const display = metricDisplay(m, options);
  let paramUnit = p.unit;
  let toParamUnit = (x: number) => x;
  if (options.paramUnit !== undefined && p.unit) {
    const target = toUnit(options.paramUnit);
    if (target._tag === "Left") throw new VizException(target.left);
    const c = converter(p.unit, target.right);
    if (c._tag === "Left") throw new VizException(c.left);
    paramUnit = target.right;
    toParamUnit = (x) => applyConverter(c.right, x);
  }
  const labels = runLabels(comparison.runs);
  const params = numericParam(p);
  const values = m.entries
    .map((e) => ({ run: labels.get(e.run.id) ?? e.run.name, x: toParamUnit(params.get(e.run.id) ?? Number.NaN), y: display.convert(e.value) }))
    .filter((v) => finite(v.x) && finite(v.y));
  const xTitle = axisTitle(param, paramUnit, options.axisStyle);
  const yTitle = axisTitle(metric, display.unit, options.axisStyle);
  return {
    ...frame(options, { title: `${metric} against ${param}`, subtitle: [`one point per run; ${param} unit-normalised across runs`] }),
    data: { values },
    encoding: {
      x: {
        field: "x",
        type: "quantitative",
        title: xTitle,
        scale: options.xScale === "log" ? { type: "log" } : { zero: false },
        axis: axisNumberFormat(
          values.map((v) => v.x),
          options.xScale === "log" ? "log" : "linear",
        ),
      },
      y: {
        field: "y",
        type: "quantitative",
        title: yTitle,
        scale: options.yScale === "log" ? { type: "log" } : { zero: false },
        axis: axisNumberFormat(
          values.map((v) => v.y),
          options.yScale === "log" ? "log" : "linear",
        ),
      },
    },
    layer: [
      {
        mark: { type: "point", filled: true, size: 90, tooltip: true },
        encoding: {
          color: { field: "run", type: "nominal", title: "run" },
          tooltip: [
            { field: "run", type: "nominal" },
            { field: "x", type: "quantitative", title: xTitle, format: TOOLTIP_FORMAT },
            { field: "y", type: "quantitative", title: yTitle, format: TOOLTIP_FORMAT },
          ],
        },
      },
      { mark: { type: "text", align: "left", dx: 7, dy: -7, fontSize: 10 }, encoding: { text: { field: "run", type: "nominal" } } },
    ],
  };
};
