// The unit-aware filter language: parse once, check, evaluate in memory, push down.

export type { ComparisonOp, Field, FieldSource, Literal, Query, QueryNode } from "./ast.js";
export { ATTRIBUTE_KEYS, parseQuery } from "./parse.js";
export { checkQuery } from "./check.js";
export { evaluateQuery } from "./evaluate.js";
export { formatQuery } from "./format.js";
export {
  type DimensionFilter,
  type DimensionRequirement,
  type LoggedDimension,
  type ParsedDimensionFilter,
  parseDimensionFilter,
} from "./dimension-filter.js";
export { type QueryOptions, checkContext } from "./scope.js";
export { MAX_CONDITIONS, MAX_FILTER_LENGTH, MAX_NESTING, MAX_UNIT_LENGTH } from "./limits.js";
export {
  type PushdownOptions,
  type UnitGroup,
  type UnitGroupsOf,
  checkUnitGroups,
  planPushdown,
  unitGroupsFromTags,
  unitTagKeys,
} from "./pushdown.js";
