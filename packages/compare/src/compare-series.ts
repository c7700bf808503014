// The synchronous core: runs whose metric histories are already in memory →
// a RunComparison. compareRuns (compare-runs.ts) loads histories and calls it.

import { type ContextOption, type Converter, type Either, Unit, type UnitSystem, converter, formatUnit, getSystem, toUnit } from "@dimexp/units";
import { type Alignment, type NormalizedAlignment, normalizeAlignment } from "./alignment.js";
import { type CommonUnit, bridgingContext, chooseCommonUnit, isUnitless } from "./common-unit.js";
import {
  type Baseline,
  type CurveSeries,
  type ExcludedRun,
  type MetricComparison,
  type MetricCurves,
  type MetricEntry,
  type MetricHistoryInUnit,
  RunComparison,
} from "./comparison.js";
import { absoluteDifference, meanOf, relativeDifference } from "./differences.js";
import { type CompareError, type DisplayUnitMismatch, displayUnitMismatch, emptyArgument, invalidOption, unknownBaseline, unknownMetric } from "./errors.js";
import { resample, sameSteps, unionSteps, valueAt } from "./internal/interpolate.js";
import { checkMetricNames } from "./internal/metric-names.js";
import { closestNames } from "./internal/suggest.js";
import { diffParams } from "./param-diff.js";
import { type MetricInput, type RunRef, type RunSeries, defaultSteps, metricInput, runRef, sortedSeries, toFloat64 } from "./series.js";
import {
  type CompareWarning,
  baselineExcluded,
  dimensionlessMixed,
  incompatibleDimensions,
  missingMetric,
  mixedUnitsConverted,
  relativeOnAbsoluteScale,
  stepNotLogged,
  unreadableUnit,
  zeroBaseline,
} from "./warnings.js";

export interface CompareOptions {
  /**
   * The display unit (rule 1 of the common-unit rule), for every metric or per
   * metric: `{ loss: "erg" }`.
   */
  readonly unit?: Unit | string | Readonly<Record<string, Unit | string>> | undefined;
  /** a unit system (rule 2): "si", "cgs", "natural", "atomic", "planck" */
  readonly system?: string | UnitSystem | undefined;
  /** contexts that may relate different dimensions: "natural" makes GeV⁻¹ and m commensurable */
  readonly context?: ContextOption | undefined;
  /** the run (name or id) differences are taken against; default: the mean of the runs */
  readonly baseline?: string | undefined;
  /** how histories become compared values: "last" (default), "min", "max", { at }, "interpolate" */
  readonly align?: Alignment | undefined;
  /** runs that logged plain numbers where the others have a unit: "exclude" (default) or read them "as-common-unit" */
  readonly dimensionless?: "exclude" | "as-common-unit" | undefined;
  /** relative tolerance for equal params (default 1e-9) */
  readonly paramTolerance?: number | undefined;
}

const IDENTITY: Converter = { kind: "linear", scale: 1, offset: 0 };

interface Prepared {
  readonly index: number;
  readonly run: RunRef;
  readonly steps: Float64Array;
  /** as logged */
  readonly values: Float64Array;
  readonly unit: Unit | undefined;
  readonly unitLabel: string;
  readonly convert: Converter;
}

const unitOption = (option: CompareOptions["unit"], metric: string): Unit | string | undefined => {
  if (option === undefined || typeof option === "string") return option;
  if (option instanceof Unit) return option;
  return (option as Readonly<Record<string, Unit | string>>)[metric];
};

const findBaseline = (refs: readonly RunRef[], baseline: string): number => {
  const byId = refs.findIndex((r) => r.id === baseline);
  return byId >= 0 ? byId : refs.findIndex((r) => r.name === baseline);
};

const apply = (c: Converter, x: number): number =>
  c.kind === "linear" ? x * c.scale + c.offset : c.kind === "reciprocal" ? c.factor / x : c.apply(x);

