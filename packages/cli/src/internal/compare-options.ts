// The options compare and plot share: the display unit or system, contexts,
// and how histories align; all validated here so mistakes read as user errors.

import { type Alignment, type CompareError, type CompareOptions, parseAlignment } from "@dimexp/compare";
import { contextNames, systemNames } from "@dimexp/units";
import type { CommandInput, OptionSpec } from "./command.js";
import { UserError } from "./errors.js";

export const UNIT_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  unit: { type: "string", short: "u", valueName: "unit", description: "show every value in this unit (e.g. J, erg, eV, GeV)" },
  system: {
    type: "string",
    valueName: "name",
    description: `or in a unit system's unit for the quantity: ${systemNames().join(", ")}`,
  },
  context: {
    type: "string",
    multiple: true,
    valueName: "name",
    description: `let conversions cross dimensions through a named context (GeV^-1 and m need natural): ${contextNames().join(", ")}`,
  },
};

export const unitOptions = (input: CommandInput): Pick<CompareOptions, "unit" | "system" | "context"> => {
  const unit = input.string("unit");
  const system = input.string("system");
  if (unit !== undefined && system !== undefined) throw new UserError("Give --unit or --system, not both: an explicit unit already decides.");
  const context = input.strings("context");
  return { unit, system, context: context.length > 0 ? context : undefined };
};

export const alignmentOption = (text: string | undefined): Alignment | undefined => {
  if (text === undefined) return undefined;
  const align = parseAlignment(text);
  if (!align) {
    throw new UserError(`--align takes last, min, max, step:<n>, interpolate or interpolate:baseline, not ${JSON.stringify(text)}.`);
  }
  return align;
};

/** A CompareError as a UserError (its message names the input and the fix). */
export const compareFailure = (error: CompareError): UserError => new UserError(error.message);
