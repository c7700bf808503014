// formatQuery: a Query's tree back to filter text that parses to the same tree
// (canonical spelling: lower-case keywords, double-quoted strings, canonical
// units). For display and logs; parseQuery(formatQuery(q)) ≡ q.

import { formatUnit } from "@dimexp/units";
import { numberText } from "../unit-codec.js";
import type { Literal, Query, QueryNode } from "./ast.js";
import { fieldText } from "./semantics.js";

const STRING_ESCAPES: Record<string, string> = { "\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r", "\0": "\\0" };

const quote = (text: string): string => `"${text.replace(/[\\"\n\t\r\0]/g, (c) => STRING_ESCAPES[c] as string)}"`;

export const formatLiteral = (literal: Literal): string => {
  switch (literal.kind) {
    case "number":
      return numberText(literal.value);
    case "quantity":
      return `${numberText(literal.value)} ${formatUnit(literal.unit)}`;
    case "string":
      return quote(literal.value);
    case "boolean":
      return String(literal.value);
  }
};

const format = (node: QueryNode, parent: "and" | "or" | "not" | undefined, side: "left" | "right"): string => {
  switch (node.kind) {
    case "and":
    case "or": {
      const text = `${format(node.left, node.kind, "left")} ${node.kind} ${format(node.right, node.kind, "right")}`;
      // and/or associate left: a right operand of the same kind keeps its parentheses
      const bare = parent === undefined || (parent === "or" && node.kind === "and") || (parent === node.kind && side === "left");
      return bare ? text : `(${text})`;
    }
    case "not":
      return `not ${format(node.operand, "not", "right")}`;
    case "compare":
      return `${fieldText(node.field)} ${node.op} ${formatLiteral(node.value)}`;
    case "in":
      return `${fieldText(node.field)} ${node.negated ? "not in" : "in"} (${node.values.map(formatLiteral).join(", ")})`;
    case "like":
      return `${fieldText(node.field)} ${node.negated ? "not " : ""}${node.caseInsensitive ? "ilike" : "like"} ${quote(node.pattern)}`;
    case "has":
      return `has(${fieldText(node.field)})`;
    case "dimension":
      return `dimension(${fieldText(node.field)}) ${node.negated ? "!=" : "="} ${node.dimension.name ?? quote(node.name)}`;
  }
};

/** The filter text of a query, in canonical spelling ("" for the empty query). */
export const formatQuery = (query: Query): string => (query.root === undefined ? "" : format(query.root, undefined, "left"));
