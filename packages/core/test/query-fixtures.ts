// Runs for the query tests, written through the real unit codec: what a
// backend would hand back after DimExperiment logged them (or after Python
// dimtensor did, or plain MLflow with no unit tags at all).

import { type Unit, q, unit } from "@dimexp/units";
import type { RunRecord, RunStatus } from "../src/model.js";
import { type ParamInput, dimtensorSymbol, encodeMetricUnit, encodeParam } from "../src/unit-codec.js";
import { parseQuery } from "../src/query/index.js";
import type { Query } from "../src/query/ast.js";

export const u = (text: string): Unit => unit(text);

/** A metric's latest value and the unit it was logged in (undefined: no unit). */
export type MetricInput = readonly [value: number, unit?: string];

export interface RunSpec {
  readonly id?: string;
  readonly name?: string;
  readonly status?: RunStatus;
  readonly startTime?: number;
  readonly endTime?: number;
  /** numbers, strings, booleans, or [value, unit] for a quantity */
  readonly params?: Readonly<Record<string, ParamInput | readonly [number, string]>>;
  readonly metrics?: Readonly<Record<string, MetricInput>>;
  readonly tags?: Readonly<Record<string, string>>;
}

let nextId = 1;

const record = (spec: RunSpec, params: Record<string, string>, tags: Record<string, string>, metrics: Record<string, MetricInput>): RunRecord => {
  const id = spec.id ?? `run${nextId++}`;
  return {
    info: {
      id,
      experimentId: "1",
      name: spec.name ?? id,
      status: spec.status ?? "FINISHED",
      startTime: spec.startTime ?? 1_700_000_000_000,
      endTime: spec.endTime,
    },
    params,
    tags,
    metrics: Object.fromEntries(Object.entries(metrics).map(([k, [value]]) => [k, { value, step: 0, timestamp: 0 }])),
  };
};

/** A run logged by dimexp: dimexp.* tags plus dimtensor's unit.<name>. */
export const dimexpRun = (spec: RunSpec): RunRecord => {
  const params: Record<string, string> = {};
  const tags: Record<string, string> = { ...spec.tags };
  for (const [name, input] of Object.entries(spec.params ?? {})) {
    const value = Array.isArray(input) ? q(input[0] as number, input[1] as string) : (input as ParamInput);
    const encoded = encodeParam(name, value);
    params[name] = encoded.value;
    for (const t of encoded.tags) tags[t.key] = t.value;
  }
  for (const [name, [, unitText]] of Object.entries(spec.metrics ?? {})) {
    for (const t of encodeMetricUnit(name, unitText === undefined ? undefined : u(unitText))) tags[t.key] = t.value;
  }
  return record(spec, params, tags, { ...spec.metrics });
};

/** A run logged by Python dimtensor alone: only unit.<name> tags, Python's spellings. */
export const dimtensorRun = (spec: RunSpec): RunRecord => {
  const params: Record<string, string> = {};
  const tags: Record<string, string> = { ...spec.tags };
  for (const [name, input] of Object.entries(spec.params ?? {})) {
    if (Array.isArray(input)) {
      params[name] = String(input[0]);
      tags[`unit.${name}`] = dimtensorSymbol(u(input[1] as string));
    } else if (typeof input === "number" || typeof input === "boolean") {
      params[name] = typeof input === "boolean" ? (input ? "True" : "False") : String(input);
      tags[`unit.${name}`] = "dimensionless";
    } else params[name] = String(input);
  }
  for (const [name, [, unitText]] of Object.entries(spec.metrics ?? {})) {
    if (unitText !== undefined) tags[`unit.${name}`] = dimtensorSymbol(u(unitText));
  }
  return record(spec, params, tags, { ...spec.metrics });
};

/** A run logged by plain MLflow: params as strings, no unit tags. */
export const plainRun = (spec: RunSpec): RunRecord => {
  const params: Record<string, string> = {};
  for (const [name, input] of Object.entries(spec.params ?? {})) params[name] = Array.isArray(input) ? String(input[0]) : String(input);
  return record(spec, params, { ...spec.tags }, { ...spec.metrics });
};

/** parseQuery that must succeed. */
export const parsed = (text: string): Query => {
  const result = parseQuery(text);
  if (result._tag === "Left") throw new Error(`expected ${JSON.stringify(text)} to parse: ${result.left.message}`);
  return result.right;
};
