// The six comparison operators over numbers or strings, shared by the query
// evaluator and the raw-filter reference evaluation so the two cannot drift.

export type ComparisonOperator = "=" | "!=" | "<" | "<=" | ">" | ">=";

export const compareValues = <T extends number | string>(op: ComparisonOperator, a: T, b: T): boolean => {
  switch (op) {
    case "=":
      return a === b;
    case "!=":
      return a !== b;
    case "<":
      return a < b;
    case "<=":
      return a <= b;
    case ">":
      return a > b;
    case ">=":
      return a >= b;
  }
};