/** Index of the smallest or largest value (NaN ignored), comparing in the common unit. */
const extremeIndex = (values: Float64Array, convert: Converter, goal: "min" | "max"): number => {
  // A linear map with a positive scale keeps the order: scan the raw values.
  const monotone = convert.kind === "linear" && convert.scale > 0;
  let best = -1;
  let bestValue = 0;
  const n = values.length;
  for (let i = 0; i < n; i++) {
    const raw = values[i] as number;
    if (Number.isNaN(raw)) continue;
    const v = monotone ? raw : apply(convert, raw);
    if (Number.isNaN(v)) continue;
    if (best < 0 || (goal === "min" ? v < bestValue : v > bestValue)) {
      best = i;
      bestValue = v;
    }
  }
  return best;
};

const lastIndex = (steps: Float64Array): number => steps.length - 1;

/**
 * Runs usually log the same steps. A run whose steps equal a grid already
 * seen shares that array, so later grid checks (union, resampling) are one
 * reference comparison instead of a pass over the steps; only a new grid is
 * checked for order (and sorted when needed).
 */
const internSteps = (grids: Float64Array[], steps: Float64Array, values: Float64Array): { steps: Float64Array; values: Float64Array } => {
  for (const grid of grids) if (sameSteps(grid, steps)) return { steps: grid, values };
  const sorted = sortedSeries(steps, values);
  if (grids.length < 8) grids.push(sorted.steps);
  return sorted;
};

/** (value, baseline) → relative difference, on the scale relative differences are taken on. */
type Relative = (value: number, baseline: number) => number;

const makeEntry = (
  p: Prepared,
  pick: { value: number; step: number; interpolated: boolean; original: number },
  baseline: number,
  isBaseline: boolean,
  relative: Relative,
): MetricEntry => {
  let history: MetricHistoryInUnit | undefined;
  return {
    run: p.run,
    value: pick.value,
    step: pick.step,
    interpolated: pick.interpolated,
    original: { value: pick.original, unit: p.unit, unitLabel: p.unitLabel },
    absoluteDiff: absoluteDifference(pick.value, baseline),
    relativeDiff: relative(pick.value, baseline),
    isBaseline,
    history: () => {
      if (!history) {
        const values = new Float64Array(p.values.length);
        for (let i = 0; i < values.length; i++) values[i] = apply(p.convert, p.values[i] as number);
        history = { steps: p.steps, values };
      }
      return history;
    },
  };
};

const buildCurves = (prepared: readonly Prepared[], grid: Float64Array, baselineIndex: number, relative: Relative): MetricCurves => {
  const series: CurveSeries[] = prepared.map((p) => ({ run: p.run, values: resample(p.steps, p.values, grid, p.convert) }));
  let baseline: Float64Array | undefined;
  const abs = new Map<string, Float64Array>();
  const rel = new Map<string, Float64Array>();
  const baselineCurve = (): Float64Array => {
    if (baseline) return baseline;
    const own = baselineIndex >= 0 ? series.find((_, i) => prepared[i]?.index === baselineIndex) : undefined;
    if (own) baseline = own.values;
    else {
      const mean = new Float64Array(grid.length);
      const counts = new Float64Array(grid.length);
      for (const s of series) {
        for (let i = 0; i < grid.length; i++) {
          const v = s.values[i] as number;
          if (!Number.isNaN(v)) {
            mean[i] = (mean[i] as number) + v;
            counts[i] = (counts[i] as number) + 1;
          }
        }
      }
      for (let i = 0; i < grid.length; i++) mean[i] = (counts[i] as number) > 0 ? (mean[i] as number) / (counts[i] as number) : Number.NaN;
      baseline = mean;
    }
    return baseline;
  };
  const find = (run: string) => series.find((s) => s.run.id === run) ?? series.find((s) => s.run.name === run);
  return {
    steps: grid,
    series,
    baseline: baselineCurve,
    absoluteDiff(run) {
      const s = find(run);
      if (!s) return undefined;
      let out = abs.get(s.run.id);
      if (!out) {
        const b = baselineCurve();
        out = new Float64Array(grid.length);
        for (let i = 0; i < grid.length; i++) out[i] = (s.values[i] as number) - (b[i] as number);
        abs.set(s.run.id, out);
      }
      return out;
    },
    relativeDiff(run) {
      const s = find(run);
      if (!s) return undefined;
      let out = rel.get(s.run.id);
      if (!out) {
        const b = baselineCurve();
        out = new Float64Array(grid.length);
        for (let i = 0; i < grid.length; i++) out[i] = relative(s.values[i] as number, b[i] as number);
        rel.set(s.run.id, out);
      }
      return out;
    },
  };
};

