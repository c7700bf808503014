// The unit-aware filter language: parse once, check, evaluate in memory, push down.

export type { ComparisonOp, Field, FieldSource, Literal, Query, QueryNode } from "./ast.js";
export { ATTRIBUTE_KEYS, parseQuery } from "./parse.js";
export { checkQuery } from "./check.js";
export { evaluateQuery } from "./evaluate.js";
export { formatQuery } from "./format.js";
export {
  type PushdownOptions,
  type UnitGroup,
  type UnitGroupsOf,
  checkUnitGroups,
  planPushdown,
  unitGroupsFromTags,
  unitTagKeys,
} from "./pushdown.js";
