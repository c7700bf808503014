// `dimexp runs show <run> --array <key> [--step N] [--unit U] [--context C] [--json]`:
// one logged array read back (core's readLoggedArray), printed as a summary
// and its values, or as one line of JSON { key, step, unit, shape, values }.

import { type ExperimentBackend, type ReadArray, type RunRecord, numberText, readLoggedArray, runArrays } from "@dimexp/core";
import { type DimArray, contextNames, formatUnit, getContext } from "@dimexp/units";
import type { CommandInput } from "./command.js";
import { UserError } from "./errors.js";
import { formatTable } from "./output.js";
import { shortNumber, withUnit } from "./run-text.js";
import { orFailCore, runTask } from "./store.js";

export interface ArrayRequest {
  readonly key: string;
  readonly step: number | undefined;
  readonly unit: string | undefined;
  readonly context: string[] | undefined;
}

/** What `runs show --array <key> --json` prints. */
export interface ArrayJson {
  readonly key: string;
  readonly step: number | string;
  /** the unit of `values` (ASCII, parses back), "1" when dimensionless */
  readonly unit: string;
  readonly shape: readonly number[];
  /** nested lists in the array's shape; NaN, ±Infinity and -0 as the strings "NaN", "Infinity", "-Infinity", "-0" */
  readonly values: unknown;
}

const STEP = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** The --array request, or undefined without --array (then --step/--unit/--context are refused). */
export const arrayRequest = (input: CommandInput): ArrayRequest | undefined => {
  const key = input.string("array");
  const stepText = input.string("step");
  const unit = input.string("unit");
  const contexts = input.strings("context");
  if (key === undefined) {
    const stray = [stepText !== undefined && "--step", unit !== undefined && "--unit", contexts.length > 0 && "--context"].filter(Boolean);
    if (stray.length > 0) throw new UserError(`${stray.join(", ")} ${stray.length === 1 ? "applies" : "apply"} to an array: add --array <key> (the run's arrays are listed by "dimexp runs show <run>").`);
    return undefined;
  }
  if (key.trim() === "") throw new UserError('--array takes the key of a logged array, e.g. --array temperature; not an empty one.');
  let step: number | undefined;
  if (stepText !== undefined) {
    const trimmed = stepText.trim();
    if (!STEP.test(trimmed)) throw new UserError(`--step takes a step number, e.g. --step 10; not ${JSON.stringify(stepText.slice(0, 200))}.`);
    step = Number(trimmed);
  }
  if (unit !== undefined && unit.trim() === "") throw new UserError("--unit takes a unit to show the values in, e.g. --unit J; not an empty one.");
  const names = contexts.flatMap((list) => list.split(",").map((name) => name.trim()));
  if (names.some((name) => name === "")) throw new UserError(`--context takes a context name, not an empty one. Contexts: ${contextNames().join(", ")}.`);
  for (const name of names) {
    if (name.length > 100) throw new UserError(`--context takes a context name, not ${name.length} characters. Contexts: ${contextNames().join(", ")}.`);
    orFailCore(getContext(name));
  }
  return { key, step, unit: unit?.trim(), context: names.length > 0 ? names : undefined };
};

/** Reads the array; a key, step, unit or context that does not fit is a UserError naming what there is. */
export const readArray = (backend: ExperimentBackend, record: RunRecord, request: ArrayRequest): Promise<ReadArray> =>
  runTask(
    readLoggedArray(backend, record, request.key, {
      ...(request.step !== undefined ? { step: request.step } : {}),
      ...(request.unit !== undefined ? { unit: request.unit } : {}),
      ...(request.context !== undefined ? { context: request.context } : {}),
    }),
  );

/** JSON keeps every digit: non-finite values and -0 as strings (as `runs ls --json` writes them). */
const jsonValue = (x: number): number | string => (Number.isFinite(x) && !Object.is(x, -0) ? x : numberText(x));