/** The temperature-difference unit of an offset unit (degC → delta_degC), else the unit itself. */
const deltaUnit = (unit: Unit): Unit => {
  if (!unit.offset) return unit;
  const term = unit.terms.length === 1 ? unit.terms[0] : undefined;
  if (term && !term.prefix && term.exponent.n === term.exponent.d) {
    const named = toUnit(`delta_${term.atom.ascii}`);
    if (named._tag === "Right" && !named.right.offset) return named.right;
  }
  return unit.withoutOffset();
};

/** For an offset unit: its absolute (SI) scale, K for temperatures, and how a value in it maps there. */
const absoluteScale = (unit: Unit): { unit: Unit; label: string; scale: number; offset: number } | undefined => {
  if (!unit.offset) return undefined;
  const si = getSystem("si");
  const target = si._tag === "Right" ? si.right.canonicalUnit(unit.dimension) : undefined;
  const c = target?._tag === "Right" ? converter(unit, target.right) : undefined;
  if (!target || target._tag === "Left" || !c || c._tag === "Left" || c.right.kind !== "linear") return undefined;
  return { unit: target.right, label: formatUnit(target.right), scale: c.right.scale, offset: c.right.offset };
};

interface MetricResult {
  readonly comparison: MetricComparison;
  readonly warnings: CompareWarning[];
}

const readUnit = (input: MetricInput): { unit: Unit | undefined; unreadable: string | undefined } => {
  if (input.unit === undefined) return { unit: undefined, unreadable: input.unitLabel };
  const parsed = toUnit(input.unit);
  if (parsed._tag === "Left") return { unit: undefined, unreadable: typeof input.unit === "string" ? input.unit : input.unitLabel };
  return { unit: parsed.right, unreadable: undefined };
};

