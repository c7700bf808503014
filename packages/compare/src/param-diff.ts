// Params side by side, unit-normalised: each numeric param is shown in one
// common unit (the same rule as metrics), so 1 m and 100 cm are equal and
// only real differences are flagged. Strings and booleans compare exactly.

import { type ContextOption, type Unit, type UnitSystem, applyConverter, converter, formatUnit } from "@dimexp/units";
import { chooseCommonUnit } from "./common-unit.js";
import type { CompareError } from "./errors.js";
import type { ParamInput, ParamWithUnit, RunRef, RunSeries } from "./series.js";
import { runRef } from "./series.js";
import { type ParamIncompatible, paramIncompatible } from "./warnings.js";

export interface ParamCell {
  readonly run: RunRef;
  /** false when the run has no such param */
  readonly present: boolean;
  /** as logged */
  readonly value: number | string | boolean | undefined;
  readonly unit: Unit | undefined;
  /** the logged unit as text ("" for none) */
  readonly unitLabel: string;
  /** in the entry's common unit (numbers); the value itself otherwise; undefined when missing or not convertible */
  readonly normalized: number | string | boolean | undefined;
}

export interface ParamDiffEntry {
  readonly key: string;
  /** the common unit numeric values are shown in (undefined: plain numbers, strings, booleans) */
  readonly unit: Unit | undefined;
  readonly cells: readonly ParamCell[];
  /** true when every run has the param and all normalised values are equal */
  readonly same: boolean;
  /** why it differs: values, a run without it, or units that do not convert */
  readonly difference: "values" | "missing" | "incompatible" | undefined;
}

/** One row per (param, run), for tables and CSV. */
export interface ParamRow {
  readonly param: string;
  readonly run: string;
  readonly runId: string;
  readonly value: number | string | boolean | null;
  readonly unit: string;
  readonly originalValue: number | string | boolean | null;
  readonly originalUnit: string;
  readonly same: boolean;
}

export interface ParamDiffOptions {
  readonly system?: string | UnitSystem | undefined;
  readonly context?: ContextOption | undefined;
  /** numbers within this relative tolerance are equal (default 1e-9: unit factors are not exact in binary) */
  readonly tolerance?: number | undefined;
}

export class ParamDiff {
  constructor(
    readonly entries: readonly ParamDiffEntry[],
    readonly warnings: readonly ParamIncompatible[],
  ) {}

  /** The params that differ between runs (or that some run lacks): the "only what differs" view. */
  differing(): ParamDiffEntry[] {
    return this.entries.filter((e) => !e.same);
  }

  get(key: string): ParamDiffEntry | undefined {
    return this.entries.find((e) => e.key === key);
  }

  toRows(options: { onlyDiffering?: boolean } = {}): ParamRow[] {
    const entries = options.onlyDiffering ? this.differing() : this.entries;
    return entries.flatMap((e) =>
      e.cells.map((c) => ({
        param: e.key,
        run: c.run.name,
        runId: c.run.id,
        value: c.normalized ?? null,
        unit: typeof c.normalized === "number" && e.unit ? formatUnit(e.unit) : "",
        originalValue: c.value ?? null,
        originalUnit: c.unitLabel,
        same: e.same,
      })),
    );
  }
}

const isWithUnit = (p: ParamInput | ParamWithUnit): p is ParamWithUnit =>
  typeof p === "object" && p !== null && "value" in p;

const readParam = (p: ParamInput | ParamWithUnit): { value: number | string | boolean; unit: Unit | undefined; unitLabel: string } => {
  if (isWithUnit(p)) {
    const unit = (p as { unit?: Unit }).unit;
    const label = (p as { unitLabel?: string }).unitLabel;
    return { value: p.value, unit, unitLabel: unit ? formatUnit(unit) : (label ?? "") };
  }
  return { value: p as number | string | boolean, unit: undefined, unitLabel: "" };
};

const equalValues = (a: number | string | boolean, b: number | string | boolean, tolerance: number): boolean => {
  if (typeof a === "number" && typeof b === "number") {
    if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
    return a === b || Math.abs(a - b) <= tolerance * Math.max(Math.abs(a), Math.abs(b));
  }
  return a === b;
};

/** Every param any run has, in first-seen order, compared across the runs. */
export const diffParams = (runs: readonly RunSeries[], options: ParamDiffOptions = {}): { _tag: "Left"; left: CompareError } | { _tag: "Right"; right: ParamDiff } => {
  const tolerance = options.tolerance ?? 1e-9;
  const keySet = new Set<string>();
  for (const r of runs) for (const k of Object.keys(r.params ?? {})) keySet.add(k);
  const keys = [...keySet];
  const entries: ParamDiffEntry[] = [];
  const warnings: ParamIncompatible[] = [];
  for (const key of keys) {
    const read = runs.map((r) => {
      // own properties only: a param named "constructor" must not read Object's
      const raw = r.params && Object.hasOwn(r.params, key) ? r.params[key] : undefined;
      return raw === undefined ? undefined : readParam(raw);
    });
    const numericWithUnit = read.filter((p) => p !== undefined && typeof p.value === "number" && p.unit !== undefined);
    let unit: Unit | undefined;
    let contexts: readonly string[] = [];
    if (numericWithUnit.length > 0) {
      const chosen = chooseCommonUnit(
        numericWithUnit.map((p) => p?.unit),
        { system: options.system, context: options.context },
      );
      if (chosen._tag === "Left") return chosen;
      unit = chosen.right.unit;
      contexts = chosen.right.contexts;
    }
    let difference: ParamDiffEntry["difference"];
    const cells: ParamCell[] = read.map((p, i) => {
      const run = runRef(runs[i] as RunSeries);
      if (p === undefined) {
        difference ??= "missing";
        return { run, present: false, value: undefined, unit: undefined, unitLabel: "", normalized: undefined };
      }
      let normalized: number | string | boolean | undefined = p.value;
      if (unit && typeof p.value === "number") {
        if (p.unit === undefined) {
          // a plain number where the others have a unit: not comparable
          difference = "incompatible";
          warnings.push(paramIncompatible(key, run.name, "no unit", formatUnit(unit)));
          normalized = undefined;
        } else {
          const c = converter(p.unit, unit, contexts.length > 0 ? { context: contexts } : {});
          if (c._tag === "Left") {
            difference = "incompatible";
            warnings.push(paramIncompatible(key, run.name, formatUnit(p.unit), formatUnit(unit)));
            normalized = undefined;
          } else normalized = applyConverter(c.right, p.value);
        }
      }
      return { run, present: true, value: p.value, unit: p.unit, unitLabel: p.unitLabel, normalized };
    });
    if (difference === undefined) {
      const first = cells[0]?.normalized;
      const allEqual = cells.every((c) => c.normalized !== undefined && first !== undefined && equalValues(first, c.normalized, tolerance));
      if (!allEqual) difference = "values";
    }
    entries.push({ key, unit, cells, same: difference === undefined, difference });
  }
  return { _tag: "Right", right: new ParamDiff(entries, warnings) };
};
