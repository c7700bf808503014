// What a comparison reads: for each run, its metrics as (steps, values) with
// the unit they were logged in, and optionally its params. compareSeries takes
// these directly (already loaded, synchronous); compareRuns builds them from
// core Runs and a history loader.

import type { Quantity, Unit } from "@dimexp/units";

export interface RunRef {
  readonly name: string;
  readonly id: string;
}

export interface MetricInput {
  /** the logged values, in `unit` */
  readonly values: ArrayLike<number>;
  /** the step of each value (ascending is fastest; default 0, 1, 2, …) */
  readonly steps?: ArrayLike<number> | undefined;
  /** the unit the values are in; undefined for plain numbers */
  readonly unit?: Unit | string | undefined;
  /** a stored unit label that could not be parsed (kept for the warning) */
  readonly unitLabel?: string | undefined;
}

export type ParamInput = Quantity | number | string | boolean;

export interface ParamWithUnit {
  readonly value: number | string | boolean;
  readonly unit: Unit | undefined;
  /** a stored unit label that could not be parsed */
  readonly unitLabel?: string | undefined;
}

export interface RunSeries {
  readonly name: string;
  /** default: the name */
  readonly id?: string | undefined;
  readonly metrics: Readonly<Record<string, MetricInput | undefined>>;
  readonly params?: Readonly<Record<string, ParamInput | ParamWithUnit | undefined>> | undefined;
}

/** A run's metric by name: own properties only (a metric named "constructor" or "toString" is not Object's). */
export const metricInput = (series: RunSeries, metric: string): MetricInput | undefined =>
  Object.hasOwn(series.metrics, metric) ? series.metrics[metric] : undefined;

export const runRef = (series: RunSeries): RunRef => ({ name: series.name, id: series.id ?? series.name });

export const toFloat64 = (values: ArrayLike<number>): Float64Array =>
  values instanceof Float64Array ? values : Float64Array.from(values);

/** 0, 1, …, n-1, shared between series of the same length (never mutated). */
const implicitSteps = new Map<number, Float64Array>();
export const defaultSteps = (n: number): Float64Array => {
  let steps = implicitSteps.get(n);
  if (!steps) {
    steps = new Float64Array(n);
    for (let i = 0; i < n; i++) steps[i] = i;
    if (implicitSteps.size > 64) implicitSteps.clear();
    implicitSteps.set(n, steps);
  }
  return steps;
};

const isSorted = (steps: Float64Array): boolean => {
  for (let i = 1; i < steps.length; i++) if ((steps[i] as number) < (steps[i - 1] as number)) return false;
  return true;
};

/** Steps ascending (a stable sort of the points when they were not), values alongside. */
export const sortedSeries = (steps: Float64Array, values: Float64Array): { steps: Float64Array; values: Float64Array } => {
  if (isSorted(steps)) return { steps, values };
  const order = Array.from(steps, (_, i) => i).sort((a, b) => (steps[a] as number) - (steps[b] as number) || a - b);
  return { steps: Float64Array.from(order, (i) => steps[i] as number), values: Float64Array.from(order, (i) => values[i] as number) };
};
