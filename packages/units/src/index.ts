// @dimexp/units — exact dimensions, units, systems, contexts, Quantity, DimArray.

export type { Either } from "./internal/either.js";
export type { Rational } from "./internal/rational.js";
export { rational } from "./internal/rational.js";

export {
  BASE_DIMENSIONS,
  type BaseDimension,
  Dimension,
  type DimensionExponents,
  dimensionNames,
  lookupDimension,
} from "./dimension.js";

export {
  type DimensionMismatch,
  type InvalidArgument,
  type LogarithmicUnitError,
  type OffsetUnitError,
  type ParseError,
  type ShapeMismatch,
  type UnitsError,
  UnitsException,
  type UnknownContext,
  type UnknownDimension,
  type UnknownSystem,
  type UnknownUnit,
} from "./errors.js";

export { type LogarithmicScale, type Prefix, Unit, type UnitAtom, type UnitTerm } from "./unit.js";
export {
  BINARY_PREFIXES,
  type DefineUnitOptions,
  type ListUnitsOptions,
  type ResolvedName,
  SI_PREFIXES,
  defineUnit,
  listUnits,
  resolveUnitName,
  unitAtom,
  unitGroups,
} from "./registry.js";
export { parseUnit, splitQuantity, toUnit, unit } from "./parse.js";
export { type UnitFormat, formatUnit } from "./format.js";
export {
  type ContextOption,
  type ConvertOptions,
  type Converter,
  applyConverter,
  convertArrayInto,
  convertValue,
  converter,
} from "./conversion.js";
export { type Bridge, type Context, contextNames, contextsRelating, getContext, registerContext } from "./context.js";
export { type UnitSystem, getSystem, systemNames } from "./system.js";
export { type FormatOptions, Quantity, parseQuantity, q, quantity } from "./quantity.js";
export { DimArray, type NestedNumbers } from "./dim-array.js";
export { CODATA_EDITION, type ConstantName, EXACT_CONSTANTS, constantNames, physicalConstant } from "./constants.js";
