// The one place that decides how units become backend tags, and back.
//
// Written for every unit-carrying name:
//   unit.<name>            dimtensor's tag: its symbol spelling (read by Python dimtensor)
//   shape.<name>           dimtensor's tag for arrays: a Python tuple, "(2, 3)"
//   dimexp.param.<name>    authoritative: {"type","unit","dimension"} as JSON
//   dimexp.metric.<name>   authoritative: {"unit","dimension"}
//   dimexp.array.<name>    authoritative: {"unit","dimension","shape"}
// dimtensor's `unit.<name>` is shared by a param and a metric of the same name
// (it loses one); the dimexp.* tags keep both. Runs written by dimtensor alone
// are read from `unit.<name>` and `shape.<name>`.

import { type Dimension, type Quantity, type Unit, formatUnit, parseUnit } from "@dimexp/units";
import { parseDimtensorSymbol } from "./dimtensor-symbol.js";
import { readJsonObject } from "./internal/json-object.js";
import type { KeyValue, RunRecord } from "./model.js";

export const CODEC_VERSION = "1";

export const TAG = {
  schema: "dimexp.schema",
  dimtensorUnit: (name: string) => `unit.${name}`,
  dimtensorShape: (name: string) => `shape.${name}`,
  param: (name: string) => `dimexp.param.${name}`,
  metric: (name: string) => `dimexp.metric.${name}`,
  array: (name: string) => `dimexp.array.${name}`,
} as const;

/** Tags that carry unit metadata (hidden from a run's user tags). */
export const isCodecTag = (key: string): boolean =>
  key.startsWith("dimexp.") || key.startsWith("unit.") || key.startsWith("shape.");

export type ParamType = "quantity" | "number" | "boolean" | "string";

export type ParamInput = Quantity | number | string | boolean;

/** dimtensor's symbol for a unit: its spelling, "dimensionless" for none. */
export const dimtensorSymbol = (unit: Unit | undefined): string =>
  unit === undefined || (unit.isDimensionless && unit.terms.length === 0 && unit.multiplier.value === 1)
    ? "dimensionless"
    : formatUnit(unit, "dimtensor");

const dimensionText = (d: Dimension): string[] => d.exponents.map((e) => (e.d === 1 ? String(e.n) : `${e.n}/${e.d}`));

/** Exact text of a number that reads back to the same double, -0 and NaN included. */
export const numberText = (value: number): string => {
  if (Object.is(value, -0)) return "-0";
  if (Number.isNaN(value)) return "NaN";
  if (value === Number.POSITIVE_INFINITY) return "Infinity";
  if (value === Number.NEGATIVE_INFINITY) return "-Infinity";
  return String(value);
};

export const parseNumberText = (text: string): number | undefined => {
  const t = text.trim();
  if (t === "NaN" || t === "nan") return Number.NaN;
  if (t === "Infinity" || t === "inf") return Number.POSITIVE_INFINITY;
  if (t === "-Infinity" || t === "-inf") return Number.NEGATIVE_INFINITY;
  if (t === "-0") return -0;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return undefined;
  return Number(t);
};

export interface EncodedParam {
  readonly value: string;
  readonly type: ParamType;
  readonly unit: Unit | undefined;
  readonly tags: readonly KeyValue[];
}

const isQuantity = (v: unknown): v is Quantity =>
  typeof v === "object" && v !== null && typeof (v as Quantity).value === "number" && typeof (v as Quantity).unit === "object";

/** A param as its stored string plus the unit tags that describe it. */
export const encodeParam = (name: string, input: ParamInput): EncodedParam => {
  if (isQuantity(input)) {
    const unit = input.unit;
    return {
      value: numberText(input.value),
      type: "quantity",
      unit,
      tags: [
        { key: TAG.dimtensorUnit(name), value: dimtensorSymbol(unit) },
        {
          key: TAG.param(name),
          value: JSON.stringify({ type: "quantity", unit: formatUnit(unit), dimension: dimensionText(unit.dimension) }),
        },
      ],
    };
  }
  const type: ParamType = typeof input === "number" ? "number" : typeof input === "boolean" ? "boolean" : "string";
  const value = typeof input === "number" ? numberText(input) : String(input);
  const tags: KeyValue[] = [{ key: TAG.param(name), value: JSON.stringify({ type }) }];
  // dimtensor tags every non-string param as dimensionless
  if (type !== "string") tags.unshift({ key: TAG.dimtensorUnit(name), value: "dimensionless" });
  return { value, type, unit: undefined, tags };
};

/** Tags for a metric's unit (written once per name per run). */
export const encodeMetricUnit = (name: string, unit: Unit | undefined): KeyValue[] => {
  const tags: KeyValue[] = [
    {
      key: TAG.metric(name),
      value: JSON.stringify(unit ? { unit: formatUnit(unit), dimension: dimensionText(unit.dimension) } : { unit: null }),
    },
  ];
  if (unit) tags.unshift({ key: TAG.dimtensorUnit(name), value: dimtensorSymbol(unit) });
  return tags;
};

