// The common unit of a comparison, chosen by one documented rule:
//
//   1. an explicit unit (option `unit`) always wins;
//   2. else a unit system (option `system`): that system's unit for the metric's
//      dimension (J in SI, erg in CGS, GeV in natural units);
//   3. else the unit most runs used;
//   4. ties go to the first run's unit (in the order the runs were given).
//
// "Most runs" is counted in two stages, so that one odd unit cannot win by
// spelling alone: first the largest group of mutually convertible units (under
// the given contexts, so m and GeV⁻¹ are one group with `natural`), then the
// most used spelling inside it. A unit beats no unit: runs that logged plain
// numbers vote only when no run logged a unit.

import {
  type ContextOption,
  type Either,
  Unit,
  type UnitSystem,
  converter,
  formatUnit,
  getContext,
  getSystem,
  toUnit,
} from "@dimexp/units";
import type { CompareError } from "./errors.js";

export type UnitRule = "explicit" | "system" | "majority" | "first-run" | "no-unit";

export interface CommonUnitOptions {
  /** display everything in this unit (rule 1) */
  readonly unit?: Unit | string | undefined;
  /** else this system's unit for the dimension (rule 2): "si", "cgs", "natural", "atomic", "planck" */
  readonly system?: string | UnitSystem | undefined;
  /** contexts allowed to relate different dimensions (GeV⁻¹ ↔ m needs "natural") */
  readonly context?: ContextOption | undefined;
}

export interface CommonUnit {
  readonly unit: Unit;
  /** which rule chose it */
  readonly rule: UnitRule;
  /** every context conversions may use: the option's plus the system's */
  readonly contexts: readonly string[];
}

const asList = (option: ContextOption | undefined): Array<string | { name: string }> =>
  option === undefined ? [] : ((Array.isArray(option) ? option : [option]) as Array<string | { name: string }>);

/** The contexts conversions may use: the ones asked for, plus the system's own (natural units need "natural"). */
export const resolveContexts = (
  context: ContextOption | undefined,
  system: UnitSystem | undefined,
): Either<CompareError, string[]> => {
  const names: string[] = [];
  for (const item of asList(context)) {
    const name = typeof item === "string" ? item : item.name;
    const found = getContext(name);
    if (found._tag === "Left") return found;
    if (!names.includes(found.right.name)) names.push(found.right.name);
  }
  if (system?.context && !names.includes(system.context)) names.push(system.context);
  return { _tag: "Right", right: names };
};

export const resolveSystem = (system: string | UnitSystem | undefined): Either<CompareError, UnitSystem | undefined> =>
  system === undefined ? { _tag: "Right", right: undefined } : getSystem(system);

const convertible = (from: Unit, to: Unit, contexts: readonly string[]): boolean =>
  converter(from, to, contexts.length > 0 ? { context: contexts } : {})._tag === "Right";

/** True when a unit is "no unit" for comparison purposes: absent, or a pure number. */
export const isUnitless = (unit: Unit | undefined): boolean => unit === undefined || unit.isDimensionless;

interface Group {
  readonly representative: Unit;
  members: number;
  readonly firstIndex: number;
  readonly spellings: Map<string, { unit: Unit; count: number; firstIndex: number }>;
}

/**
 * The unit most of `units` used, by the two-stage count described above, and
 * whether it won outright ("majority") or on a tie by order ("first-run").
 * Undefined entries (no unit) vote only when every entry is undefined.
 */
export const majorityUnit = (
  units: readonly (Unit | undefined)[],
  contexts: readonly string[],
): { unit: Unit; rule: "majority" | "first-run" | "no-unit" } => {
  const groups: Group[] = [];
  units.forEach((unit, index) => {
    if (unit === undefined) return;
    let group = groups.find((g) => convertible(unit, g.representative, contexts));
    if (!group) {
      group = { representative: unit, members: 0, firstIndex: index, spellings: new Map() };
      groups.push(group);
    }
    group.members++;
    const key = formatUnit(unit);
    const spelling = group.spellings.get(key);
    if (spelling) spelling.count++;
    else group.spellings.set(key, { unit, count: 1, firstIndex: index });
  });
  if (groups.length === 0) return { unit: Unit.dimensionless, rule: "no-unit" };
  // Groups and spellings are in first-seen order, so a strict ">" keeps the earliest on ties.
  let best = groups[0] as Group;
  let tied = false;
  for (const g of groups.slice(1)) {
    if (g.members > best.members) {
      best = g;
      tied = false;
    } else if (g.members === best.members) tied = true;
  }
  const spellings = [...best.spellings.values()];
  let chosen = spellings[0] as { unit: Unit; count: number };
  let spellingTied = false;
  for (const s of spellings.slice(1)) {
    if (s.count > chosen.count) {
      chosen = s;
      spellingTied = false;
    } else if (s.count === chosen.count) spellingTied = true;
  }
  return { unit: chosen.unit, rule: tied || spellingTied ? "first-run" : "majority" };
};

/**
 * The common unit for one metric (or param) logged in `units` by the runs, in
 * run order. Fails only on bad options (an unknown unit, system or context).
 */
export const chooseCommonUnit = (units: readonly (Unit | undefined)[], options: CommonUnitOptions = {}): Either<CompareError, CommonUnit> => {
  const system = resolveSystem(options.system);
  if (system._tag === "Left") return system;
  const contexts = resolveContexts(options.context, system.right);
  if (contexts._tag === "Left") return contexts;
  if (options.unit !== undefined) {
    const explicit = toUnit(options.unit);
    if (explicit._tag === "Left") return explicit;
    return { _tag: "Right", right: { unit: explicit.right, rule: "explicit", contexts: contexts.right } };
  }
  const majority = majorityUnit(units, contexts.right);
  if (system.right && majority.rule !== "no-unit") {
    const canonical = system.right.canonicalUnit(majority.unit.dimension);
    if (canonical._tag === "Left") return canonical;
    return { _tag: "Right", right: { unit: canonical.right, rule: "system", contexts: contexts.right } };
  }
  return { _tag: "Right", right: { unit: majority.unit, rule: majority.rule, contexts: contexts.right } };
};

/** The name of the context that relates two dimensions, when they differ (for warnings). */
export const bridgingContext = (from: Unit, to: Unit, contexts: readonly string[]): string | undefined => {
  if (from.dimension.equals(to.dimension)) return undefined;
  return contexts.find((c) => converter(from, to, { context: c })._tag === "Right");
};
