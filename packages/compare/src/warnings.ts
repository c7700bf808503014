// Everything a comparison did that the reader should know about, as typed
// values: nothing is converted, dropped or left undefined silently. Each
// warning carries a `message` written for people.

export interface MixedUnitsConverted {
  readonly _tag: "MixedUnitsConverted";
  readonly metric: string;
  /** the unit these runs logged (canonical ASCII) */
  readonly from: string;
  /** the comparison's common unit */
  readonly to: string;
  /** the context that related the two dimensions, when they differ (GeV⁻¹ → m: "natural") */
  readonly context: string | undefined;
  readonly runs: readonly string[];
  readonly message: string;
}

export interface DimensionlessMixed {
  readonly _tag: "DimensionlessMixed";
  readonly metric: string;
  /** runs that logged a plain number (or a dimensionless unit) while the common unit has a dimension, or the reverse */
  readonly runs: readonly string[];
  readonly commonUnit: string;
  /** "excluded" (the default) or "common-unit" (option dimensionless: "as-common-unit") */
  readonly treatedAs: "excluded" | "common-unit";
  readonly message: string;
}

export interface MissingMetric {
  readonly _tag: "MissingMetric";
  readonly metric: string;
  readonly run: string;
  readonly message: string;
}

export interface IncompatibleDimensions {
  readonly _tag: "IncompatibleDimensions";
  readonly metric: string;
  readonly run: string;
  readonly unit: string;
  readonly commonUnit: string;
  readonly fromDimension: string;
  readonly toDimension: string;
  /** named contexts that would relate the two (pass one as `context`) */
  readonly contexts: readonly string[];
  readonly message: string;
}

export interface UnreadableUnit {
  readonly _tag: "UnreadableUnit";
  readonly metric: string;
  readonly run: string;
  /** the stored label that does not parse here (a unit defined elsewhere) */
  readonly label: string;
  readonly message: string;
}

export interface ZeroBaseline {
  readonly _tag: "ZeroBaseline";
  readonly metric: string;
  /** the baseline run's name, or "mean" */
  readonly baseline: string;
  readonly message: string;
}

export interface BaselineExcluded {
  readonly _tag: "BaselineExcluded";
  readonly metric: string;
  readonly baseline: string;
  readonly message: string;
}

export interface StepNotLogged {
  readonly _tag: "StepNotLogged";
  readonly metric: string;
  readonly run: string;
  readonly step: number;
  /** the first and last logged steps */
  readonly range: readonly [number, number];
  readonly message: string;
}

export interface ParamIncompatible {
  readonly _tag: "ParamIncompatible";
  readonly param: string;
  readonly run: string;
  readonly unit: string;
  readonly commonUnit: string;
  readonly message: string;
}

/**
 * A metric in an offset unit (°C, °F): relative differences are taken on the
 * absolute scale (K), whatever the display unit, and absolute differences are
 * temperature differences (delta_degC). Not a problem: a note, so that a
 * reader who divides two Celsius readings is not surprised.
 */
export interface RelativeOnAbsoluteScale {
  readonly _tag: "RelativeOnAbsoluteScale";
  readonly metric: string;
  /** the display (common) unit */
  readonly unit: string;
  /** the absolute scale relative differences are computed on ("K") */
  readonly absoluteUnit: string;
  /** the unit of absolute differences ("delta_degC") */
  readonly differenceUnit: string;
  readonly message: string;
}

export type CompareWarning =
  | MixedUnitsConverted
  | RelativeOnAbsoluteScale
  | DimensionlessMixed
  | MissingMetric
  | IncompatibleDimensions
  | UnreadableUnit
  | ZeroBaseline
  | BaselineExcluded
  | StepNotLogged
  | ParamIncompatible;

/** The reasons a run can be left out of one metric's comparison. */
export type ExclusionReason = DimensionlessMixed | MissingMetric | IncompatibleDimensions | UnreadableUnit | StepNotLogged;

const list = (runs: readonly string[]): string => runs.map((r) => JSON.stringify(r)).join(", ");

export const mixedUnitsConverted = (
  metric: string,
  from: string,
  to: string,
  context: string | undefined,
  runs: readonly string[],
): MixedUnitsConverted => ({
  _tag: "MixedUnitsConverted",
  metric,
  from,
  to,
  context,
  runs,
  message: `${metric}: ${runs.length === 1 ? "run" : "runs"} ${list(runs)} logged ${from}; converted to ${to}${context ? ` through the "${context}" context` : ""} (original values are kept).`,
});