const compareMetric = (
  runs: readonly RunSeries[],
  refs: readonly RunRef[],
  metric: string,
  choice: CommonUnit,
  align: NormalizedAlignment,
  baselineIndex: number,
  options: CompareOptions,
): MetricResult => {
  const warnings: CompareWarning[] = [];
  const excluded: ExcludedRun[] = [];
  const common = choice.unit;
  const commonLabel = formatUnit(common);
  const context = choice.contexts.length > 0 ? { context: choice.contexts } : {};
  const prepared: Prepared[] = [];
  const converted = new Map<string, { runs: string[]; context: string | undefined }>();
  const dimensionlessExcluded: string[] = [];
  const dimensionlessAsCommon: string[] = [];
  const treatAsCommon = options.dimensionless === "as-common-unit";
  const grids: Float64Array[] = [];

  runs.forEach((series, index) => {
    const run = refs[index] as RunRef;
    const input = metricInput(series, metric);
    if (!input || input.values.length === 0) {
      const w = missingMetric(metric, run.name);
      excluded.push({ run, reason: w });
      warnings.push(w);
      return;
    }
    const { unit, unreadable } = readUnit(input);
    if (unreadable !== undefined) {
      const w = unreadableUnit(metric, run.name, unreadable);
      excluded.push({ run, reason: w });
      warnings.push(w);
      return;
    }
    let convert: Converter;
    if (isUnitless(unit) !== isUnitless(common)) {
      if (unit === undefined && treatAsCommon) {
        dimensionlessAsCommon.push(run.name);
        convert = IDENTITY;
      } else {
        dimensionlessExcluded.push(run.name);
        excluded.push({ run, reason: dimensionlessMixed(metric, [run.name], commonLabel, "excluded") });
        return;
      }
    } else if (unit === undefined) {
      // a plain number against a dimensionless common unit (1, %, ppm): a pure number
      const c = converter(Unit.dimensionless, common);
      convert = c._tag === "Right" ? c.right : IDENTITY;
    } else {
      const c = converter(unit, common, context);
      if (c._tag === "Left") {
        const e = c.left;
        const w =
          e._tag === "DimensionMismatch"
            ? incompatibleDimensions(metric, run.name, formatUnit(unit), commonLabel, e.fromDimension, e.toDimension, e.contexts)
            : incompatibleDimensions(metric, run.name, formatUnit(unit), commonLabel, unit.dimension.describe(), common.dimension.describe(), []);
        excluded.push({ run, reason: w });
        warnings.push(w);
        return;
      }
      convert = c.right;
      const label = formatUnit(unit);
      if (label !== commonLabel) {
        const group = converted.get(label) ?? { runs: [], context: bridgingContext(unit, common, choice.contexts) };
        group.runs.push(run.name);
        converted.set(label, group);
      }
    }
    const raw = internSteps(grids, input.steps ? toFloat64(input.steps) : defaultSteps(input.values.length), toFloat64(input.values));
    prepared.push({
      index,
      run,
      steps: raw.steps,
      values: raw.values,
      unit,
      unitLabel: unit ? formatUnit(unit) : "",
      convert,
    });
  });

  for (const [from, group] of converted) warnings.push(mixedUnitsConverted(metric, from, commonLabel, group.context, group.runs));

  // Offset units (°C, °F): a ratio of two readings means something only on
  // the absolute scale, so relative differences are taken in K whatever the
  // display unit (+1.15%, not +14.6% in °C or +8.31% in °F for the same runs);
  // absolute differences are temperature differences (delta_degC).
  const differenceUnit = deltaUnit(common);
  const absolute = absoluteScale(common);
  const relative: Relative = absolute
    ? (value, base) => relativeDifference(value * absolute.scale + absolute.offset, base * absolute.scale + absolute.offset)
    : relativeDifference;
  if (absolute || prepared.some((p) => p.unit?.offset !== undefined)) {
    warnings.push(relativeOnAbsoluteScale(metric, commonLabel, absolute?.label ?? commonLabel, formatUnit(differenceUnit)));
  }
  if (dimensionlessExcluded.length > 0) warnings.push(dimensionlessMixed(metric, dimensionlessExcluded, commonLabel, "excluded"));
  if (dimensionlessAsCommon.length > 0) warnings.push(dimensionlessMixed(metric, dimensionlessAsCommon, commonLabel, "common-unit"));

  // Pick each run's compared value.
  type Pick = { value: number; step: number; interpolated: boolean; original: number };
  const picks: Array<Pick | undefined> = [];
  let curves: MetricCurves | undefined;
  const kept: Prepared[] = [];
  const baselinePrepared = prepared.find((p) => p.index === baselineIndex);
  if (align.kind === "interpolate") {
    const grid =
      align.grid instanceof Float64Array
        ? align.grid
        : align.grid === "baseline" && baselinePrepared
          ? baselinePrepared.steps
          : unionSteps(prepared.map((p) => p.steps));
    curves = buildCurves(prepared, grid, baselineIndex, relative);
    // The compared value: each curve at the last grid step every run covers.
    let start = Number.NEGATIVE_INFINITY;
    let end = Number.POSITIVE_INFINITY;
    for (const p of prepared) {
      start = Math.max(start, p.steps[0] as number);
      end = Math.min(end, p.steps[p.steps.length - 1] as number);
    }
    let at = -1;
    for (let i = grid.length - 1; i >= 0; i--) {
      const g = grid[i] as number;
      if (g <= end && g >= start) {
        at = i;
        break;
      }
    }
    prepared.forEach((p, k) => {
      kept.push(p);
      if (at >= 0) {
        const step = grid[at] as number;
        const original = valueAt(p.steps, p.values, step);
        picks.push({
          value: (curves as MetricCurves).series[k]?.values[at] as number,
          step,
          interpolated: original?.interpolated ?? false,
          original: original?.value ?? Number.NaN,
        });
      } else {
        const i = lastIndex(p.steps);
        const original = p.values[i] as number;
        picks.push({ value: apply(p.convert, original), step: p.steps[i] as number, interpolated: false, original });
      }
    });
  } else {
    for (const p of prepared) {
      let pick: Pick | undefined;
      if (align.kind === "at") {
        const found = valueAt(p.steps, p.values, align.step);
        if (!found) {
          const w = stepNotLogged(metric, p.run.name, align.step, [p.steps[0] as number, p.steps[p.steps.length - 1] as number]);
          excluded.push({ run: p.run, reason: w });
          warnings.push(w);
          continue;
        }
        pick = { value: apply(p.convert, found.value), step: align.step, interpolated: found.interpolated, original: found.value };
      } else {
        let i = align.kind === "last" ? lastIndex(p.steps) : extremeIndex(p.values, p.convert, align.kind);
        // every value NaN: min/max fall back to the last one (NaN)
        if (i < 0) i = lastIndex(p.steps);
        const original = p.values[i] as number;
        pick = { value: apply(p.convert, original), step: p.steps[i] as number, interpolated: false, original };
      }
      kept.push(p);
      picks.push(pick);
    }
  }
  excluded.sort((a, b) => refs.indexOf(a.run) - refs.indexOf(b.run));

  // The baseline: the chosen run when it is compared, else the mean.
  let baseline: Baseline;
  const baselineKept = kept.findIndex((p) => p.index === baselineIndex);
  if (baselineKept >= 0) {
    baseline = { kind: "run", run: (kept[baselineKept] as Prepared).run, value: (picks[baselineKept] as Pick).value };
  } else {
    if (baselineIndex >= 0) warnings.push(baselineExcluded(metric, (refs[baselineIndex] as RunRef).name));
    baseline = { kind: "mean", value: meanOf(picks.map((p) => (p as Pick).value)) };
  }
  if (baseline.value === 0) warnings.push(zeroBaseline(metric, baseline.kind === "run" ? baseline.run.name : "mean"));

  const entries = kept.map((p, k) => makeEntry(p, picks[k] as Pick, baseline.value, k === baselineKept, relative));
  return {
    comparison: {
      metric,
      unit: common,
      unitLabel: commonLabel,
      rule: choice.rule,
      contexts: choice.contexts,
      differenceUnit,
      relativeUnit: absolute?.unit ?? common,
      baseline,
      entries,
      excluded,
      curves,
    },
    warnings,
  };
};

