// Which params matter for a metric, as W&B's parameter-importance panel
// computes it: a random forest fit to predict the metric from the params
// (importance: its impurity-based feature importances) and each param's
// linear correlation with the metric. Params are unit-normalised first (each
// in its common unit across runs), so a run logged in cm and one in m are on
// one axis. Strings become one indicator feature per value (param = value),
// booleans 0/1; a numeric param a run lacks is filled with the mean of the
// others. Params that do not vary carry no information and are left out.

import type { RunComparison } from "@dimexp/compare";
import type { Unit } from "@dimexp/units";
import type { TopLevelSpec } from "vega-lite";
import { type AxisStyle, axisTitle } from "./axis-title.js";
import { type ChartOptions, frame } from "./chart-options.js";
import { metricDisplay, metricOf } from "./internal/display.js";
import { DEFAULT_FOREST, forestImportances, pearson } from "./internal/random-forest.js";

export interface ImportanceOptions {
  /** trees in the forest (default 100) */
  readonly trees?: number | undefined;
  /** seed of the forest's bootstrap (default 42): the same inputs give the same importances */
  readonly seed?: number | undefined;
  /** fraction of features tried at each split (default 1, scikit-learn's regressor default) */
  readonly maxFeatures?: number | undefined;
  /** only these params (default: all) */
  readonly params?: readonly string[] | undefined;
  readonly axisStyle?: AxisStyle | undefined;
}

export interface FeatureImportance {
  /** the param the feature comes from */
  readonly param: string;
  /** the param, or "param = value" for a string param's indicator */
  readonly feature: string;
  /** the param's common unit (numbers), undefined otherwise */
  readonly unit: Unit | undefined;
  /** the feature with its unit, as an axis label: "domain_length [m]" */
  readonly label: string;
  /** the forest's importance (all features sum to 1) */
  readonly importance: number;
  /** Pearson correlation with the metric, in [-1, 1]; NaN when undefined */
  readonly correlation: number;
}

export interface ParameterImportance {
  readonly metric: string;
  readonly unit: Unit;
  /** runs used (those with a value of the metric) */
  readonly runs: number;
  /** most important first */
  readonly features: readonly FeatureImportance[];
  /** params left out, and why */
  readonly skipped: ReadonlyArray<{ readonly param: string; readonly reason: "constant" | "no values" }>;
}

interface Feature {
  param: string;
  feature: string;
  unit: Unit | undefined;
  column: Float64Array;
}

export const parameterImportance = (comparison: RunComparison, metric: string, options: ImportanceOptions = {}): ParameterImportance => {
  const m = metricOf(comparison, metric);
  const entries = m.entries.filter((e) => Number.isFinite(e.value));
  const y = Float64Array.from(entries, (e) => e.value);
  const style = options.axisStyle ?? "brackets";
  const features: Feature[] = [];
  const skipped: Array<{ param: string; reason: "constant" | "no values" }> = [];
  const wanted = options.params ? new Set(options.params) : undefined;
  for (const p of comparison.params.entries) {
    if (wanted && !wanted.has(p.key)) continue;
    const byRun = new Map(p.cells.map((c) => [c.run.id, c.normalized]));
    const values = entries.map((e) => byRun.get(e.run.id));
    const present = values.filter((v) => v !== undefined);
    if (present.length === 0) {
      skipped.push({ param: p.key, reason: "no values" });
      continue;
    }
    const before = features.length;
    if (present.every((v) => typeof v === "number")) {
      const numbers = present as number[];
      const mean = numbers.reduce((a, b) => a + b, 0) / numbers.length;
      features.push({ param: p.key, feature: p.key, unit: p.unit, column: Float64Array.from(values, (v) => (typeof v === "number" ? v : mean)) });
    } else if (present.every((v) => typeof v === "boolean")) {
      features.push({ param: p.key, feature: p.key, unit: undefined, column: Float64Array.from(values, (v) => (v === true ? 1 : 0)) });
    } else {
      for (const category of [...new Set(present.map(String))]) {
        features.push({
          param: p.key,
          feature: `${p.key} = ${category}`,
          unit: undefined,
          column: Float64Array.from(values, (v) => (v !== undefined && String(v) === category ? 1 : 0)),
        });
      }
    }
    // a feature that does not vary over the runs carries no information
    for (let i = features.length - 1; i >= before; i--) {
      const column = (features[i] as Feature).column;
      if (column.every((v) => v === column[0])) features.splice(i, 1);
    }
    if (features.length === before) skipped.push({ param: p.key, reason: "constant" });
  }
  const importances = forestImportances(
    features.map((f) => f.column),
    y,
    {
      ...DEFAULT_FOREST,
      trees: options.trees ?? DEFAULT_FOREST.trees,
      seed: options.seed ?? DEFAULT_FOREST.seed,
      maxFeatures: options.maxFeatures ?? DEFAULT_FOREST.maxFeatures,
    },
  );
  const result: FeatureImportance[] = features.map((f, i) => ({
    param: f.param,
    feature: f.feature,
    unit: f.unit,
    label: axisTitle(f.feature, f.unit, style),
    importance: importances[i] as number,
    correlation: pearson(f.column, y),
  }));
  result.sort((a, b) => b.importance - a.importance || Math.abs(b.correlation || 0) - Math.abs(a.correlation || 0));
  return { metric, unit: m.unit, runs: entries.length, features: result, skipped };
};

/**
 * Two bar charts side by side, one row per param (labelled with its unit):
 * the forest's importance, and the correlation with the metric (green
 * positive, red negative), as in W&B's panel.
 */
export const parameterImportanceSpec = (
  comparison: RunComparison,
  metric: string,
  options: ImportanceOptions & ChartOptions = {},
): TopLevelSpec => {
  const result = parameterImportance(comparison, metric, options);
  const display = metricDisplay(metricOf(comparison, metric), options);
  const values = result.features.map((f) => ({
    param: f.label,
    importance: f.importance,
    correlation: Number.isNaN(f.correlation) ? 0 : f.correlation,
    sign: f.correlation >= 0 ? "positive" : "negative",
  }));
  const order = values.map((v) => v.param);
  const { width, height, ...top } = frame(options, {
    title: `parameter importance for ${axisTitle(metric, display.unit, options.axisStyle)}`,
    subtitle: [`random forest (${options.trees ?? DEFAULT_FOREST.trees} trees) and Pearson correlation over ${result.runs} runs; params unit-normalised`],
    width: 220,
    height: Math.max(60, 28 * values.length),
  });
  return {
    ...top,
    data: { values },
    hconcat: [
      {
        width,
        height,
        mark: { type: "bar", color: "#4c78a8", tooltip: true },
        encoding: {
          y: { field: "param", type: "nominal", sort: order, title: "param", axis: { labelLimit: 260 } },
          x: { field: "importance", type: "quantitative", title: "importance", scale: { domain: [0, 1] } },
        },
      },
      {
        width,
        height,
        mark: { type: "bar", tooltip: true },
        encoding: {
          y: { field: "param", type: "nominal", sort: order, axis: null },
          x: { field: "correlation", type: "quantitative", title: "correlation", scale: { domain: [-1, 1] } },
          color: { field: "sign", type: "nominal", scale: { domain: ["positive", "negative"], range: ["#54a24b", "#e45756"] }, legend: null },
        },
      },
    ],
  };
};
