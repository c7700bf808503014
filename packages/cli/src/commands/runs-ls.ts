import { type DimensionFilter, type Run, type RunJson, findRuns, parseDimensionFilter } from "@dimexp/core";
import { contextNames, dimensionNames, getContext, lookupDimension } from "@dimexp/units";
import type { CommandInput, CommandSpec } from "../internal/command.js";
import { UserError } from "../internal/errors.js";
import { formatTable, writeJson, writeLine, writeLines } from "../internal/output.js";
import { withStats } from "../internal/request-stats.js";
import { metricText, paramText } from "../internal/run-text.js";
import { TRACKING_URI_DETAILS, TRACKING_URI_OPTION, findExperiment, missingExperiment, orFailCore, runTask, withStore } from "../internal/store.js";
import { didYouMean } from "../internal/suggest.js";

interface Column {
  readonly source: "params" | "metrics";
  readonly key: string;
  readonly header: string;
}

/** `--context natural --context spectral` or `--context natural,spectral`: each name must exist. */
const parseContexts = (values: readonly string[]): string[] | undefined => {
  const names = values.flatMap((list) => list.split(",").map((name) => name.trim()));
  if (names.some((name) => name === "")) {
    throw new UserError(`--context takes a context name, not an empty one. Contexts: ${contextNames().join(", ")}.`);
  }
  for (const name of names) {
    if (name.length > 100) throw new UserError(`--context takes a context name, not ${name.length} characters. Contexts: ${contextNames().join(", ")}.`);
    orFailCore(getContext(name));
  }
  return names.length > 0 ? names : undefined;
};

/**
 * `--dimension loss=energy` (the run's loss, metric or param, is an energy;
 * `metrics.loss=J` names the field and means the unit's dimension) or
 * `--dimension force` (runs logging any force). Repeated for one field: any of them.
 */
const parseDimensions = (values: readonly string[]): DimensionFilter | undefined => {
  if (values.length === 0) return undefined;
  const filter: Record<string, boolean | string[]> = {};
  for (const value of values) {
    const eq = value.indexOf("=");
    if (eq < 0) {
      const name = value.trim();
      if (!lookupDimension(name)) {
        throw new UserError(
          `--dimension takes <field>=<dimension> (loss=energy, params.domain_length=length) or a dimension name alone (force: runs that log any force), not ${JSON.stringify(name.slice(0, 200))}.${didYouMean(name.slice(0, 100), dimensionNames())} Dimensions: ${dimensionNames().join(", ")}.`,
        );
      }
      filter[name] = true;
      continue;
    }
    const field = value.slice(0, eq).trim();
    const dimension = value.slice(eq + 1).trim();
    const before = filter[field];
    filter[field] = Array.isArray(before) ? [...before, dimension] : [dimension];
  }
  orFailCore(parseDimensionFilter(filter, "--dimension"));
  return filter;
};

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

/** An option's value as a message or the heading repeats it: at most ~200 characters (a filter may be 20,000). */
const shown = (text: string): string => (text.length > 200 ? `${text.slice(0, 200)}… (${text.length} characters)` : text);

/** The names `--columns` lists; none at all (`--columns ,,`) is a usage error, as an empty value is. */
const columnWords = (text: string): string[] => {
  const words = text
    .split(",")
    .map((word) => word.trim())
    .filter(Boolean);
  if (words.length === 0) {
    throw new UserError(`--columns lists no column in ${JSON.stringify(shown(text))}: give a comma-separated list of params and metrics (params.domain_length,loss), or leave the option out for all of them.`);
  }
  return words;
};

/**
 * `--columns params.domain_length,loss`: a bare name is a param if some run has
 * one, else a metric. `everyRun` holds the experiment's runs: a column the
 * listed runs lack shows "-" (the filter left out the runs that have it), one
 * no run of the experiment has is a typo, and an error.
 */
const chosenColumns = (text: string, listed: readonly Run[], everyRun: () => Promise<readonly Run[]>): Promise<Column[]> => {
  const words = columnWords(text);
  const resolve = (runs: readonly Run[], word: string): Column | undefined => {
    const params = new Set(runs.flatMap((r) => Object.keys(r.params)));
    const metrics = new Set(runs.flatMap((r) => Object.keys(r.metrics)));
    const dotted = /^(params?|metrics?)\.(.+)$/.exec(word);
    if (dotted) {
      const source = (dotted[1] as string).startsWith("param") ? "params" : "metrics";
      const key = dotted[2] as string;
      return (source === "params" ? params : metrics).has(key) ? { source, key, header: word } : undefined;
    }
    if (params.has(word)) return { source: "params", key: word, header: word };
    if (metrics.has(word)) return { source: "metrics", key: word, header: word };
    return undefined;
  };
  return (async () => {
    const columns: Column[] = [];
    let all: readonly Run[] | undefined;
    for (const word of words) {
      const shown = resolve(listed, word);
      if (shown) {
        columns.push(shown);
        continue;
      }
      all ??= await everyRun();
      const somewhere = resolve(all, word);
      if (somewhere) {
        columns.push(somewhere);
        continue;
      }
      const params = [...new Set(all.flatMap((r) => Object.keys(r.params)))];
      const metrics = [...new Set(all.flatMap((r) => Object.keys(r.metrics)))];
      const known = [...params.map((k) => `params.${k}`), ...metrics.map((k) => `metrics.${k}`)];
      const dotted = /^(params?|metrics?)\./.test(word);
      const quoted = JSON.stringify(word.slice(0, 200));
      throw new UserError(
        `No run of this experiment has ${dotted ? quoted : `a param or metric ${quoted}`}.${didYouMean(word.slice(0, 100), dotted ? known : [...params, ...metrics])} Columns: ${known.join(", ") || "none"}.`,
      );
    }
    return columns;
  })();
};