/**
 * An explicit display unit that none of the runs' units converts to (under the
 * contexts given): an error, not a comparison with every run excluded. Runs
 * that fit nothing for their own reasons (no values, an unreadable unit) do
 * not count either way.
 */
const displayUnitMisfit = (
  runs: readonly RunSeries[],
  metric: string,
  choice: CommonUnit,
  plainAsCommon: boolean,
): DisplayUnitMismatch | undefined => {
  const common = choice.unit;
  const context = choice.contexts.length > 0 ? { context: choice.contexts } : {};
  const dimensions: string[] = [];
  const logged: string[] = [];
  const contexts: string[] = [];
  const note = (dimension: string, label: string) => {
    if (!dimensions.includes(dimension)) dimensions.push(dimension);
    if (!logged.includes(label) && logged.length < 10) logged.push(label);
  };
  for (const series of runs) {
    const input = metricInput(series, metric);
    if (!input || input.values.length === 0) continue;
    const { unit, unreadable } = readUnit(input);
    if (unreadable !== undefined) continue;
    if (isUnitless(unit) !== isUnitless(common)) {
      if (unit === undefined && plainAsCommon) return undefined;
      if (unit === undefined) note("a plain number (no unit)", "no unit");
      else note(unit.dimension.describe(), formatUnit(unit));
      continue;
    }
    if (unit === undefined) return undefined;
    const c = converter(unit, common, context);
    if (c._tag === "Right") return undefined;
    note(unit.dimension.describe(), formatUnit(unit));
    if (c.left._tag === "DimensionMismatch") for (const name of c.left.contexts) if (!contexts.includes(name)) contexts.push(name);
  }
  if (dimensions.length === 0) return undefined;
  return displayUnitMismatch({
    metric,
    unit: formatUnit(common),
    unitDimension: common.isDimensionless ? "dimensionless" : common.dimension.describe(),
    metricDimensions: dimensions,
    loggedUnits: logged,
    contexts,
  });
};

