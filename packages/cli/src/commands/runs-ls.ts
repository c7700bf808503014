import { type Run, type RunJson, findRuns } from "@dimexp/core";
import type { CommandInput, CommandSpec } from "../internal/command.js";
import { UserError } from "../internal/errors.js";
import { formatTable, writeJson, writeLine, writeLines } from "../internal/output.js";
import { metricText, paramText } from "../internal/run-text.js";
import { TRACKING_URI_DETAILS, TRACKING_URI_OPTION, findExperiment, missingExperiment, runTask, withStore } from "../internal/store.js";
import { didYouMean } from "../internal/suggest.js";

interface Column {
  readonly source: "params" | "metrics";
  readonly key: string;
  readonly header: string;
}

const parseLimit = (text: string | undefined): number | undefined => {
  if (text === undefined) return undefined;
  if (!/^\s*\d+\s*$/.test(text)) throw new UserError(`--limit takes a whole number of runs (0 or more), not ${JSON.stringify(text)}.`);
  return Number(text);
};

/** Every param, then every metric, in the order runs first show them; a key both a param and a metric is spelled out. */
const defaultColumns = (runs: readonly Run[]): Column[] => {
  const params = [...new Set(runs.flatMap((r) => Object.keys(r.params)))];
  const metrics = [...new Set(runs.flatMap((r) => Object.keys(r.metrics)))];
  const both = new Set(params.filter((k) => metrics.includes(k)));
  return [
    ...params.map((key) => ({ source: "params" as const, key, header: both.has(key) ? `params.${key}` : key })),
    ...metrics.map((key) => ({ source: "metrics" as const, key, header: both.has(key) ? `metrics.${key}` : key })),
  ];
};

/** `--columns params.domain_length,loss`: a bare name is a param if some run has one, else a metric. */
const chosenColumns = (text: string, runs: readonly Run[]): Column[] => {
  const params = new Set(runs.flatMap((r) => Object.keys(r.params)));
  const metrics = new Set(runs.flatMap((r) => Object.keys(r.metrics)));
  const known = [...[...params].map((k) => `params.${k}`), ...[...metrics].map((k) => `metrics.${k}`)];
  return text
    .split(",")
    .map((word) => word.trim())
    .filter(Boolean)
    .map((word): Column => {
      const dotted = /^(params?|metrics?)\.(.+)$/.exec(word);
      if (dotted) {
        const source = (dotted[1] as string).startsWith("param") ? "params" : "metrics";
        const key = dotted[2] as string;
        if (runs.length > 0 && !(source === "params" ? params : metrics).has(key)) {
          throw new UserError(`No run here has ${source}.${key}.${didYouMean(word, known)} Columns: ${known.join(", ")}.`);
        }
        return { source, key, header: word };
      }
      if (params.has(word)) return { source: "params", key: word, header: word };
      if (metrics.has(word) || runs.length === 0) return { source: "metrics", key: word, header: word };
      throw new UserError(`No run here has a param or metric "${word}".${didYouMean(word, [...params, ...metrics])} Columns: ${known.join(", ")}.`);
    });
};

const cell = (json: RunJson, column: Column): string => {
  if (column.source === "params") {
    const p = json.params[column.key];
    return p ? paramText(p) : "-";
  }
  const m = json.metrics[column.key];
  return m ? metricText(m) : "-";
};

const describeSelection = (input: CommandInput): string => {
  const parts: string[] = [];
  const filter = input.string("filter");
  if (filter?.trim()) parts.push(`matching ${filter.trim()}`);
  const orderBy = input.string("order-by");
  if (orderBy?.trim()) parts.push(`by ${orderBy.trim()}`);
  return parts.length > 0 ? ` ${parts.join(", ")}` : "";
};

export const runsLs: CommandSpec = {
  path: ["runs", "ls"],
  summary: "List an experiment's runs with their params and latest metrics, filtered unit-aware",
  positionals: [],
  options: {
    experiment: { type: "string", short: "e", valueName: "name", description: "the experiment (required)" },
    filter: {
      type: "string",
      valueName: "query",
      description: 'a unit-aware filter, e.g. "params.domain_length >= 50 cm and metrics.loss < 1 J"',
    },
    "order-by": {
      type: "string",
      valueName: "field [asc|desc]",
      description: 'sort by a param, metric or attribute, compared in one unit: "metrics.loss desc", "params.domain_length", "name", "start_time"; default newest first',
    },
    limit: { type: "string", valueName: "n", description: "at most n runs (after filtering and sorting)" },
    columns: {
      type: "string",
      valueName: "list",
      description: "the params and metrics to show, comma-separated: params.domain_length,metrics.loss (default: all)",
    },
    json: {
      type: "boolean",
      description:
        'print one line of JSON: [{"id","name","status","params":{"<k>":{"value","unit"}},"metrics":{"<k>":{"value","unit","step"}}}] (metrics: latest value; no "unit" for unitless values)',
    },
    "tracking-uri": TRACKING_URI_OPTION,
  },
  details: () => [
    "Filter language: compare params and metrics with quantities in any unit of the same dimension (params.length <= 1 m matches a run that logged 40 cm), combine with and, or, not and parentheses; also in (…), like \"run-%\", has(metrics.loss), dimension(metrics.loss) = energy, tags.<key> = \"…\", attributes.status = \"FINISHED\".",
    "Plain output shows each value in the unit it was logged in, to 6 significant digits; --json has every digit. A filter that does not parse exits 2 and points at the position.",
    TRACKING_URI_DETAILS,
  ],
  examples: [
    "dimexp runs ls --experiment heat-equation-pinn",
    "dimexp runs ls -e heat-equation-pinn --filter 'params.domain_length >= 50 cm' --json",
    'dimexp runs ls -e heat-equation-pinn --order-by "metrics.loss desc" --limit 3 --columns domain_length,loss',
  ],
  async run(input, io) {
    const limit = parseLimit(input.string("limit"));
    await withStore(input, io, async (store) => {
      const name = input.string("experiment");
      if (name === undefined) throw await missingExperiment(store, "dimexp runs ls");
      const experiment = await findExperiment(store, name);
      const runs = await runTask(
        findRuns(store.backend, experiment.id, {
          filter: input.string("filter") ?? "",
          orderBy: input.string("order-by")?.trim() || undefined,
          limit,
        }),
      );
      if (input.flag("json")) {
        writeJson(
          io,
          runs.map((r) => r.toJSON()),
        );
        return;
      }
      const columnsText = input.string("columns");
      const columns = columnsText === undefined ? defaultColumns(runs) : chosenColumns(columnsText, runs);
      if (runs.length === 0) {
        writeLine(io, `No runs of experiment "${experiment.name}"${describeSelection(input)}.`);
        return;
      }
      const header = ["name", "status", ...columns.map((c) => c.header), "id"];
      const rows = runs.map((r) => {
        const json = r.toJSON();
        return [r.name, r.status, ...columns.map((c) => cell(json, c)), r.id];
      });
      writeLines(io, [
        `${runs.length} run${runs.length === 1 ? "" : "s"} of experiment "${experiment.name}"${describeSelection(input)}:`,
        ...formatTable([header, ...rows], "  "),
      ]);
    });
  },
};
