import { type CompareWarning, type MetricComparison, type RunComparison, compareRunsEither } from "@dimexp/compare";
import { formatUnit } from "@dimexp/units";
import type { CommandSpec } from "../internal/command.js";
import { UNIT_OPTIONS, alignmentOption, compareFailure, unitOptions } from "../internal/compare-options.js";
import { UserError } from "../internal/errors.js";
import { formatTable, jsonNumber, writeJson, writeLines } from "../internal/output.js";
import { selectRuns, storeHistories } from "../internal/run-selection.js";
import { shortNumber, withUnit } from "../internal/run-text.js";
import { TRACKING_URI_DETAILS, TRACKING_URI_OPTION, findExperiment, missingExperiment, withStore } from "../internal/store.js";

type JsonNumber = number | string;

/** One compared run of one metric in `dimexp compare --json`. */
export interface CompareRunJson {
  readonly name: string;
  readonly id: string;
  /** in the metric's common unit */
  readonly value: JsonNumber;
  readonly step: JsonNumber;
  readonly interpolated: boolean;
  readonly original: { readonly value: JsonNumber; readonly unit: string };
  /** value − baseline, in `differenceUnit` */
  readonly absoluteDiff: JsonNumber;
  /** (value − baseline)/|baseline| on the `relativeUnit` scale; "NaN" against a baseline of 0 */
  readonly relativeDiff: JsonNumber;
  readonly isBaseline: boolean;
}

/** One metric in `dimexp compare --json`. */
export interface CompareMetricJson {
  readonly metric: string;
  /** the common unit every value is in */
  readonly unit: string;
  /** why that unit: explicit, system, majority, first-run, no-unit */
  readonly rule: MetricComparison["rule"];
  readonly baseline:
    | { readonly kind: "run"; readonly name: string; readonly id: string; readonly value: JsonNumber }
    | { readonly kind: "mean"; readonly value: JsonNumber };
  /** the unit of absoluteDiff: the common unit, or a temperature difference (delta_degC) for an offset unit */
  readonly differenceUnit: string;
  /** the scale relative differences are computed on: the common unit, or K for °C and °F */
  readonly relativeUnit: string;
  readonly runs: readonly CompareRunJson[];
  readonly excluded: ReadonlyArray<{ readonly name: string; readonly id: string; readonly reason: string; readonly message: string }>;
  /** conversions, exclusions and notes about this metric (also printed on stderr) */
  readonly warnings: ReadonlyArray<{ readonly type: CompareWarning["_tag"]; readonly message: string }>;
}

/** What `dimexp compare --json` prints: one entry per --metric, in the order given. */
export interface CompareJson {
  readonly metrics: readonly CompareMetricJson[];
}

const RULES: Record<MetricComparison["rule"], string> = {
  explicit: "--unit",
  system: "the system's unit",
  majority: "the unit most runs used",
  "first-run": "the first run's unit (a tie)",
  "no-unit": "no run logged a unit",
};

/** Notes explain a result; warnings say something was converted or left out. */
const NOTES: ReadonlySet<CompareWarning["_tag"]> = new Set(["RelativeOnAbsoluteScale"]);

const percent = (relative: number): string =>
  Number.isNaN(relative) ? "n/a" : `${relative >= 0 ? "+" : ""}${shortNumber(Number((relative * 100).toPrecision(3)))}%`;

const metricJson = (comparison: RunComparison, m: MetricComparison): CompareMetricJson => ({
  metric: m.metric,
  unit: m.unitLabel,
  rule: m.rule,
  baseline:
    m.baseline.kind === "run"
      ? { kind: "run", name: m.baseline.run.name, id: m.baseline.run.id, value: jsonNumber(m.baseline.value) }
      : { kind: "mean", value: jsonNumber(m.baseline.value) },
  differenceUnit: formatUnit(m.differenceUnit),
  relativeUnit: formatUnit(m.relativeUnit),
  runs: m.entries.map((e) => ({
    name: e.run.name,
    id: e.run.id,
    value: jsonNumber(e.value),
    step: jsonNumber(e.step),
    interpolated: e.interpolated,
    original: { value: jsonNumber(e.original.value), unit: e.original.unitLabel },
    absoluteDiff: jsonNumber(e.absoluteDiff),
    relativeDiff: jsonNumber(e.relativeDiff),
    isBaseline: e.isBaseline,
  })),
  excluded: m.excluded.map((x) => ({ name: x.run.name, id: x.run.id, reason: x.reason._tag, message: x.reason.message })),
  warnings: comparison.warningsFor(m.metric).map((w) => ({ type: w._tag, message: w.message })),
});

