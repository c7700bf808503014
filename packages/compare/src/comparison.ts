// The result of a comparison: per metric, the common unit and the rule that
// chose it, each run's compared value with its original value and unit, the
// differences against the baseline, the runs left out and why; plus the param
// diff and every warning. Output as typed rows, CSV, or (through
// @dimexp/compare/arrow) an Apache Arrow table.

import { type Unit, formatUnit } from "@dimexp/units";
import type { NormalizedAlignment } from "./alignment.js";
import type { UnitRule } from "./common-unit.js";
import { toCsv } from "./csv.js";
import type { ParamDiff } from "./param-diff.js";
import type { RunRef } from "./series.js";
import type { CompareWarning, ExclusionReason } from "./warnings.js";

export interface OriginalValue {
  readonly value: number;
  /** undefined for a plain number */
  readonly unit: Unit | undefined;
  /** the unit as logged (canonical ASCII), "" for a plain number */
  readonly unitLabel: string;
}

export interface MetricHistoryInUnit {
  readonly steps: Float64Array;
  /** in the comparison's common unit */
  readonly values: Float64Array;
}

export interface MetricEntry {
  readonly run: RunRef;
  /** the compared value, in the common unit */
  readonly value: number;
  /** the step it was taken at (NaN for min/max over a run logged without steps… never: always a logged or grid step) */
  readonly step: number;
  /** true when the value was interpolated between logged steps */
  readonly interpolated: boolean;
  /** the same value as logged: number and unit */
  readonly original: OriginalValue;
  /** value − baseline, in the difference unit (the common unit without an offset) */
  readonly absoluteDiff: number;
  /** (value − baseline) / |baseline|; NaN when the baseline is 0 */
  readonly relativeDiff: number;
  readonly isBaseline: boolean;
  /** the run's whole logged history in the common unit (converted on first use) */
  history(): MetricHistoryInUnit;
}

export interface ExcludedRun {
  readonly run: RunRef;
  readonly reason: ExclusionReason;
}

export type Baseline =
  | { readonly kind: "run"; readonly run: RunRef; readonly value: number }
  | { readonly kind: "mean"; readonly value: number };

export interface CurveSeries {
  readonly run: RunRef;
  /** on the grid, in the common unit; NaN outside the run's logged steps */
  readonly values: Float64Array;
}

export interface MetricCurves {
  /** the common step grid */
  readonly steps: Float64Array;
  readonly series: readonly CurveSeries[];
  /** the baseline run's curve, or the pointwise mean of the runs (computed on first use) */
  baseline(): Float64Array;
  /** value − baseline at every grid step (computed on first use) */
  absoluteDiff(run: string): Float64Array | undefined;
  /** (value − baseline)/|baseline| at every grid step; NaN where the baseline is 0 */
  relativeDiff(run: string): Float64Array | undefined;
}

export interface MetricComparison {
  readonly metric: string;
  /** the common unit every value is shown in */
  readonly unit: Unit;
  /** the common unit as canonical ASCII ("1" for plain numbers) */
  readonly unitLabel: string;
  /** which rule chose the unit: explicit > system > majority > first-run (a tie); no-unit when no run had one */
  readonly rule: UnitRule;
  /** contexts conversions could use */
  readonly contexts: readonly string[];
  /** the unit of absolute differences: the common unit, or for an offset unit its difference unit (degC → delta_degC) */
  readonly differenceUnit: Unit;
  /**
   * the unit relative differences are computed in: the common unit, or for an
   * offset unit its absolute scale (°C, °F → K), whatever the display unit
   */
  readonly relativeUnit: Unit;
  readonly baseline: Baseline;
  /** the compared runs, in the order given */
  readonly entries: readonly MetricEntry[];
  readonly excluded: readonly ExcludedRun[];
  /** present when the alignment interpolates curves */
  readonly curves: MetricCurves | undefined;
}

/** One compared value: a row of `toRows()`, the CSV and the Arrow table. */
export interface ComparisonRow {
  readonly metric: string;
  readonly run: string;
  readonly runId: string;
  readonly step: number;
  readonly value: number;
  readonly unit: string;
  readonly originalValue: number;
  readonly originalUnit: string;
  /** the baseline run's name, or "mean" */
  readonly baseline: string;
  readonly absoluteDiff: number;
  /** the unit of absoluteDiff: `unit`, or a temperature difference (delta_degC) when `unit` has an offset */
  readonly differenceUnit: string;
  /** NaN when the baseline is 0 (empty in CSV, null in Arrow); on the absolute scale (K) for °C and °F */
  readonly relativeDiff: number;
  readonly isBaseline: boolean;
  readonly interpolated: boolean;
}

export const COMPARISON_COLUMNS: readonly (keyof ComparisonRow & string)[] = [
  "metric",
  "run",
  "runId",
  "step",
  "value",
  "unit",
  "originalValue",
  "originalUnit",
  "baseline",
  "absoluteDiff",
  "differenceUnit",
  "relativeDiff",
  "isBaseline",
  "interpolated",
];

