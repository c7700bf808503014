// The unit-aware filter language, parsed once into this tree:
//   metrics.force > 10 N and (params.length <= 1 m or tags.solver = "fd")
//   params.lr in (0.001, 0.01)   tags.name like "run-%"   has(metrics.force)
//   dimension(metrics.loss) = energy   attributes.status = "FINISHED"
// Positions (0-based offsets into the query) are kept for error messages.

import type { Dimension, Unit } from "@dimexp/units";

export type FieldSource = "metrics" | "params" | "tags" | "attributes";

export interface Field {
  readonly source: FieldSource;
  /**
   * The name as logged. For attributes, one of ATTRIBUTE_KEYS (parse.ts):
   * status, name, run_id, start_time, end_time — every accepted spelling
   * (run_name, id, startTime, …) is normalized to these, the keys RawPredicates use.
   */
  readonly key: string;
  readonly position: number;
}

export type Literal =
  /** `text`: the literal as written, number and unit (`10 N`), for messages */
  | { readonly kind: "quantity"; readonly value: number; readonly unit: Unit; readonly text: string; readonly position: number }
  | { readonly kind: "number"; readonly value: number; readonly position: number }
  | { readonly kind: "string"; readonly value: string; readonly position: number }
  | { readonly kind: "boolean"; readonly value: boolean; readonly position: number };

export type ComparisonOp = "=" | "!=" | "<" | "<=" | ">" | ">=";

export type QueryNode =
  | { readonly kind: "and" | "or"; readonly left: QueryNode; readonly right: QueryNode }
  | { readonly kind: "not"; readonly operand: QueryNode }
  | { readonly kind: "compare"; readonly field: Field; readonly op: ComparisonOp; readonly value: Literal }
  | { readonly kind: "in"; readonly field: Field; readonly values: readonly Literal[]; readonly negated: boolean }
  | { readonly kind: "like"; readonly field: Field; readonly pattern: string; readonly caseInsensitive: boolean; readonly negated: boolean }
  | { readonly kind: "has"; readonly field: Field }
  /** `name`: the dimension's common name (`energy`, also for `= J`), or the text written when it has none */
  | { readonly kind: "dimension"; readonly field: Field; readonly dimension: Dimension; readonly name: string; readonly negated: boolean };

export interface Query {
  readonly text: string;
  /** undefined for the empty query (matches every run) */
  readonly root: QueryNode | undefined;
}