const metricTable = (m: MetricComparison): string[] => {
  const unit = formatUnit(m.unit, "unicode");
  const baseline = m.baseline.kind === "run" ? `baseline ${m.baseline.run.name}` : "baseline: the mean of the runs";
  const difference = formatUnit(m.differenceUnit, "unicode");
  const onAbsoluteScale = formatUnit(m.relativeUnit) !== m.unitLabel;
  return [
    `${m.metric} in ${unit} (${RULES[m.rule]}), ${baseline}:`,
    ...formatTable(
      [
        ["run", `${m.metric} [${unit}]`, "as logged", "step", `Δ [${difference}]`, onAbsoluteScale ? `Δ relative (in ${formatUnit(m.relativeUnit, "unicode")})` : "Δ relative"],
        ...m.entries.map((e) => [
          e.isBaseline ? `${e.run.name} *` : e.run.name,
          shortNumber(e.value),
          withUnit(e.original.value, e.original.unitLabel),
          e.interpolated ? `${shortNumber(e.step)} (interpolated)` : shortNumber(e.step),
          shortNumber(e.absoluteDiff),
          percent(e.relativeDiff),
        ]),
      ],
      "  ",
    ),
    ...m.excluded.map((x) => `  ${x.run.name}: left out (${x.reason._tag})`),
  ];
};

export const compare: CommandSpec = {
  path: ["compare"],
  summary: "Compare runs' metrics in one unit: values converted (originals kept), differences against a baseline",
  positionals: [
    {
      name: "run…",
      description: "the runs to compare, by id or name (a name several runs share is an error listing their ids); default: every run of the experiment",
      optional: true,
    },
  ],
  maxPositionals: Number.POSITIVE_INFINITY,
  options: {
    experiment: { type: "string", short: "e", valueName: "name", description: "the experiment (required)" },
    metric: { type: "string", short: "m", multiple: true, valueName: "name", description: "a metric to compare (required; repeat for several: one table each)" },
    ...UNIT_OPTIONS,
    baseline: { type: "string", short: "b", valueName: "run", description: "differences against this run (default: the mean of the runs)" },
    align: {
      type: "string",
      valueName: "how",
      description: "which value of each history: last (default), min, max, step:<n>, interpolate (curves on one step grid)",
    },
    filter: { type: "string", valueName: "query", description: "without run names: the runs matching this query (as in runs ls)" },
    dimensionless: {
      type: "string",
      valueName: "how",
      description: "runs that logged plain numbers where the others have a unit: exclude (default) or as-common-unit",
    },
    json: {
      type: "boolean",
      description:
        'print {"metrics":[{"metric","unit","rule","baseline","differenceUnit","relativeUnit","runs":[{"name","id","value","step","original":{"value","unit"},"absoluteDiff","relativeDiff","isBaseline"}],"excluded","warnings"}]} on one line (warnings still go to stderr)',
    },
    "tracking-uri": TRACKING_URI_OPTION,
  },
  details: () => [
    "The common unit is --unit if given, else --system's unit for the metric, else the unit most runs used, else the first run's (ties go to the run named first). Runs whose unit cannot be converted to it are left out, with the reason on stderr; a --unit that fits none of the runs is an error naming both dimensions (and the --context that would relate them, if one does).",
    "Relative differences are (value − baseline)/|baseline|; against a baseline of 0 they are n/a. For temperatures in °C or °F they are computed on the absolute scale (K), whatever the display unit, and absolute differences are temperature differences (Δ°C, Δ°F).",
    "--unit applies to every --metric; compare metrics of different dimensions in separate commands, or without --unit.",
    TRACKING_URI_DETAILS,
  ],
  examples: [
    "dimexp compare --experiment heat-equation-pinn run-si run-cgs --metric loss",
    "dimexp compare -e heat-equation-pinn run-si run-cgs -m loss -m thermal_energy --unit eV --json",
    "dimexp compare -e heat-equation-pinn -m loss --system cgs --align min --baseline run-si",
  ],
  async run(input, io) {
    const metrics = input.strings("metric");
    const dimensionless = input.string("dimensionless");
    if (dimensionless !== undefined && dimensionless !== "exclude" && dimensionless !== "as-common-unit") {
      throw new UserError(`--dimensionless takes exclude or as-common-unit, not ${JSON.stringify(dimensionless)}.`);
    }
    const units = unitOptions(input);
    const align = alignmentOption(input.string("align"));
    await withStore(input, io, async (store) => {
      const name = input.string("experiment");
      if (name === undefined) throw await missingExperiment(store, "compare");
      if (metrics.length === 0) throw new UserError('"compare" needs --metric <name>: the metric to compare, e.g. --metric loss (repeat it for several).');
      const experiment = await findExperiment(store, name);
      const runs = await selectRuns(store, experiment, input.positionals, input.string("filter"), input.strings("context"));
      const result = await compareRunsEither(runs, metrics, {
        ...units,
        baseline: input.string("baseline"),
        align,
        dimensionless: dimensionless as "exclude" | "as-common-unit" | undefined,
        histories: align !== undefined && align !== "last" ? storeHistories(store) : undefined,
      });
      if (result._tag === "Left") throw compareFailure(result.left);
      const comparison = result.right;
      for (const w of comparison.warnings) {
        if (!("param" in w)) io.stderr(`${NOTES.has(w._tag) ? "note" : "warning"}: ${w.message}\n`);
      }
      if (input.flag("json")) {
        const json: CompareJson = { metrics: comparison.metrics.map((m) => metricJson(comparison, m)) };
        writeJson(io, json);
        return;
      }
      writeLines(
        io,
        comparison.metrics.flatMap((m, i) => [...(i > 0 ? [""] : []), ...metricTable(m)]),
      );
    });
  },
};