/**
 * Compares runs whose metric histories are already loaded: for each metric,
 * a common unit (explicit > system > most used > first run's), each run's
 * value in it with the original kept, and the differences against the
 * baseline. Runs that cannot be compared are excluded with a typed warning;
 * only bad options (an unknown unit, system, context or baseline) fail.
 */
export const compareSeries = (
  runs: readonly RunSeries[],
  metrics: string | readonly string[],
  options: CompareOptions = {},
): Either<CompareError, RunComparison> => {
  const align = normalizeAlignment(options.align);
  if (typeof align === "string") return { _tag: "Left", left: invalidOption("align", align) };
  if (options.dimensionless !== undefined && options.dimensionless !== "exclude" && options.dimensionless !== "as-common-unit") {
    return { _tag: "Left", left: invalidOption("dimensionless", `expected "exclude" or "as-common-unit", not ${JSON.stringify(options.dimensionless)}`) };
  }
  if (!Array.isArray(runs)) return { _tag: "Left", left: invalidOption("runs", "expected an array of runs") };
  if (runs.length === 0) return { _tag: "Left", left: emptyArgument("runs") };
  const checked = checkMetricNames(metrics, { allowEmpty: true });
  if (checked._tag === "Left") return checked;
  const names = checked.right;
  const refs = runs.map(runRef);
  let baselineIndex = -1;
  if (options.baseline !== undefined) {
    baselineIndex = findBaseline(refs, options.baseline);
    if (baselineIndex < 0) return { _tag: "Left", left: unknownBaseline(options.baseline, refs.map((r) => r.name)) };
  }
  const results: MetricComparison[] = [];
  const warnings: CompareWarning[] = [];
  for (const metric of names) {
    if (!runs.some((r) => Object.hasOwn(r.metrics, metric))) {
      const available = [...new Set(runs.flatMap((r) => Object.keys(r.metrics)))];
      return { _tag: "Left", left: unknownMetric(metric, available, closestNames(metric, available)) };
    }
    const units = runs.map((r) => {
      const input = metricInput(r, metric);
      if (!input || input.values.length === 0) return undefined;
      return readUnit(input).unit;
    });
    const choice = chooseCommonUnit(units, { unit: unitOption(options.unit, metric), system: options.system, context: options.context });
    if (choice._tag === "Left") return choice;
    if (choice.right.rule === "explicit") {
      const misfit = displayUnitMisfit(runs, metric, choice.right, options.dimensionless === "as-common-unit");
      if (misfit) return { _tag: "Left", left: misfit };
    }
    const result = compareMetric(runs, refs, metric, choice.right, align, baselineIndex, options);
    results.push(result.comparison);
    warnings.push(...result.warnings);
  }
  const params = diffParams(runs, { system: options.system, context: options.context, tolerance: options.paramTolerance });
  if (params._tag === "Left") return params;
  warnings.push(...params.right.warnings);
  return { _tag: "Right", right: new RunComparison(refs, results, params.right, warnings, align) };
};

