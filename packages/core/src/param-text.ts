// A param as people read it in a message: its value with its unit ("1 m",
// "100 cm"), a string quoted ("adam"). Stores keep the value and its unit
// apart (the unit is a tag), so a message built from the stored strings alone
// says "is already 1; it cannot change to 100" when the values were 1 m and
// 100 cm. Backends that report ParamChanged pass these texts to paramChanged.

import { type Unit, formatUnit } from "@dimexp/units";
import { quoteInput } from "./errors.js";
import { type ParamType, decodeParam } from "./unit-codec.js";

/** A unit's label, or undefined for none (a bare number, or the plain dimensionless unit "1"). */
export const unitLabelOf = (unit: Unit | undefined): string | undefined => {
  if (unit === undefined) return undefined;
  const label = formatUnit(unit);
  return label === "1" ? undefined : label;
};

/** `value` (a stored param string) with its unit, or quoted when it is text. */
export const paramText = (value: string, type: ParamType, unitLabel: string | undefined): string =>
  type === "string" ? quoteInput(value) : unitLabel ? `${value} ${unitLabel}` : value;

/** A stored param with the unit its run's tags give it. */
export const describeStoredParam = (key: string, raw: string, tags: Readonly<Record<string, string>>): string => {
  const decoded = decodeParam(key, raw, tags);
  return paramText(raw, decoded.type, decoded.unit ? unitLabelOf(decoded.unit) : decoded.unitLabel);
};
