// Comparing runs for the dashboard, through @dimexp/compare: its common-unit
// rule (an explicit unit, else a system's, else the unit most runs used, ties
// to the first run), its param diff ("only what differs", unit-normalised)
// and its warnings. This file only adapts the dashboard's display choices to
// compare's options and its results to the API's JSON.

import {
  type CompareError,
  type CompareWarning,
  type RunComparison,
  chooseCommonUnit,
  compareLatest,
  compareRunsEither,
} from "@dimexp/compare";
import type { ExperimentBackend, Run } from "@dimexp/core";
import { type Either, type Unit, applyConverter, formatUnit } from "@dimexp/units";
import type { Cell, ParamDiffRow } from "./api-types.js";
import { type DisplayChoice, displayTarget, labelOf } from "./display.js";
import { jsonNumber } from "./json.js";

/** A display choice as compare's options: a unit, or a system. */
const asOptions = (choice: DisplayChoice | undefined): { unit?: Unit; system?: string } =>
  choice === undefined ? {} : choice.kind === "unit" ? { unit: choice.unit } : { system: choice.system };

/** The unit values logged in `units` are shown in under `choice` (undefined: none of them has a unit). */
export const commonUnit = (units: readonly (Unit | undefined)[], choice: DisplayChoice | undefined): Unit | undefined => {
  const present = units.map((u) => (u && !u.isDimensionless ? u : undefined));
  if (!present.some((u) => u !== undefined)) return undefined;
  const chosen = chooseCommonUnit(present, asOptions(choice));
  return chosen._tag === "Right" && !chosen.right.unit.isDimensionless ? chosen.right.unit : undefined;
};

/**
 * Per-metric units for compare's `unit` option: a metric column's own choice
 * (a system chosen for one column becomes that system's unit for it).
 */
const metricUnits = (runs: readonly Run[], metrics: readonly string[], choiceFor: (metric: string) => DisplayChoice | undefined): Record<string, Unit> => {
  const out: Record<string, Unit> = {};
  for (const metric of metrics) {
    const choice = choiceFor(metric);
    if (!choice) continue;
    const unit = commonUnit(
      runs.map((r) => r.metrics[metric]?.unit),
      choice,
    );
    if (unit) out[metric] = unit;
  }
  return out;
};

/** The latest values of `metrics` and the params, compared (no history is read). */
export const compareLatestValues = (
  runs: readonly Run[],
  metrics: readonly string[],
  options: { system: string | undefined; choiceFor: (metric: string) => DisplayChoice | undefined },
): Either<CompareError, RunComparison> =>
  compareLatest(runs, metrics, {
    unit: metricUnits(runs, metrics, options.choiceFor),
    ...(options.system ? { system: options.system } : {}),
  });

/** One metric's whole histories, compared in the chosen unit or system (else the common-unit rule). */
export const compareHistories = (
  backend: ExperimentBackend,
  runs: readonly Run[],
  metric: string,
  choice: DisplayChoice | undefined,
): Promise<Either<CompareError, RunComparison>> =>
  compareRunsEither(runs, metric, {
    ...asOptions(choice),
    histories: async (run, key) => {
      const series = await backend.getMetricHistory(run.id, key)();
      if (series._tag === "Left") throw series.left;
      return { steps: series.right.steps, values: series.right.values };
    },
  });

/** The params that differ, each in its common unit (with what was logged when it was converted), and the names of those that do not. */
export const paramDiff = (
  comparison: RunComparison,
  choiceFor: (param: string) => DisplayChoice | undefined = () => undefined,
): { rows: ParamDiffRow[]; same: string[] } => {
  const rows: ParamDiffRow[] = [];
  const same: string[] = [];
  for (const entry of comparison.params.entries) {
    if (entry.same) {
      same.push(entry.key);
      continue;
    }
    // a param column's own unit (unit.params.<name>) applies to the diff too
    const choice = choiceFor(entry.key);
    const target = entry.unit && choice ? displayTarget(entry.unit, choice) : undefined;
    const shownUnit = target?._tag === "Right" ? target.right.unit : entry.unit;
    const toShown = (x: number): number => (target?._tag === "Right" ? applyConverter(target.right.convert, x) : x);
    const unit = labelOf(shownUnit);
    const values: Cell[] = entry.cells.map((c) => {
      if (!c.present) return { value: "—" };
      const normalized = c.normalized;
      if (typeof normalized !== "number") return { value: normalized ?? String(c.value) };
      const loggedLabel = c.unit ? labelOf(c.unit) : c.unitLabel || undefined;
      const converted = c.unit !== undefined && shownUnit !== undefined && formatUnit(c.unit) !== formatUnit(shownUnit);
      return {
        value: jsonNumber(toShown(normalized)),
        ...(unit ? { unit } : {}),
        ...(converted && typeof c.value === "number" ? { logged: { value: jsonNumber(c.value), ...(loggedLabel ? { unit: loggedLabel } : {}) } } : {}),
      };
    });
    rows.push({ key: entry.key, ...(unit ? { unit } : {}), values });
  }
  return { rows, same };
};

/** Warnings for people, once each. */
export const warningMessages = (warnings: readonly (CompareWarning | { message: string })[]): string[] => [...new Set(warnings.map((w) => w.message))];
