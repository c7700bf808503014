// JSON shapes shared by the units commands, so `parse` and `list` describe a
// dimension the same way.

import type { Dimension } from "@dimexp/units";

export interface DimensionJson {
  /** exponents over the seven SI base dimensions, dimtensor's keys and order */
  readonly exponents: Record<string, number>;
  /** common name (energy, force, gaussian_charge…), or null */
  readonly name: string | null;
  /** exact text, e.g. "L^(3/2) M^(1/2) T^-1" */
  readonly text: string;
}

export const dimensionJson = (dimension: Dimension): DimensionJson => ({
  exponents: dimension.toRecord(),
  name: dimension.name ?? null,
  text: dimension.toString(),
});
