// Comparing core Runs: the latest values come with each Run; whole histories
// (for min, max, a step, or interpolated curves) are loaded through a
// DimExperiment or any loader function.

import type { MetricHistory, Run } from "@dimexp/core";
import type { Either } from "@dimexp/units";
import { normalizeAlignment } from "./alignment.js";
import { type CompareOptions, compareSeries } from "./compare-series.js";
import type { RunComparison } from "./comparison.js";
import { type CompareError, CompareFailure, clip, historyLoadFailed, invalidOption } from "./errors.js";
import { checkMetricNames } from "./internal/metric-names.js";
import { type RunSource, isRunSource, resolveRuns } from "./resolve-runs.js";
import type { MetricInput, ParamWithUnit, RunSeries } from "./series.js";

/** Loads one metric's history of one run (undefined: the run has none). */
export type HistoryLoader = (run: Run, metric: string) => Promise<MetricHistory | MetricInput | undefined>;

/** Anything with DimExperiment's metricHistory (a DimExperiment, or a stand-in). */
export interface HistorySource {
  metricHistory(runIdOrName: string, key: string): Promise<MetricHistory>;
}

export interface CompareRunsOptions extends CompareOptions {
  /**
   * Where whole histories come from: a DimExperiment, or a loader. Needed by
   * every alignment but "last"; when given, histories are loaded for "last"
   * too, so each entry's `history()` is the full curve. The by-name form
   * (compareRuns(exp, names, metrics)) uses `exp` unless this says otherwise.
   */
  readonly histories?: HistorySource | HistoryLoader | undefined;
}

const params = (run: Run): Record<string, ParamWithUnit> => {
  const out: Record<string, ParamWithUnit> = {};
  for (const [key, p] of Object.entries(run.params)) out[key] = { value: p.value, unit: p.unit, unitLabel: p.unitLabel };
  return out;
};

/** A Run as comparison input: its latest metric values (or the given histories) and its params. */
export const seriesFromRun = (run: Run, histories: Readonly<Record<string, MetricHistory | MetricInput | undefined>> = {}): RunSeries => {
  const metrics: Record<string, MetricInput> = {};
  for (const [key, latest] of Object.entries(run.metrics)) {
    const loaded = histories[key];
    metrics[key] = loaded
      ? { steps: loaded.steps, values: loaded.values, unit: loaded.unit ?? latest.unit, unitLabel: latest.unitLabel }
      : { steps: [latest.step], values: [latest.value], unit: latest.unit, unitLabel: latest.unitLabel };
  }
  return { name: run.name, id: run.id, metrics, params: params(run) };
};

/** The runs' latest values compared (alignment "last"), synchronously: no history is read. */
export const compareLatest = (
  runs: readonly Run[],
  metrics: string | readonly string[],
  options: CompareOptions = {},
): Either<CompareError, RunComparison> => {
  const align = normalizeAlignment(options.align);
  if (typeof align !== "string" && align.kind !== "last") {
    return { _tag: "Left", left: invalidOption("align", `compareLatest compares the latest values only; use compareRuns with { histories } for ${JSON.stringify(options.align)}`) };
  }
  return compareSeries(runs.map((r) => seriesFromRun(r)), metrics, options);
};

const asLoader = (source: HistorySource | HistoryLoader): HistoryLoader =>
  typeof source === "function" ? source : (run, metric) => source.metricHistory(run.id, metric);

type Metrics = string | readonly string[];

/** Histories loaded at once (each load waits on a store). */
const HISTORY_CONCURRENCY = 4;

