// Reference evaluation of a pushed-down RawFilter over a RunRecord. The memory
// backend uses it as its "server"; other backends' tests use it as the oracle.

import type { RawFilter, RawPredicate } from "../backend.js";
import type { RunRecord } from "../model.js";
import { compareValues } from "./compare.js";
import { own } from "./own.js";
import { runAttribute } from "./run-attribute.js";

const likeToRegExp = (pattern: string, caseInsensitive: boolean): RegExp => {
  let source = "";
  for (const ch of pattern) {
    if (ch === "%") source += ".*";
    else if (ch === "_") source += ".";
    else source += ch.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${source}$`, caseInsensitive ? "is" : "s");
};

const rawValue = (run: RunRecord, p: RawPredicate): string | number | undefined => {
  switch (p.source) {
    case "metrics":
      return own(run.metrics, p.key)?.value;
    case "params":
      return own(run.params, p.key);
    case "tags":
      return own(run.tags, p.key);
    case "attributes":
      return runAttribute(run, p.key);
  }
};

export const matchesPredicate = (run: RunRecord, p: RawPredicate): boolean => {
  const actual = rawValue(run, p);
  if (p.op === "exists") return actual !== undefined;
  if (actual === undefined) return false;
  if (p.op === "in") return Array.isArray(p.value) && (p.value as readonly string[]).includes(String(actual));
  if (p.op === "like" || p.op === "ilike") return likeToRegExp(String(p.value), p.op === "ilike").test(String(actual));
  let a: number | string = actual;
  const b = p.value as number | string;
  if (typeof b === "number") {
    a = typeof actual === "number" ? actual : Number(actual);
    if (typeof actual === "string" && actual.trim() === "") return false;
  } else {
    a = String(actual);
  }
  return compareValues(p.op, a, b);
};

export const matchesRawFilter = (run: RunRecord, filter: RawFilter | undefined): boolean =>
  filter === undefined || filter.some((conjunction) => conjunction.every((p) => matchesPredicate(run, p)));
