import type { TopLevelSpec } from "vega-lite";
import type { AxisStyle } from "./axis-title.js";
import type { DisplayOptions } from "./internal/display.js";

export interface ChartOptions extends DisplayOptions {
  /** how axis titles carry units: "brackets" (loss [J], default), "slash" (loss / J) or "latex" */
  readonly axisStyle?: AxisStyle | undefined;
  /** the chart's title (each chart has a default) */
  readonly title?: string | undefined;
  /** plot area in pixels */
  readonly width?: number | undefined;
  readonly height?: number | undefined;
}

export const VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json";

/** The parts every chart shares: schema, size, title, a white background (for PNG). */
export const frame = (
  options: ChartOptions,
  defaults: { title: string; subtitle?: string[] | undefined; width?: number; height?: number },
): Pick<TopLevelSpec, "$schema" | "background" | "title"> & { width: number; height: number } => ({
  $schema: VEGA_LITE_SCHEMA,
  background: "white",
  title:
    defaults.subtitle && defaults.subtitle.length > 0
      ? { text: options.title ?? defaults.title, subtitle: defaults.subtitle, anchor: "start" }
      : { text: options.title ?? defaults.title, anchor: "start" },
  width: options.width ?? defaults.width ?? 480,
  height: options.height ?? defaults.height ?? 300,
});

/** JSON has no NaN or Infinity: those points are left out of chart data. */
export const finite = (value: number): boolean => Number.isFinite(value);
