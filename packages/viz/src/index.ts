// @dimexp/viz — Vega-Lite specs whose axes carry their units. Pure functions:
// nothing here imports vega, vega-lite or a renderer at run time (vega-lite
// only lends its types), so browsers and other apps consume the specs as they
// are. SVG and PNG in Node: @dimexp/viz/render.

export { AXIS_STYLES, type AxisStyle, axisTitle, unitLabel } from "./axis-title.js";
export { type ArrayProfile, type ArrayProfileOptions, arrayProfileSpec } from "./array-profile.js";
export { type ChartOptions, VEGA_LITE_SCHEMA } from "./chart-options.js";
export { runComparisonSpec } from "./comparison-chart.js";
export { type RendererMissing, type UnknownField, type UnsupportedOutput, type VizError, VizException } from "./errors.js";
export { type MetricHistoryOptions, metricHistorySpec } from "./history.js";
export {
  type FeatureImportance,
  type ImportanceOptions,
  type ParameterImportance,
  parameterImportance,
  parameterImportanceSpec,
} from "./importance.js";
export type { DisplayOptions } from "./internal/display.js";
export { type ParallelCoordinatesOptions, parallelCoordinatesSpec } from "./parallel.js";
export { type ParamScatterOptions, paramScatterSpec } from "./scatter.js";
export type { TopLevelSpec } from "vega-lite";
