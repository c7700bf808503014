// The comparison's array charts: which arrays the compared runs logged (from
// their tags, no backend call), and one array of each run read back (core's
// readLoggedArray) and drawn value against index in one display unit. A run
// without the array, without a stored full array, or of another dimension is
// listed with the reason; a display unit that fits no run is a 400.

import { type ExperimentBackend, type Run, readLoggedArray } from "@dimexp/core";
import { type Unit, type UnitsError, formatUnit } from "@dimexp/units";
import { type ArrayProfile, VizException } from "@dimexp/viz";
import type { CompareArrayInfo, CompareArrayResponse } from "./api-types.js";
import { arrayChart } from "./charts.js";
import { type DisplayChoice, choiceText, dimensionLabel, displayTarget, labelOf, unitChoices } from "./display.js";
import { ApiProblem, coreProblem, notFoundProblem, unitProblem } from "./problems.js";

export const DEFAULT_ARRAY_POINTS = 1000;

/** The arrays the compared runs logged, by key, with the unit their charts default to and the choices. */
export const comparedArrays = (runs: readonly Run[]): CompareArrayInfo[] => {
  const byKey = new Map<string, { units: Unit[]; runs: number }>();
  for (const run of runs) {
    for (const a of run.arrays) {
      const entry = byKey.get(a.key) ?? { units: [], runs: 0 };
      entry.runs++;
      if (a.unit) entry.units.push(a.unit);
      byKey.set(a.key, entry);
    }
  }
  return [...byKey]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, { units, runs: count }]) => {
      const first = units[0];
      const label = labelOf(first);
      return {
        key,
        ...(label ? { unit: label } : {}),
        choices: first ? unitChoices(first.dimension, units.filter((u) => u.dimension.equals(first.dimension))) : [],
        runs: count,
      };
    });
};

export interface CompareArrayRequest {
  readonly key: string;
  readonly choice: DisplayChoice | undefined;
  readonly contexts: readonly string[] | undefined;
  readonly step: number | undefined;
  readonly maxPoints: number;
}

const fitsAny = (choice: DisplayChoice, units: readonly Unit[], contexts: readonly string[] | undefined): boolean =>
  // with contexts, the chart decides (a unit of another dimension may be reachable through them)
  (contexts !== undefined && contexts.length > 0) || units.some((u) => displayTarget(u, choice)._tag === "Right");

/** Each compared run's array `key` in one chart; `labels` are the runs' unique legend names. */
export const compareArray = async (
  backend: ExperimentBackend,
  runs: readonly Run[],
  labels: readonly string[],
  request: CompareArrayRequest,
): Promise<CompareArrayResponse> => {
  const { key, choice, contexts, step } = request;
  const having = runs.filter((r) => r.arrays.some((a) => a.key === key));
  if (having.length === 0) {
    const keys = comparedArrays(runs).map((a) => a.key);
    throw notFoundProblem(
      `None of the compared runs logged an array ${JSON.stringify(key)}. ${keys.length > 0 ? `Their arrays: ${keys.join(", ")}.` : "They logged no arrays (run.logArray)."}`,
    );
  }
  const units = having.flatMap((r) => r.arrays.filter((a) => a.key === key && a.unit).map((a) => a.unit as Unit));
  if (choice?.kind === "unit" && units.length > 0 && !fitsAny(choice, units, contexts)) {
    const first = units[0] as Unit;
    throw new ApiProblem(400, {
      code: "UnitError",
      param: "unit",
      message: `unit: the array ${key} is ${dimensionLabel(first.dimension)} (logged in ${[...new Set(units.map((u) => formatUnit(u)))].join(", ")}); ${choiceText(choice)} is ${dimensionLabel(choice.unit.dimension)}. Choose a compatible unit or a system.`,
    });
  }
  const series: Array<CompareArrayResponse["series"][number]> = [];
  const profiles: ArrayProfile[] = [];
  const totals = new Map<string, number>();
  for (const [i, run] of runs.entries()) {
    const name = labels[i] as string;
    if (!run.arrays.some((a) => a.key === key)) {
      series.push({ runId: run.id, name, totalPoints: 0, shownPoints: 0, skipped: `has no array ${key}` });
      continue;
    }
    const read = await readLoggedArray(backend, run.record, key, step !== undefined ? { step } : {})();
    if (read._tag === "Left") {
      // a run that did not keep the array, or not at that step, is told; a store failure is the request's
      if (read.left._tag !== "NotFound") throw coreProblem(read.left);
      series.push({ runId: run.id, name, totalPoints: 0, shownPoints: 0, skipped: read.left.message });
      continue;
    }
    const { array } = read.right;
    totals.set(name, array.size);
    profiles.push({ run: name, array, step: read.right.step });
    series.push({ runId: run.id, name, step: read.right.step, shape: [...array.shape], totalPoints: array.size, shownPoints: 0 });
  }
  if (profiles.length === 0) {
    throw notFoundProblem(`No compared run keeps a full array ${JSON.stringify(key)}: ${series.map((s) => `${s.name}: ${s.skipped}`).join("; ")}`);
  }
  let spec: CompareArrayResponse["spec"];
  try {
    spec = arrayChart(key, profiles, {
      ...(choice?.kind === "unit" ? { unit: choice.unit } : choice?.kind === "system" ? { system: choice.system } : {}),
      ...(contexts !== undefined && contexts.length > 0 ? { context: [...contexts] } : {}),
      maxPoints: request.maxPoints,
    });
  } catch (error) {
    // the only failure left is a display unit no run's array converts to
    if (error instanceof VizException && error.error._tag !== "UnknownField") throw unitProblem(choice ? "unit" : "system", error.error as UnitsError);
    throw error;
  }
  const drawn = new Map<string, number>();
  for (const row of (spec.data as { values?: Array<{ run: string }> } | undefined)?.values ?? []) drawn.set(row.run, (drawn.get(row.run) ?? 0) + 1);
  // the unit the chart shows (as the chart chose it: the choice, else the first run's unit)
  const first = (profiles[0] as ArrayProfile).array.unit;
  const target = choice ? displayTarget(first, choice) : undefined;
  const unit = labelOf(choice?.kind === "unit" ? choice.unit : target?._tag === "Right" ? target.right.unit : first);
  const subtitle = ((spec.title as { subtitle?: string[] } | undefined)?.subtitle ?? []).filter((s) => s.includes("not shown"));
  return {
    key,
    ...(unit ? { unit } : {}),
    display: choice ? choiceText(choice) : null,
    step: step ?? null,
    series: series.map((s) => {
      const notShown = subtitle.find((line) => line.startsWith(`${s.name}: not shown`));
      if (notShown && !s.skipped) return { ...s, skipped: notShown.slice(s.name.length + 2) };
      return { ...s, shownPoints: drawn.get(s.name) ?? 0 };
    }),
    spec,
    warnings: series.filter((s) => s.skipped).map((s) => `${s.name}: ${s.skipped}`),
  };
};