/** One point of an interpolated curve (long format). */
export interface CurveRow {
  readonly metric: string;
  readonly run: string;
  readonly runId: string;
  readonly step: number;
  readonly value: number;
  readonly unit: string;
  readonly absoluteDiff: number;
  readonly differenceUnit: string;
  readonly relativeDiff: number;
}

export const CURVE_COLUMNS: readonly (keyof CurveRow & string)[] = [
  "metric",
  "run",
  "runId",
  "step",
  "value",
  "unit",
  "absoluteDiff",
  "differenceUnit",
  "relativeDiff",
];

export type Goal = "min" | "max";

export class RunComparison {
  constructor(
    /** the compared runs, in the order given */
    readonly runs: readonly RunRef[],
    readonly metrics: readonly MetricComparison[],
    readonly params: ParamDiff,
    readonly warnings: readonly CompareWarning[],
    readonly alignment: NormalizedAlignment,
  ) {}

  metric(name: string): MetricComparison | undefined {
    return this.metrics.find((m) => m.metric === name);
  }

  /** Warnings about one metric (or every warning, without a name). */
  warningsFor(metric?: string): CompareWarning[] {
    return this.warnings.filter((w) => metric === undefined || ("metric" in w && w.metric === metric));
  }

  /**
   * The run with the smallest ("min") or largest ("max") value of a metric, in
   * the common unit; NaN values never win. Undefined when no run has a value.
   */
  bestRun(metric: string, goal: Goal): MetricEntry | undefined {
    const m = this.metric(metric);
    let best: MetricEntry | undefined;
    for (const e of m?.entries ?? []) {
      if (Number.isNaN(e.value)) continue;
      if (!best || (goal === "min" ? e.value < best.value : e.value > best.value)) best = e;
    }
    return best;
  }

  /** One row per (metric, compared run), values in each metric's common unit. */
  toRows(): ComparisonRow[] {
    return this.metrics.flatMap((m) =>
      m.entries.map((e) => ({
        metric: m.metric,
        run: e.run.name,
        runId: e.run.id,
        step: e.step,
        value: e.value,
        unit: m.unitLabel,
        originalValue: e.original.value,
        originalUnit: e.original.unitLabel,
        baseline: m.baseline.kind === "run" ? m.baseline.run.name : "mean",
        absoluteDiff: e.absoluteDiff,
        differenceUnit: formatUnit(m.differenceUnit),
        relativeDiff: e.relativeDiff,
        isBaseline: e.isBaseline,
        interpolated: e.interpolated,
      })),
    );
  }

  /** Every point of every interpolated curve (empty unless the alignment interpolates). */
  curveRows(): CurveRow[] {
    const rows: CurveRow[] = [];
    for (const m of this.metrics) {
      const c = m.curves;
      if (!c) continue;
      const differenceUnit = formatUnit(m.differenceUnit);
      for (const s of c.series) {
        const abs = c.absoluteDiff(s.run.id) as Float64Array;
        const rel = c.relativeDiff(s.run.id) as Float64Array;
        for (let i = 0; i < c.steps.length; i++) {
          rows.push({
            metric: m.metric,
            run: s.run.name,
            runId: s.run.id,
            step: c.steps[i] as number,
            value: s.values[i] as number,
            unit: m.unitLabel,
            absoluteDiff: abs[i] as number,
            differenceUnit,
            relativeDiff: rel[i] as number,
          });
        }
      }
    }
    return rows;
  }

  /** The rows as RFC 4180 CSV (NaN as an empty field); `{ curves: true }` for the interpolated curves. */
  toCSV(options: { curves?: boolean } = {}): string {
    return options.curves ? toCsv(this.curveRows(), CURVE_COLUMNS) : toCsv(this.toRows(), COMPARISON_COLUMNS);
  }

  /** A short human summary: one line per run per metric. */
  toString(): string {
    const lines: string[] = [];
    for (const m of this.metrics) {
      const base = m.baseline.kind === "run" ? `baseline ${m.baseline.run.name}` : "baseline: mean";
      lines.push(`${m.metric} [${formatUnit(m.unit, "unicode")}] (${m.rule}; ${base})`);
      for (const e of m.entries) {
        const rel = Number.isNaN(e.relativeDiff) ? "n/a" : `${(e.relativeDiff * 100).toPrecision(3)}%`;
        lines.push(`  ${e.run.name}: ${e.value} (logged ${e.original.value} ${e.original.unitLabel || "(no unit)"}), Δ ${e.absoluteDiff}, Δrel ${rel}`);
      }
      for (const x of m.excluded) lines.push(`  ${x.run.name}: excluded (${x.reason._tag})`);
      if (formatUnit(m.relativeUnit) !== m.unitLabel) {
        lines.push(`  (Δ in ${formatUnit(m.differenceUnit, "unicode")}; Δrel on the absolute scale, ${formatUnit(m.relativeUnit, "unicode")})`);
      }
    }
    return lines.join("\n");
  }
}