export const relativeOnAbsoluteScale = (metric: string, unit: string, absoluteUnit: string, differenceUnit: string): RelativeOnAbsoluteScale => ({
  _tag: "RelativeOnAbsoluteScale",
  metric,
  unit,
  absoluteUnit,
  differenceUnit,
  message: `${metric}: relative differences are computed on the absolute scale (${absoluteUnit}), whatever the display unit${
    unit === absoluteUnit ? "" : ` (${unit} has an offset: a ratio of ${unit} readings depends on where its zero is)`
  }; absolute differences are ${unit === differenceUnit ? `in ${differenceUnit}` : `temperature differences, in ${differenceUnit}`}.`,
});

export const dimensionlessMixed = (
  metric: string,
  runs: readonly string[],
  commonUnit: string,
  treatedAs: "excluded" | "common-unit",
): DimensionlessMixed => ({
  _tag: "DimensionlessMixed",
  metric,
  runs,
  commonUnit,
  treatedAs,
  message:
    commonUnit === "1"
      ? `${metric}: ${list(runs)} logged a unit with a dimension but the common unit is dimensionless; excluded.`
      : treatedAs === "excluded"
        ? `${metric}: ${list(runs)} logged plain numbers (no unit) while the others are in ${commonUnit}; excluded. Pass { dimensionless: "as-common-unit" } (CLI: --dimensionless as-common-unit) to read them as ${commonUnit}.`
        : `${metric}: ${list(runs)} logged plain numbers (no unit); read as ${commonUnit} because dimensionless: "as-common-unit" was asked for.`,
});

export const missingMetric = (metric: string, run: string): MissingMetric => ({
  _tag: "MissingMetric",
  metric,
  run,
  message: `${metric}: run ${JSON.stringify(run)} has no ${metric}; excluded.`,
});

export const incompatibleDimensions = (
  metric: string,
  run: string,
  unit: string,
  commonUnit: string,
  fromDimension: string,
  toDimension: string,
  contexts: readonly string[],
): IncompatibleDimensions => ({
  _tag: "IncompatibleDimensions",
  metric,
  run,
  unit,
  commonUnit,
  fromDimension,
  toDimension,
  contexts,
  message: `${metric}: run ${JSON.stringify(run)} logged ${unit} [${fromDimension}], which is not convertible to the common unit ${commonUnit} [${toDimension}]; excluded.${
    contexts.length > 0
      ? ` The context${contexts.length > 1 ? "s" : ""} ${contexts.map((c) => `"${c}"`).join(", ")} would relate them: pass { context: "${contexts[0]}" } (CLI: --context ${contexts[0]}).`
      : ""
  }`,
});

export const unreadableUnit = (metric: string, run: string, label: string): UnreadableUnit => ({
  _tag: "UnreadableUnit",
  metric,
  run,
  label,
  message: `${metric}: run ${JSON.stringify(run)} logged the unit ${JSON.stringify(label)}, which is not defined here (defineUnit() it first); excluded.`,
});

export const zeroBaseline = (metric: string, baseline: string): ZeroBaseline => ({
  _tag: "ZeroBaseline",
  metric,
  baseline,
  message: `${metric}: the baseline (${baseline === "mean" ? "the mean of the runs" : `run ${JSON.stringify(baseline)}`}) is 0, so relative differences are undefined (NaN); absolute differences are given.`,
});

export const baselineExcluded = (metric: string, baseline: string): BaselineExcluded => ({
  _tag: "BaselineExcluded",
  metric,
  baseline,
  message: `${metric}: the baseline run ${JSON.stringify(baseline)} is excluded from this metric, so differences are against the mean of the other runs.`,
});

export const stepNotLogged = (metric: string, run: string, step: number, range: readonly [number, number]): StepNotLogged => ({
  _tag: "StepNotLogged",
  metric,
  run,
  step,
  range,
  message: `${metric}: run ${JSON.stringify(run)} logged steps ${range[0]}…${range[1]}, not step ${step}; excluded.`,
});

export const paramIncompatible = (param: string, run: string, unit: string, commonUnit: string): ParamIncompatible => ({
  _tag: "ParamIncompatible",
  param,
  run,
  unit,
  commonUnit,
  message: `param ${param}: run ${JSON.stringify(run)} has it in ${unit}, which is not convertible to ${commonUnit}; shown as different.`,
});
