// Reading an endpoint's query parameters strictly: a parameter the endpoint
// does not know, one given twice, or a value of the wrong shape is a 400 that
// names it — never silently ignored, so a typo in a shared URL is visible.

import { validateName } from "@dimexp/core";
import { contextNames, getContext } from "@dimexp/units";
import { ApiProblem, invalidParameter } from "./problems.js";

// Ids are what backends hand out (MLflow's numbers, local hex, W&B's base-36;
// W&B project names and run ids allow spaces, "+", "_" first…): refuse only
// what cannot travel in a path segment or a comma-separated list, and control
// characters (C0, DEL and C1: U+009B is a terminal's CSI).
const MAX_ID_LENGTH = 128;
const SEPARATORS = new Set(["/", "\\", ","]);

const isControlCode = (code: number): boolean => code < 0x20 || (code >= 0x7f && code <= 0x9f);

const isId = (id: string): boolean => {
  if (id.length === 0 || id.length > MAX_ID_LENGTH || /^\s/.test(id)) return false;
  for (let i = 0; i < id.length; i++) {
    if (isControlCode(id.charCodeAt(i)) || SEPARATORS.has(id[i] as string)) return false;
  }
  return true;
};

export const MAX_TEXT = 10_000;

/** C0 controls other than tab, newline and carriage return. */
const hasControlCharacters = (text: string): boolean => {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 32 && c !== 9 && c !== 10 && c !== 13) return true;
  }
  return false;
};

export class QueryParams {
  constructor(
    private readonly query: URLSearchParams,
    /** exact parameter names this endpoint takes */
    allowed: readonly string[],
    /** prefixes of families of parameters, e.g. "unit." */
    prefixes: readonly string[] = [],
  ) {
    const seen = new Set<string>();
    for (const name of query.keys()) {
      if (seen.has(name)) throw invalidParameter(name, `Query parameter "${name}" is given more than once; give it once.`);
      seen.add(name);
      if (!allowed.includes(name) && !prefixes.some((p) => name.startsWith(p))) {
        const known = [...allowed, ...prefixes.map((p) => `${p}<name>`)];
        throw new ApiProblem(400, {
          code: "UnknownParameter",
          param: name,
          message: `Unknown query parameter "${name}". This endpoint takes: ${known.join(", ") || "none"}.`,
        });
      }
    }
  }

  /** A text value (trimmed), at most `max` characters; undefined when absent or empty. */
  text(name: string, max = 200): string | undefined {
    const value = this.query.get(name);
    if (value === null) return undefined;
    if (value.length > max) throw invalidParameter(name, `"${name}" is ${value.length} characters long; at most ${max} are accepted.`);
    if (hasControlCharacters(value)) throw invalidParameter(name, `"${name}" contains control characters.`);
    const trimmed = value.trim();
    return trimmed === "" ? undefined : trimmed;
  }

  /** A whole number in [min, max]. */
  integer(name: string, min: number, max: number): number | undefined {
    const value = this.text(name, 20);
    if (value === undefined) return undefined;
    if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
      throw invalidParameter(name, `"${name}" must be a whole number from ${min} to ${max}, not ${JSON.stringify(value)}.`);
    }
    return Number(value);
  }

  /** A comma-separated list of ids, 1 to `max` of them, without repeats. */
  ids(name: string, max: number): string[] | undefined {
    const value = this.text(name, max * 130);
    if (value === undefined) return undefined;
    const ids = value.split(",").map((s) => s.trim());
    for (const id of ids) checkId(name, id);
    if (ids.length > max) throw invalidParameter(name, `"${name}" lists ${ids.length} runs; at most ${max} can be compared at once.`);
    const repeated = ids.find((id, i) => ids.indexOf(id) !== i);
    if (repeated) throw invalidParameter(name, `"${name}" lists the run ${repeated} twice.`);
    return ids;
  }

  /** A metric or param name. */
  name(name: string, kind: "metric" | "param"): string | undefined {
    const value = this.text(name, 300);
    if (value === undefined) return undefined;
    checkName(name, kind, value);
    return value;
  }

  /**
   * Context names, comma-separated (`natural`, `natural,spectral`): each must
   * exist; an empty item is an error, not "no context". Absent or empty: undefined.
   */
  contexts(name: string): string[] | undefined {
    const value = this.text(name, 400);
    if (value === undefined) return undefined;
    const names = value.split(",").map((s) => s.trim());
    for (const context of names) {
      if (context === "" || getContext(context)._tag === "Left") {
        throw invalidParameter(
          name,
          `${context === "" ? `"${name}" lists an empty context name` : `Unknown context ${JSON.stringify(context.slice(0, 100))} in "${name}"`}; contexts: ${contextNames().join(", ")} (comma-separated for several).`,
        );
      }
    }
    return [...new Set(names.map((c) => c.toLowerCase()))];
  }

  /** Every parameter `<prefix><rest>` as [rest, value]. */
  family(prefix: string): Array<[string, string]> {
    const out: Array<[string, string]> = [];
    for (const key of this.query.keys()) {
      if (!key.startsWith(prefix)) continue;
      const value = this.text(key);
      if (value !== undefined) out.push([key.slice(prefix.length), value]);
    }
    return out;
  }
}

export const checkId = (param: string, id: string): string => {
  if (!isId(id)) {
    throw invalidParameter(param, `${JSON.stringify(id.slice(0, 140))} is not a run or experiment id (1–128 characters, not starting with a space, without "/", "\\", "," or control characters).`);
  }
  return id;
};

export const checkName = (param: string, kind: "metric" | "param", name: string): string => {
  const valid = validateName(kind, name);
  if (valid._tag === "Left") throw invalidParameter(param, valid.left.message);
  return name;
};