const compareLoaded = async (runs: readonly Run[], metrics: Metrics, options: CompareRunsOptions): Promise<Either<CompareError, RunComparison>> => {
  if (!Array.isArray(runs)) return { _tag: "Left", left: invalidOption("runs", "expected an array of Runs, or an experiment followed by run names or ids") };
  const names = checkMetricNames(metrics, { allowEmpty: false });
  if (names._tag === "Left") return names;
  const align = normalizeAlignment(options.align);
  if (typeof align === "string") return { _tag: "Left", left: invalidOption("align", align) };
  if (!options.histories) {
    if (align.kind !== "last") {
      return {
        _tag: "Left",
        left: invalidOption(
          "histories",
          `aligning by ${JSON.stringify(options.align)} needs whole metric histories: pass { histories: experiment } (a DimExperiment) or a loader function`,
        ),
      };
    }
    return compareSeries(runs.map((r) => seriesFromRun(r)), names.right, options);
  }
  // Unknown metrics and bad options fail before any history is loaded.
  const early = compareSeries(runs.map((r) => seriesFromRun(r)), names.right, { ...options, align: "last" });
  if (early._tag === "Left") return early;
  const load = asLoader(options.histories);
  // Loaded HISTORY_CONCURRENCY at a time, in run order: a tracking server
  // answers several side by side (50 histories one after another took twice
  // as long on MLflow). Every load before a failing one finishes, so the
  // failure reported is the first in run order, as if loaded one by one.
  const jobs = runs.flatMap((run, index) => names.right.filter((metric) => Object.hasOwn(run.metrics, metric)).map((metric) => ({ run, index, metric })));
  const loaded = runs.map((): Record<string, MetricHistory | MetricInput | undefined> => ({}));
  const failures: Array<{ job: number; error: CompareError }> = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < jobs.length && failures.length === 0) {
      const job = next++;
      const { run, index, metric } = jobs[job] as (typeof jobs)[number];
      try {
        (loaded[index] as Record<string, MetricHistory | MetricInput | undefined>)[metric] = await load(run, metric);
      } catch (error) {
        const cause = (error as { error?: unknown }).error ?? error;
        failures.push({ job, error: historyLoadFailed(run.name, metric, cause) });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(HISTORY_CONCURRENCY, jobs.length) }, worker));
  const first = failures.sort((a, b) => a.job - b.job)[0];
  if (first) return { _tag: "Left", left: first.error };
  return compareSeries(runs.map((run, index) => seriesFromRun(run, loaded[index])), names.right, options);
};

/**
 * compareRuns as a function returning Either (never rejects). Two forms:
 * `compareRunsEither(runs, metrics, options)` with core Runs, or
 * `compareRunsEither(exp, ["run-si", "run-cgs"], metrics, options)` with run
 * names or ids looked up in `exp` (see resolveRuns).
 */
export function compareRunsEither(runs: readonly Run[], metrics: Metrics, options?: CompareRunsOptions): Promise<Either<CompareError, RunComparison>>;
export function compareRunsEither(
  source: RunSource,
  runs: readonly string[],
  metrics: Metrics,
  options?: CompareRunsOptions,
): Promise<Either<CompareError, RunComparison>>;
export async function compareRunsEither(
  first: readonly Run[] | RunSource,
  second: Metrics,
  third?: Metrics | CompareRunsOptions,
  fourth?: CompareRunsOptions,
): Promise<Either<CompareError, RunComparison>> {
  if (!isRunSource(first)) return compareLoaded(first, second, (third as CompareRunsOptions | undefined) ?? {});
  const options = fourth ?? {};
  // Check the cheap things (metric names, options) before the experiment is listed.
  const names = checkMetricNames(third as Metrics, { allowEmpty: false });
  if (names._tag === "Left") return names;
  if (typeof second === "string") {
    return { _tag: "Left", left: invalidOption("runs", `expected an array of run names or ids, e.g. [${JSON.stringify(clip(second, 80))}]`) };
  }
  const runs = await resolveRuns(first, second as readonly string[]);
  if (runs._tag === "Left") return runs;
  const histories = options.histories ?? (typeof first.metricHistory === "function" ? (first as HistorySource) : undefined);
  return compareLoaded(runs.right, names.right, { ...options, histories });
}

/**
 * Compares runs metric by metric in a common unit. Rejects with a
 * CompareFailure (`.error` is the tagged CompareError) on bad options, an
 * unknown or ambiguous run name, a metric no run logged, a display unit that
 * fits no run, or a failed history load; everything else is a warning on the
 * result.
 *
 * ```ts
 * const cmp = await compareRuns(exp, ["run-si", "run-cgs"], ["loss", "thermal_energy"], { baseline: "run-si" });
 * const min = await compareRuns(runs, "loss", { histories: exp, align: "min" });
 * ```
 */
export function compareRuns(runs: readonly Run[], metrics: Metrics, options?: CompareRunsOptions): Promise<RunComparison>;
export function compareRuns(source: RunSource, runs: readonly string[], metrics: Metrics, options?: CompareRunsOptions): Promise<RunComparison>;
export async function compareRuns(
  first: readonly Run[] | RunSource,
  second: Metrics,
  third?: Metrics | CompareRunsOptions,
  fourth?: CompareRunsOptions,
): Promise<RunComparison> {
  const result = isRunSource(first)
    ? await compareRunsEither(first, second as readonly string[], third as Metrics, fourth)
    : await compareRunsEither(first, second, third as CompareRunsOptions | undefined);
  if (result._tag === "Left") throw new CompareFailure(result.left);
  return result.right;
}
