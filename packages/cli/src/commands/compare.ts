import { type MetricComparison, compareRunsEither } from "@dimexp/compare";
import { formatUnit } from "@dimexp/units";
import type { CommandSpec } from "../internal/command.js";
import { UNIT_OPTIONS, alignmentOption, compareFailure, unitOptions } from "../internal/compare-options.js";
import { UserError } from "../internal/errors.js";
import { formatTable, jsonNumber, writeJson, writeLines } from "../internal/output.js";
import { requireMetric, selectRuns, storeHistories } from "../internal/run-selection.js";
import { shortNumber, withUnit } from "../internal/run-text.js";
import { TRACKING_URI_DETAILS, TRACKING_URI_OPTION, findExperiment, missingExperiment, withStore } from "../internal/store.js";

/** What `dimexp compare --json` prints. */
export interface CompareJson {
  readonly metric: string;
  /** the common unit every value is in */
  readonly unit: string;
  readonly runs: ReadonlyArray<{
    readonly name: string;
    readonly value: number | string;
    readonly original: { readonly value: number | string; readonly unit: string };
  }>;
}

const RULES: Record<MetricComparison["rule"], string> = {
  explicit: "--unit",
  system: "the system's unit",
  majority: "the unit most runs used",
  "first-run": "the first run's unit (a tie)",
  "no-unit": "no run logged a unit",
};

const percent = (relative: number): string =>
  Number.isNaN(relative) ? "n/a" : `${relative >= 0 ? "+" : ""}${shortNumber(Number((relative * 100).toPrecision(3)))}%`;

export const compare: CommandSpec = {
  path: ["compare"],
  summary: "Compare runs' metric in one unit: values converted (originals kept), differences against a baseline",
  positionals: [{ name: "run…", description: "the runs to compare, by id or name (the newest of that name); default: every run of the experiment", optional: true }],
  maxPositionals: Number.POSITIVE_INFINITY,
  options: {
    experiment: { type: "string", short: "e", valueName: "name", description: "the experiment (required)" },
    metric: { type: "string", short: "m", valueName: "name", description: "the metric to compare (required)" },
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
      description: 'print {"metric","unit","runs":[{"name","value","original":{"value","unit"}}]} on one line (warnings still go to stderr)',
    },
    "tracking-uri": TRACKING_URI_OPTION,
  },
  details: () => [
    "The common unit is --unit if given, else --system's unit for the metric, else the unit most runs used, else the first run's (ties go to the run named first). Runs whose unit cannot be converted to it are left out, with the reason on stderr.",
    "Relative differences are (value − baseline)/|baseline|; against a baseline of 0 they are n/a.",
    TRACKING_URI_DETAILS,
  ],
  examples: [
    "dimexp compare --experiment heat-equation-pinn run-si run-cgs --metric loss",
    "dimexp compare -e heat-equation-pinn run-si run-cgs -m loss --unit erg --json",
    "dimexp compare -e heat-equation-pinn -m loss --system cgs --align min --baseline run-si",
  ],
  async run(input, io) {
    const metric = input.string("metric");
    const dimensionless = input.string("dimensionless");
    if (dimensionless !== undefined && dimensionless !== "exclude" && dimensionless !== "as-common-unit") {
      throw new UserError(`--dimensionless takes exclude or as-common-unit, not ${JSON.stringify(dimensionless)}.`);
    }
    const units = unitOptions(input);
    const align = alignmentOption(input.string("align"));
    await withStore(input, io, async (store) => {
      const name = input.string("experiment");
      if (name === undefined) throw await missingExperiment(store, "compare");
      if (metric === undefined) throw new UserError('"compare" needs --metric <name>: the metric to compare, e.g. --metric loss.');
      const experiment = await findExperiment(store, name);
      const runs = await selectRuns(store, experiment, input.positionals, input.string("filter"));
      requireMetric(runs, metric);
      const result = await compareRunsEither(runs, metric, {
        ...units,
        baseline: input.string("baseline"),
        align,
        dimensionless: dimensionless as "exclude" | "as-common-unit" | undefined,
        histories: align !== undefined && align !== "last" ? storeHistories(store) : undefined,
      });
      if (result._tag === "Left") throw compareFailure(result.left);
      const comparison = result.right;
      const m = comparison.metric(metric) as MetricComparison;
      for (const w of comparison.warningsFor(metric)) io.stderr(`warning: ${w.message}\n`);
      if (input.flag("json")) {
        const json: CompareJson = {
          metric,
          unit: m.unitLabel,
          runs: m.entries.map((e) => ({
            name: e.run.name,
            value: jsonNumber(e.value),
            original: { value: jsonNumber(e.original.value), unit: e.original.unitLabel },
          })),
        };
        writeJson(io, json);
        return;
      }
      const unit = formatUnit(m.unit, "unicode");
      const baseline = m.baseline.kind === "run" ? `baseline ${m.baseline.run.name}` : "baseline: the mean of the runs";
      const difference = formatUnit(m.differenceUnit, "unicode");
      writeLines(io, [
        `${metric} in ${unit} (${RULES[m.rule]}), ${baseline}:`,
        ...formatTable(
          [
            ["run", `${metric} [${unit}]`, "as logged", "step", `Δ [${difference}]`, "Δ relative"],
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
      ]);
    });
  },
};