// own values only: a run that never logged a param named toString has none (not Object.prototype's)
const cell = (json: RunJson, column: Column): string => {
  if (column.source === "params") {
    const p = Object.hasOwn(json.params, column.key) ? json.params[column.key] : undefined;
    return p ? paramText(p) : "-";
  }
  const m = Object.hasOwn(json.metrics, column.key) ? json.metrics[column.key] : undefined;
  return m ? metricText(m) : "-";
};

const describeSelection = (input: CommandInput): string => {
  const parts: string[] = [];
  const filter = input.string("filter");
  if (filter?.trim()) parts.push(`matching ${shown(filter.trim())}`);
  const dimensions = input.strings("dimension");
  if (dimensions.length > 0) parts.push(`with ${shown(dimensions.join(", "))}`);
  const orderBy = input.string("order-by");
  if (orderBy?.trim()) parts.push(`by ${shown(orderBy.trim())}`);
  const contexts = input.strings("context");
  if (contexts.length > 0) parts.push(`in the context ${shown(contexts.join(", "))}`);
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
    dimension: {
      type: "string",
      multiple: true,
      valueName: "field=dimension",
      description:
        "keep the runs whose param or metric has this dimension: loss=energy, params.domain_length=length, metrics.loss=J (a unit means its dimension); or a dimension alone (force) for runs that log any force",
    },
    context: {
      type: "string",
      multiple: true,
      valueName: "name",
      description: `let the filter and --order-by compare quantities of different dimensions through a named context (a length in GeV^-1 with 50 cm needs natural): ${contextNames().join(", ")}`,
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
    stats: { type: "boolean", description: 'then print on stderr how many REST calls the listing made and how many runs came back (MLflow): "stats: 14 REST calls, 120 runs fetched"' },
    "tracking-uri": TRACKING_URI_OPTION,
  },
  details: () => [
    "Filter language: compare params and metrics with quantities in any unit of the same dimension (params.length <= 1 m matches a run that logged 40 cm), combine with and, or, not and parentheses; also in (…), like \"run-%\", has(metrics.loss), dimension(metrics.loss) = energy, tags.<key> = \"…\", attributes.status = \"FINISHED\".",
    "Quantities of different dimensions compare only through a context you name: with --context natural a domain_length logged in 1/GeV compares with 50 cm. dimension(metrics.x) = energy in a filter, or --dimension x=energy, restricts the comparisons on x to the runs that logged an energy.",
    "Plain output shows each value in the unit it was logged in, to 6 significant digits (- when a run lacks it); --json has every digit. A filter that does not parse exits 2 and points at the position.",
    TRACKING_URI_DETAILS,
  ],
  examples: [
    "dimexp runs ls --experiment heat-equation-pinn",
    "dimexp runs ls -e heat-equation-pinn --filter 'params.domain_length >= 50 cm' --json",
    'dimexp runs ls -e heat-equation-pinn --order-by "metrics.loss desc" --limit 3 --columns domain_length,loss',
    "dimexp runs ls -e heat-equation-pinn --filter 'params.domain_length >= 50 cm' --order-by params.domain_length --context natural",
    "dimexp runs ls -e heat-equation-pinn --dimension loss=energy --filter 'metrics.loss < 0.02 J'",
  ],
  async run(input, io) {
    const limit = parseLimit(input.string("limit"));
    const context = parseContexts(input.strings("context"));
    const dimensionFilter = parseDimensions(input.strings("dimension"));
    const columnsGiven = input.string("columns");
    if (columnsGiven !== undefined) columnWords(columnsGiven);
    await withStore(input, io, withStats(input, io, async (store) => {
      const name = input.string("experiment");
      if (name === undefined) throw await missingExperiment(store, "dimexp runs ls");
      const experiment = await findExperiment(store, name);
      const runs = await runTask(
        findRuns(store.backend, experiment.id, {
          filter: input.string("filter") ?? "",
          orderBy: input.string("order-by")?.trim() || undefined,
          limit,
          ...(context ? { context } : {}),
          ...(dimensionFilter ? { dimensionFilter } : {}),
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
      if (runs.length === 0) {
        writeLine(io, `No runs of experiment "${experiment.name}"${describeSelection(input)}.`);
        return;
      }
      const columns =
        columnsText === undefined ? defaultColumns(runs) : await chosenColumns(columnsText, runs, () => runTask(findRuns(store.backend, experiment.id, {})));
      const header = ["name", "status", ...columns.map((c) => c.header), "id"];
      const rows = runs.map((r) => {
        const json = r.toJSON();
        return [r.name, r.status, ...columns.map((c) => cell(json, c)), r.id];
      });
      writeLines(io, [
        `${runs.length} run${runs.length === 1 ? "" : "s"} of experiment "${experiment.name}"${describeSelection(input)}:`,
        ...formatTable([header, ...rows], "  "),
      ]);
    }));
  },
};
