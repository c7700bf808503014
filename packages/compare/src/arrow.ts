// @dimexp/compare/arrow — a comparison as an Apache Arrow table, the columnar
// format DuckDB, Polars and pandas (through pyarrow) read without copying.
// Kept out of the main entry so that apache-arrow loads only when asked for.
//
// Columns are the ComparisonRow (or CurveRow) fields; text columns are
// dictionary-encoded (pandas reads them as categoricals). `relativeDiff` is
// null where it is undefined (a zero baseline); NaN values that were logged
// stay NaN. The schema metadata "dimexp.units" maps each metric to its common
// unit, and every `value` field carries the unit when there is only one.

import {
  Bool,
  Dictionary,
  Field,
  Float64,
  Int32,
  Schema,
  Table,
  Utf8,
  type Vector,
  makeVector,
  tableToIPC,
  vectorFromArray,
} from "apache-arrow";
import type { RunComparison } from "./comparison.js";

export interface ArrowOptions {
  /** the interpolated curves (long format: one row per run per grid step) instead of one row per run */
  readonly curves?: boolean;
}

const text = (values: readonly string[]): Vector<Dictionary<Utf8, Int32>> =>
  vectorFromArray(values, new Dictionary(new Utf8(), new Int32()));

const numbers = (values: ArrayLike<number>): Vector<Float64> =>
  makeVector(values instanceof Float64Array ? values : Float64Array.from(values));

const nullableNumbers = (values: ArrayLike<number>): Vector<Float64> =>
  vectorFromArray(Array.from(values, (v) => (Number.isNaN(v) ? null : v)), new Float64());

const withMetadata = (table: Table, comparison: RunComparison): Table => {
  const units: Record<string, string> = {};
  for (const m of comparison.metrics) units[m.metric] = m.unitLabel;
  const single = comparison.metrics.length === 1 ? comparison.metrics[0]?.unitLabel : undefined;
  const fields = table.schema.fields.map((f) =>
    f.name === "value" && single !== undefined ? new Field(f.name, f.type, f.nullable, new Map([["unit", single]])) : f,
  );
  const metadata = new Map([
    ["dimexp.units", JSON.stringify(units)],
    ["dimexp.alignment", JSON.stringify(comparison.alignment.kind)],
  ]);
  return new Table(new Schema(fields, metadata), table.batches.map((b) => b));
};

/** One row per (metric, run), or with `{ curves: true }` one row per curve point. */
export const toArrow = (comparison: RunComparison, options: ArrowOptions = {}): Table => {
  if (options.curves) {
    const rows = comparison.curveRows();
    const table = new Table({
      metric: text(rows.map((r) => r.metric)),
      run: text(rows.map((r) => r.run)),
      runId: text(rows.map((r) => r.runId)),
      step: numbers(rows.map((r) => r.step)),
      value: numbers(rows.map((r) => r.value)),
      unit: text(rows.map((r) => r.unit)),
      absoluteDiff: numbers(rows.map((r) => r.absoluteDiff)),
      differenceUnit: text(rows.map((r) => r.differenceUnit)),
      relativeDiff: nullableNumbers(rows.map((r) => r.relativeDiff)),
    });
    return withMetadata(table, comparison);
  }
  const rows = comparison.toRows();
  const table = new Table({
    metric: text(rows.map((r) => r.metric)),
    run: text(rows.map((r) => r.run)),
    runId: text(rows.map((r) => r.runId)),
    step: numbers(rows.map((r) => r.step)),
    value: numbers(rows.map((r) => r.value)),
    unit: text(rows.map((r) => r.unit)),
    originalValue: numbers(rows.map((r) => r.originalValue)),
    originalUnit: text(rows.map((r) => r.originalUnit)),
    baseline: text(rows.map((r) => r.baseline)),
    absoluteDiff: numbers(rows.map((r) => r.absoluteDiff)),
    differenceUnit: text(rows.map((r) => r.differenceUnit)),
    relativeDiff: nullableNumbers(rows.map((r) => r.relativeDiff)),
    isBaseline: vectorFromArray(rows.map((r) => r.isBaseline), new Bool()),
    interpolated: vectorFromArray(rows.map((r) => r.interpolated), new Bool()),
  });
  return withMetadata(table, comparison);
};

/**
 * The table in Arrow's IPC format: "file" (the .arrow / Feather v2 file that
 * pyarrow.feather, DuckDB and Polars open) or "stream".
 */
export const toArrowIPC = (comparison: RunComparison, options: ArrowOptions & { format?: "file" | "stream" } = {}): Uint8Array =>
  tableToIPC(toArrow(comparison, options), options.format ?? "file");