const nested = (array: DimArray, cell: (x: number) => unknown): unknown => {
  const { data, shape } = array;
  if (shape.length === 0) return cell(data[0] as number);
  let offset = 0;
  const walk = (dim: number): unknown[] => {
    const out: unknown[] = [];
    for (let i = 0; i < (shape[dim] as number); i++) out.push(dim === shape.length - 1 ? cell(data[offset++] as number) : walk(dim + 1));
    return out;
  };
  return walk(0);
};

export const arrayJson = (read: ReadArray): ArrayJson => ({
  key: read.key,
  step: jsonValue(read.step),
  unit: formatUnit(read.array.unit),
  shape: [...read.array.shape],
  values: nested(read.array, jsonValue),
});

const unitText = (array: DimArray): string | undefined => (array.unit.isDimensionless && array.unit.terms.length === 0 ? undefined : formatUnit(array.unit));

/** "steps: 0, 1, 2", or for many "2000 steps: 0, 1, 2, …, 1999" (--step picks one). */
const stepsText = (steps: readonly number[]): string =>
  steps.length <= 12
    ? `steps: ${steps.map(numberText).join(", ")}`
    : `${steps.length} steps: ${steps.slice(0, 3).map(numberText).join(", ")}, …, ${numberText(steps[steps.length - 1] as number)}`;

/** Summary rows, then one line per row of the array (the last axis across), indexed. */
export const arrayLines = (read: ReadArray, run: { name: string; id: string }): string[] => {
  const { array } = read;
  const unit = unitText(array);
  const finite = [...array.data].filter(Number.isFinite);
  const stat = (q: { value: number }) => withUnit(q.value, unit);
  const logged = formatUnit(read.loggedUnit);
  const summary: string[][] = [
    ["array", read.key],
    ["run", `${run.name} (${run.id})`],
    ["step", `${numberText(read.step)}${read.steps.length > 1 ? ` (${stepsText(read.steps)})` : ""}`],
    ["unit", `${unit ?? "1 (dimensionless)"}${unit !== undefined && logged !== unit ? ` (logged in ${logged})` : ""}`],
    ["shape", `[${array.shape.join(", ")}] (${array.size} value${array.size === 1 ? "" : "s"})`],
  ];
  if (array.size > 0) {
    summary.push(["min", stat(array.min())], ["mean", stat(array.mean())], ["std", stat(array.std())], ["max", stat(array.max())]);
    if (finite.length < array.size) summary.push(["not finite", `${array.size - finite.length} (NaN or ±Infinity)`]);
  }
  return [...formatTable(summary), "", `values${unit ? ` [${unit}]` : ""}`, ...formatTable(valueRows(array), "  ")];
};

/** 0-d and 1-D: one value per line, indexed; more axes: one line per row of the last axis, indexed by the others. */
const valueRows = (array: DimArray): string[][] => {
  if (array.shape.length <= 1) return [...array.data].map((x, i) => [`[${i}]`, shortNumber(x)]);
  const width = array.shape[array.shape.length - 1] as number;
  const lead = array.shape.slice(0, -1);
  const rows: string[][] = [];
  for (let r = 0; width > 0 && r * width < array.size; r++) {
    let rest = r;
    const index: number[] = [];
    for (let d = lead.length - 1; d >= 0; d--) {
      index.unshift(rest % (lead[d] as number));
      rest = Math.floor(rest / (lead[d] as number));
    }
    rows.push([`[${index.join(", ")}]`, ...[...array.data.subarray(r * width, (r + 1) * width)].map(shortNumber)]);
  }
  return rows;
};

/** The run's arrays as rows for the plain `runs show` output (from its tags: no backend call). */
export const arrayRows = (record: RunRecord): string[][] =>
  runArrays(record).map((a) => [
    a.key,
    `${a.unit ? formatUnit(a.unit) : (a.unitLabel ?? "1")}, shape [${a.shape.join(", ")}]${a.lastStep !== undefined ? `, latest step ${numberText(a.lastStep)}` : ""}`,
  ]);
