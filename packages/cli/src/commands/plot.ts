import { resolve } from "node:path";
import { compareRunsEither } from "@dimexp/compare";
import { formatUnit } from "@dimexp/units";
import {
  AXIS_STYLES,
  type AxisStyle,
  type TopLevelSpec,
  VizException,
  metricHistorySpec,
  parallelCoordinatesSpec,
  paramScatterSpec,
  parameterImportanceSpec,
  runComparisonSpec,
} from "@dimexp/viz";
import { chartFormat, writeChart } from "@dimexp/viz/render";
import type { CommandSpec } from "../internal/command.js";
import { UNIT_OPTIONS, alignmentOption, compareFailure, unitOptions } from "../internal/compare-options.js";
import { UserError } from "../internal/errors.js";
import { writeLine } from "../internal/output.js";
import { selectRuns, storeHistories } from "../internal/run-selection.js";
import { TRACKING_URI_DETAILS, TRACKING_URI_OPTION, findExperiment, missingExperiment, withStore } from "../internal/store.js";

const CHARTS = ["history", "comparison", "importance", "parallel", "scatter"] as const;
type Chart = (typeof CHARTS)[number];

export const plot: CommandSpec = {
  path: ["plot"],
  summary: "Chart a metric (history per run, comparison, importance, …) with units on the axes, as SVG, PNG or Vega-Lite JSON",
  positionals: [{ name: "run…", description: "the runs to plot, by id or name; default: every run of the experiment", optional: true }],
  maxPositionals: Number.POSITIVE_INFINITY,
  options: {
    experiment: { type: "string", short: "e", valueName: "name", description: "the experiment (required)" },
    metric: { type: "string", short: "m", valueName: "name", description: "the metric (required)" },
    out: { type: "string", short: "o", valueName: "file", description: "where to write: a .svg, .png or .vl.json file (required)" },
    ...UNIT_OPTIONS,
    chart: {
      type: "string",
      valueName: "kind",
      description: `history (default: metric vs step per run), comparison (a bar per run), importance (params vs the metric), parallel (parallel coordinates), scatter (needs --param)`,
    },
    param: { type: "string", valueName: "name", description: "the param on the x axis of --chart scatter" },
    "axis-style": { type: "string", valueName: "style", description: "axis titles: brackets (loss [J], default), slash (loss / J), latex" },
    "log-y": { type: "boolean", description: "a logarithmic y axis (history)" },
    baseline: { type: "string", short: "b", valueName: "run", description: "the baseline run (comparison)" },
    align: { type: "string", valueName: "how", description: "the compared value (comparison, importance, …): last (default), min, max, step:<n>" },
    filter: { type: "string", valueName: "query", description: "without run names: the runs matching this query" },
    "tracking-uri": TRACKING_URI_OPTION,
  },
  details: () => [
    "Values are shown in --unit, else --system's unit, else the unit most runs used (as in compare); a --unit that fits none of the runs is an error, and no chart is written. Tick labels use SI prefixes (12G) or scientific notation (1.2e-19) when the values are large or small. PNG is rendered at 2× the chart's size.",
    TRACKING_URI_DETAILS,
  ],
  examples: [
    "dimexp plot --experiment heat-equation-pinn --metric loss --out loss.svg",
    "dimexp plot -e heat-equation-pinn run-si run-cgs -m loss --unit erg --log-y --out loss.png",
    "dimexp plot -e heat-equation-pinn -m loss --chart importance --out importance.vl.json",
  ],
  async run(input, io) {
    const metric = input.string("metric");
    const out = input.string("out");
    const chart = (input.string("chart") ?? "history") as Chart;
    if (!CHARTS.includes(chart)) throw new UserError(`--chart takes ${CHARTS.join(", ")}, not ${JSON.stringify(chart)}.`);
    const axisStyle = (input.string("axis-style") ?? "brackets") as AxisStyle;
    if (!AXIS_STYLES.includes(axisStyle)) throw new UserError(`--axis-style takes ${AXIS_STYLES.join(", ")}, not ${JSON.stringify(axisStyle)}.`);
    if (out === undefined) throw new UserError('"plot" needs --out <file>: a .svg, .png or .vl.json file.');
    if (!chartFormat(out)) throw new UserError(`Cannot tell the chart format of ${JSON.stringify(out)}: name it .svg, .png or .vl.json.`);
    const param = input.string("param");
    if (chart === "scatter" && param === undefined) throw new UserError('--chart scatter needs --param <name> for the x axis.');
    const units = unitOptions(input);
    const align = alignmentOption(input.string("align"));
    await withStore(input, io, async (store) => {
      const name = input.string("experiment");
      if (name === undefined) throw await missingExperiment(store, "plot");
      if (metric === undefined) throw new UserError('"plot" needs --metric <name>, e.g. --metric loss.');
      const experiment = await findExperiment(store, name);
      const runs = await selectRuns(store, experiment, input.positionals, input.string("filter"), input.strings("context"));
      // an unknown metric, or a --unit that fits no run, fails here: nothing is written
      const result = await compareRunsEither(runs, metric, {
        ...units,
        baseline: input.string("baseline"),
        align,
        // the history chart draws whole histories; the others need them only for min/max/step
        histories: chart === "history" || (align !== undefined && align !== "last") ? storeHistories(store) : undefined,
      });
      if (result._tag === "Left") throw compareFailure(result.left);
      const comparison = result.right;
      for (const w of comparison.warningsFor(metric)) io.stderr(`warning: ${w.message}\n`);
      let spec: TopLevelSpec;
      try {
        const options = { axisStyle };
        spec =
          chart === "history"
            ? metricHistorySpec(comparison, metric, { ...options, yScale: input.flag("log-y") ? "log" : "linear" })
            : chart === "comparison"
              ? runComparisonSpec(comparison, metric, options)
              : chart === "importance"
                ? parameterImportanceSpec(comparison, metric, options)
                : chart === "parallel"
                  ? parallelCoordinatesSpec(comparison, { ...options, metrics: [metric] })
                  : paramScatterSpec(comparison, param as string, metric, options);
      } catch (error) {
        if (error instanceof VizException) throw new UserError(error.message);
        throw error;
      }
      const written = await writeChart(spec, out);
      const m = comparison.metric(metric);
      writeLine(
        io,
        `Wrote ${resolve(out)} (${written.format}, ${written.bytes} bytes): ${chart} of ${metric} in ${m ? formatUnit(m.unit, "unicode") : "?"} for ${m?.entries.length ?? 0} run${m?.entries.length === 1 ? "" : "s"}.`,
      );
    });
  },
};
