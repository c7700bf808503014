// Display units: what a unit selector may say ("erg", "kJ", or a system: "si",
// "cgs", "natural", "atomic", "planck"), and converting values into it. Only a
// system's own name selects it: aliases such as "au" (atomic) are also units
// (the astronomical unit), and a selector must never guess between the two.

import {
  type Converter,
  type Dimension,
  type Either,
  SI_PREFIXES,
  Unit,
  type UnitsError,
  applyConverter,
  converter,
  formatUnit,
  getSystem,
  listUnits,
  parseUnit,
  systemNames,
} from "@dimexp/units";
import type { UnitChoice } from "./api-types.js";

export type DisplayChoice =
  | { readonly kind: "unit"; readonly unit: Unit; readonly text: string }
  | { readonly kind: "system"; readonly system: string };

export const SYSTEM_LABELS: Readonly<Record<string, string>> = {
  si: "SI",
  cgs: "CGS",
  natural: "natural",
  atomic: "atomic",
  planck: "Planck",
};

/** The systems a selector offers first; atomic and Planck units are still accepted when typed. */
export const OFFERED_SYSTEMS = ["si", "cgs", "natural"] as const;

export const isSystemName = (text: string): boolean => systemNames().includes(text.trim().toLowerCase());

/** Parses a selector value: a system name, else a unit. */
export const parseDisplayChoice = (text: string): Either<UnitsError, DisplayChoice> => {
  const trimmed = text.trim();
  if (isSystemName(trimmed)) return { _tag: "Right", right: { kind: "system", system: trimmed.toLowerCase() } };
  const unit = parseUnit(trimmed);
  if (unit._tag === "Left") return unit;
  return { _tag: "Right", right: { kind: "unit", unit: unit.right, text: trimmed } };
};

export const choiceText = (choice: DisplayChoice): string => (choice.kind === "system" ? choice.system : choice.text);

const labels = new WeakMap<Unit, string>();

/** Unicode, for people: W/(m·K), m/s². */
export const unitLabel = (unit: Unit): string => {
  let label = labels.get(unit);
  if (label === undefined) {
    label = formatUnit(unit, "unicode");
    labels.set(unit, label);
  }
  return label;
};

/** A unit for people, or undefined for a pure number. */
export const labelOf = (unit: Unit | undefined): string | undefined => (unit && !unit.isDimensionless ? unitLabel(unit) : undefined);

export interface DisplayTarget {
  readonly unit: Unit;
  readonly convert: Converter;
}

const targets = new Map<string, Either<UnitsError, DisplayTarget>>();

/** The unit a value in `from` is shown in under `choice`, and the compiled conversion; cached per pair. */
export const displayTarget = (from: Unit, choice: DisplayChoice): Either<UnitsError, DisplayTarget> => {
  const key = `${from.id}|${choice.kind === "unit" ? `u${choice.unit.id}` : `s${choice.system}`}`;
  const hit = targets.get(key);
  if (hit) return hit;
  let result: Either<UnitsError, DisplayTarget>;
  if (choice.kind === "unit") {
    const c = converter(from, choice.unit);
    result = c._tag === "Left" ? c : { _tag: "Right", right: { unit: choice.unit, convert: c.right } };
  } else {
    const system = getSystem(choice.system);
    if (system._tag === "Left") result = system;
    else {
      const unit = system.right.canonicalUnit(from.dimension);
      if (unit._tag === "Left") result = unit;
      else {
        const c = converter(from, unit.right, system.right.context ? { context: system.right.context } : {});
        result = c._tag === "Left" ? c : { _tag: "Right", right: { unit: unit.right, convert: c.right } };
      }
    }
  }
  targets.set(key, result);
  return result;
};

export interface Displayed {
  readonly value: number;
  readonly unit: Unit;
}

/** A value in `from` shown under `choice` (undefined choice: as logged). */
export const display = (value: number, from: Unit, choice: DisplayChoice | undefined): Either<UnitsError, Displayed> => {
  if (!choice) return { _tag: "Right", right: { value, unit: from } };
  const target = displayTarget(from, choice);
  if (target._tag === "Left") return target;
  return { _tag: "Right", right: { value: applyConverter(target.right.convert, value), unit: target.right.unit } };
};

const PREFIXES_OFFERED = new Set(["n", "u", "m", "k", "M", "G"]);
const LENGTH_PREFIXES = new Set(["c"]);
/** Offered with prefixes (kJ, MeV); other units are offered bare (Wh, Btu, au). */
const PREFIXED_GROUPS = new Set(["SI base", "SI derived", "CGS", "particle physics"]);
/** Units that share a dimension by accident (bit rates as frequencies; statF, a length, below) are not offered. */
const UNOFFERED_GROUPS = new Set(["information", "constants", "logarithmic", "dimensionless", "angle"]);
const choicesCache = new Map<string, UnitChoice[]>();

/**
 * What a selector offers for values of `dimension`: the systems (with the unit
 * each means here), the units the runs logged, then every registered unit of
 * that dimension with the common prefixes. Any other compatible unit can
 * still be typed.
 */
export const unitChoices = (dimension: Dimension, logged: readonly Unit[]): UnitChoice[] => {
  const loggedTexts = [...new Set(logged.map((u) => formatUnit(u)))];
  const cacheKey = `${dimension.toString()}|${loggedTexts.join(",")}`;
  const hit = choicesCache.get(cacheKey);
  if (hit) return hit;
  const choices: UnitChoice[] = [];
  const seen = new Set<string>();
  const sample = logged[0];
  for (const name of OFFERED_SYSTEMS) {
    let label = SYSTEM_LABELS[name] as string;
    if (sample) {
      const target = displayTarget(sample, { kind: "system", system: name });
      if (target._tag === "Left") continue;
      label = `${label} (${unitLabel(target.right.unit)})`;
    }
    choices.push({ value: name, label, kind: "system" });
  }
  const add = (unit: Unit): void => {
    if (!unit.dimension.equals(dimension) || unit.kind === "logarithmic") return;
    const value = formatUnit(unit);
    if (seen.has(value)) return;
    seen.add(value);
    choices.push({ value, label: unitLabel(unit), kind: "unit" });
  };
  for (const u of logged) add(u);
  const isLength = dimension.toString() === "L";
  for (const atom of listUnits()) {
    if (!atom.dimension.equals(dimension) || atom.logarithmic || UNOFFERED_GROUPS.has(atom.group)) continue;
    if (isLength && atom.group === "Gaussian electromagnetic") continue;
    const base = parseUnit(atom.ascii);
    if (base._tag === "Right") add(base.right);
    if (atom.prefixes !== "si" || !PREFIXED_GROUPS.has(atom.group)) continue;
    for (const prefix of SI_PREFIXES) {
      if (!PREFIXES_OFFERED.has(prefix.ascii) && !(isLength && LENGTH_PREFIXES.has(prefix.ascii))) continue;
      const prefixed = Unit.fromAtom(atom, prefix);
      if (prefixed._tag === "Right") add(prefixed.right);
    }
  }
  choicesCache.set(cacheKey, choices);
  return choices;
};

/** A dimension for people: its name when it has one ("energy"), else its formula. */
export const dimensionLabel = (dimension: Dimension): string => dimension.name ?? dimension.toString();
