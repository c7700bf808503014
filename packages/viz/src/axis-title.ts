// Axis titles that carry their unit, in the style the reader's field expects:
//
//   "brackets"  loss [J]            (the default; common in plots and tables)
//   "slash"     loss / erg          (ISO 80000-1: quantity / unit; compound
//                                    units are parenthesised: v / (m/s))
//   "latex"     loss ($\mathrm{J}$) (for LaTeX pipelines; Vega shows it verbatim)
//
// A dimensionless quantity (no unit) is titled by its name alone.

import { type Unit, formatUnit } from "@dimexp/units";

export type AxisStyle = "brackets" | "slash" | "latex";

export const AXIS_STYLES: readonly AxisStyle[] = ["brackets", "slash", "latex"];

const plain = (unit: Unit | undefined): boolean =>
  unit === undefined || (unit.isDimensionless && unit.terms.length === 0 && unit.multiplier.value === 1);

/** The unit as it appears in a title of this style ("" when there is none). */
export const unitLabel = (unit: Unit | undefined, style: AxisStyle = "brackets"): string => {
  if (plain(unit)) return "";
  const u = unit as Unit;
  return style === "latex" ? `$${formatUnit(u, "latex")}$` : formatUnit(u, "unicode");
};

/** "loss [J]", "loss / erg", "loss ($\mathrm{J}$)", or "accuracy" for a plain number. */
export const axisTitle = (name: string, unit: Unit | undefined, style: AxisStyle = "brackets"): string => {
  const label = unitLabel(unit, style);
  if (!label) return name;
  switch (style) {
    case "brackets":
      return `${name} [${label}]`;
    case "slash": {
      const u = unit as Unit;
      const compound = u.terms.length > 1 || u.multiplier.value !== 1 || /[/·]/.test(label);
      return `${name} / ${compound ? `(${label})` : label}`;
    }
    case "latex":
      return `${name} (${label})`;
  }
};
