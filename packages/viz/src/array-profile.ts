// One logged array per run, value against index, every run in one display
// unit: the profile a run ended with (a temperature field, an energy
// spectrum), logged in SI, CGS or natural units and compared on one axis.

import { type ContextOption, type DimArray, type Unit, applyConverter, converter, formatUnit, getSystem, toUnit } from "@dimexp/units";
import type { TopLevelSpec } from "vega-lite";
import { axisTitle } from "./axis-title.js";
import { type ChartOptions, finite, frame } from "./chart-options.js";
import { VizException } from "./errors.js";
import { decimate } from "./internal/decimate.js";
import { TOOLTIP_FORMAT, axisNumberFormat } from "./internal/number-format.js";

export interface ArrayProfile {
  /** the legend label (unique per chart) */
  readonly run: string;
  readonly array: DimArray;
  /** the step the array was logged at (told in the subtitle) */
  readonly step?: number | undefined;
}

export interface ArrayProfileOptions extends ChartOptions {
  /** named context(s) for a display unit of another dimension (GeV shown in kg: "mass-energy") */
  readonly context?: ContextOption | undefined;
  /** at most this many points per run (default 2000; each bucket's min and max kept) */
  readonly maxPoints?: number | undefined;
}

interface Shown {
  readonly profile: ArrayProfile;
  readonly convert: (x: number) => number;
}

/** The unit every profile is shown in: the option's unit or system, else the first profile's unit. */
const displayUnit = (profiles: readonly ArrayProfile[], options: ArrayProfileOptions): Unit => {
  const first = (profiles[0] as ArrayProfile).array.unit;
  if (options.unit !== undefined) {
    const unit = toUnit(options.unit);
    if (unit._tag === "Left") throw new VizException(unit.left);
    return unit.right;
  }
  if (options.system !== undefined) {
    const system = getSystem(options.system);
    if (system._tag === "Left") throw new VizException(system.left);
    const unit = system.right.canonicalUnit(first.dimension);
    if (unit._tag === "Left") throw new VizException(unit.left);
    return unit.right;
  }
  return first;
};

/**
 * A chart of each run's array (value against flat index, row-major), all in
 * one unit. A profile whose unit cannot be shown in that unit is left out and
 * named in the subtitle; when none can be, it throws a VizException carrying
 * the units error (a display unit that fits no run is an error, not an empty chart).
 */
export const arrayProfileSpec = (key: string, profiles: readonly ArrayProfile[], options: ArrayProfileOptions = {}): TopLevelSpec => {
  if (profiles.length === 0) {
    throw new VizException({ _tag: "UnknownField", kind: "metric", name: key, available: [], message: `No run has an array ${JSON.stringify(key)} to chart.` });
  }
  const unit = displayUnit(profiles, options);
  const system = options.unit === undefined && options.system !== undefined ? getSystem(options.system) : undefined;
  const contexts = [
    ...(options.context === undefined ? [] : Array.isArray(options.context) ? options.context : [options.context]),
    ...(system?._tag === "Right" && system.right.context ? [system.right.context] : []),
  ];
  const shown: Shown[] = [];
  const notes: string[] = [];
  let firstError: VizException | undefined;
  const shownLabel = formatUnit(unit);
  for (const profile of profiles) {
    const c = converter(profile.array.unit, unit, contexts.length > 0 ? { context: contexts } : {});
    const step = profile.step !== undefined ? `step ${profile.step}` : undefined;
    if (c._tag === "Left") {
      firstError ??= new VizException(c.left);
      notes.push(`${profile.run}: not shown (${formatUnit(profile.array.unit)} is not ${unit.dimension.describe()})`);
      continue;
    }
    const identity = c.right.kind === "linear" && c.right.scale === 1 && c.right.offset === 0;
    shown.push({ profile, convert: identity ? (x) => x : (x) => applyConverter(c.right, x) });
    const logged = formatUnit(profile.array.unit);
    const parts = [step, logged !== shownLabel ? `logged in ${logged}, shown in ${shownLabel}` : undefined, profile.array.ndim > 1 ? `shape [${profile.array.shape.join(", ")}], row-major` : undefined].filter(Boolean);
    if (parts.length > 0) notes.push(`${profile.run}: ${parts.join(", ")}`);
  }
  if (shown.length === 0) throw firstError as VizException;

  const values: Array<{ run: string; index: number; value: number }> = [];
  for (const { profile, convert } of shown) {
    const data = profile.array.data;
    const index = Float64Array.from({ length: data.length }, (_, i) => i);
    for (const i of decimate(index, data, options.maxPoints ?? 2000)) {
      const value = convert(data[i] as number);
      if (finite(value)) values.push({ run: profile.run, index: i, value });
    }
  }
  const title = axisTitle(key, unit, options.axisStyle);
  const order = shown.map((s) => s.profile.run);
  // A line through one point draws nothing: those runs get a point instead;
  // short arrays show every value as a point (each is one cell of a field).
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v.run, (counts.get(v.run) ?? 0) + 1);
  const single = order.filter((run) => counts.get(run) === 1);
  const dotted = order.filter((run) => (counts.get(run) ?? 0) <= 64);
  return {
    ...frame(options, { title: `${key} against index`, subtitle: notes }),
    data: { values },
    encoding: {
      x: { field: "index", type: "quantitative", title: "index", axis: { tickMinStep: 1, ...axisNumberFormat(values.map((v) => v.index)) } },
      y: { field: "value", type: "quantitative", title, scale: { zero: false }, axis: axisNumberFormat(values.map((v) => v.value)) },
      color: { field: "run", type: "nominal", title: "run", scale: { domain: order } },
      strokeDash: { field: "run", type: "nominal", title: "run", scale: { domain: order } },
      tooltip: [
        { field: "run", type: "nominal" },
        { field: "index", type: "quantitative" },
        { field: "value", type: "quantitative", title, format: TOOLTIP_FORMAT },
      ],
    },
    layer: [
      { mark: { type: "line", strokeWidth: 2 } },
      ...(dotted.length > 0
        ? [{ transform: [{ filter: { field: "run", oneOf: dotted } }], mark: { type: "point" as const, filled: true, size: single.length > 0 ? 60 : 30 } }]
        : []),
    ],
  };
};