/** Python's tuple spelling of a shape: (3,), (2, 3), (). */
export const pythonShape = (shape: readonly number[]): string =>
  shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;

export const ARRAY_STATS = ["mean", "std", "min", "max"] as const;

/** Tags for an array logged with logArray, and for its four summary metrics. */
export const encodeArray = (name: string, unit: Unit, shape: readonly number[]): KeyValue[] => [
  { key: TAG.dimtensorUnit(name), value: dimtensorSymbol(unit) },
  { key: TAG.dimtensorShape(name), value: pythonShape(shape) },
  {
    key: TAG.array(name),
    value: JSON.stringify({ unit: formatUnit(unit), dimension: dimensionText(unit.dimension), shape }),
  },
  ...ARRAY_STATS.flatMap((s) => encodeMetricUnit(`${name}_${s}`, unit).filter((t) => t.key.startsWith("dimexp."))),
];

// ---------------------------------------------------------------- decoding

export interface DecodedParam {
  readonly value: number | string | boolean;
  readonly type: ParamType;
  readonly unit: Unit | undefined;
  /** the stored unit label when it could not be parsed (kept, never dropped) */
  readonly unitLabel: string | undefined;
  readonly raw: string;
}

export interface DecodedMetricUnit {
  readonly unit: Unit | undefined;
  readonly unitLabel: string | undefined;
}


const unitFrom = (canonical: unknown, dimtensor: string | undefined): DecodedMetricUnit => {
  if (typeof canonical === "string") {
    const parsed = parseUnit(canonical);
    if (parsed._tag === "Right") return { unit: parsed.right, unitLabel: canonical };
    // Unreadable here (a unit defined elsewhere): keep its label, never drop it.
    return { unit: undefined, unitLabel: canonical };
  }
  if (canonical === null) return { unit: undefined, unitLabel: undefined };
  if (dimtensor !== undefined) {
    const parsed = parseDimtensorSymbol(dimtensor);
    if (parsed._tag === "Right") return { unit: parsed.right.isDimensionless && parsed.right.terms.length === 0 ? undefined : parsed.right, unitLabel: dimtensor };
    return { unit: undefined, unitLabel: dimtensor };
  }
  return { unit: undefined, unitLabel: undefined };
};

/** Decodes one stored param with the run's tags. */
export const decodeParam = (name: string, raw: string, tags: Readonly<Record<string, string>>): DecodedParam => {
  const meta = readJsonObject(tags[TAG.param(name)]);
  const dimtensor = tags[TAG.dimtensorUnit(name)];
  const type = (meta?.type as ParamType | undefined) ?? (dimtensor !== undefined && parseNumberText(raw) !== undefined ? "number" : "string");
  if (type === "string") return { value: raw, type, unit: undefined, unitLabel: undefined, raw };
  if (type === "boolean") return { value: raw === "true" || raw === "True", type, unit: undefined, unitLabel: undefined, raw };
  const number = parseNumberText(raw);
  if (number === undefined) return { value: raw, type: "string", unit: undefined, unitLabel: dimtensor, raw };
  // Our own tag is authoritative: a dimexp param without a unit ignores unit.<name>,
  // which a metric of the same name may have overwritten (dimtensor shares the tag).
  if (meta && meta.unit === undefined) return { value: number, type: "number", unit: undefined, unitLabel: undefined, raw };
  const { unit, unitLabel } = meta ? unitFrom(meta.unit, undefined) : unitFrom(undefined, dimtensor);
  return { value: number, type: unit ? "quantity" : "number", unit, unitLabel, raw };
};

/** Decodes a metric's unit from the run's tags (dimexp first, dimtensor second). */
export const decodeMetricUnit = (name: string, tags: Readonly<Record<string, string>>): DecodedMetricUnit => {
  const meta = readJsonObject(tags[TAG.metric(name)]);
  if (meta) return unitFrom(meta.unit, undefined);
  const own = tags[TAG.dimtensorUnit(name)];
  if (own !== undefined) return unitFrom(undefined, own);
  // dimtensor array stats: <name>_mean etc. carry the unit of unit.<name>
  for (const stat of ARRAY_STATS) {
    const suffix = `_${stat}`;
    if (name.endsWith(suffix)) {
      const base = name.slice(0, -suffix.length);
      if (tags[TAG.dimtensorShape(base)] !== undefined) return unitFrom(undefined, tags[TAG.dimtensorUnit(base)]);
    }
  }
  return { unit: undefined, unitLabel: undefined };
};

/** User tags of a run: everything but the codec's own. */
export const userTags = (record: RunRecord): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(record.tags)) if (!isCodecTag(k)) out[k] = v;
  return out;
};
