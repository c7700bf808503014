import { type ExperimentInfo, Run, type RunJson, type RunRecord } from "@dimexp/core";
import type { CommandSpec } from "../internal/command.js";
import { UserError } from "../internal/errors.js";
import { arrayJson, arrayLines, arrayRequest, arrayRows, readArray } from "../internal/array-output.js";
import { formatTable, writeJson, writeLines } from "../internal/output.js";
import { durationText, metricText, paramText, timeText } from "../internal/run-text.js";
import { type Store, TRACKING_URI_DETAILS, TRACKING_URI_OPTION, findExperiment, runTask, withStore } from "../internal/store.js";

/** What `runs show --json` prints: the `runs ls --json` item plus where and when. */
export interface RunShowJson extends RunJson {
  readonly experiment: string;
  /** the run's own tags (unit metadata tags are not included: they are what params and metrics decode from) */
  readonly tags: Record<string, string>;
  /** milliseconds since the Unix epoch */
  readonly startTime: number;
  /** milliseconds since the Unix epoch; null while the run has not ended */
  readonly endTime: number | null;
}

/** The newest run of an experiment with this name (names need not be unique). */
const newestNamed = async (store: Store, experimentId: string, name: string): Promise<RunRecord | undefined> => {
  const found = await runTask(
    store.backend.searchRuns(experimentId, {
      filter: [[{ source: "attributes", key: "name", op: "=", value: name }]],
      orderBy: { key: "startTime", descending: true },
    }),
  );
  // The pushed-down filter may be looser than asked; the order is checked too.
  return found.filter((r) => r.info.name === name).sort((a, b) => b.info.startTime - a.info.startTime)[0];
};

/** A run by id, else the newest run with that name; within one experiment, or (by id) anywhere in the store. */
const locateRun = async (
  store: Store,
  reference: string,
  experimentName: string | undefined,
): Promise<{ record: RunRecord; experiment: ExperimentInfo }> => {
  if (experimentName !== undefined) {
    const experiment = await findExperiment(store, experimentName);
    const byId = await runTask(store.backend.getRun(reference));
    if (byId && byId.info.experimentId === experiment.id) return { record: byId, experiment };
    const byName = await newestNamed(store, experiment.id, reference);
    if (byName) return { record: byName, experiment };
    throw new UserError(
      `Experiment "${experiment.name}" has no run with the id or name ${JSON.stringify(reference)}. "dimexp runs ls --experiment ${experiment.name}" lists its runs.`,
    );
  }
  const experiments = await runTask(store.backend.listExperiments());
  const byId = await runTask(store.backend.getRun(reference));
  if (byId) {
    const experiment = experiments.find((e) => e.id === byId.info.experimentId);
    if (experiment) return { record: byId, experiment };
  }
  const named: Array<{ record: RunRecord; experiment: ExperimentInfo }> = [];
  for (const experiment of experiments) {
    const record = await newestNamed(store, experiment.id, reference);
    if (record) named.push({ record, experiment });
  }
  if (named.length === 1) return named[0] as { record: RunRecord; experiment: ExperimentInfo };
  if (named.length > 1) {
    throw new UserError(
      `Runs named ${JSON.stringify(reference)} exist in ${named.length} experiments (${named.map((n) => n.experiment.name).join(", ")}): add --experiment <name>, or give the run id.`,
    );
  }
  throw new UserError(
    `No run with the id or name ${JSON.stringify(reference)} in ${store.location}. "dimexp runs ls --experiment <name>" lists an experiment's runs${experiments.length > 0 ? ` (experiments: ${experiments.map((e) => e.name).join(", ")})` : ""}.`,
  );
};

const section = (title: string, rows: string[][]): string[] =>
  rows.length === 0 ? [] : ["", title, ...formatTable(rows, "  ")];

export const runsShow: CommandSpec = {
  path: ["runs", "show"],
  summary: "Show one run: params, latest metrics (with steps), arrays, tags, times; or one logged array (--array)",
  positionals: [{ name: "run", description: "the run's id, or its name (the newest run of that name)" }],
  options: {
    experiment: {
      type: "string",
      short: "e",
      valueName: "name",
      description: "the experiment the run belongs to (needed for a name used in several experiments; an id alone is enough)",
    },
    json: {
      type: "boolean",
      description:
        'print one line of JSON: the "runs ls --json" item plus "experiment" (its name), "tags", "startTime" and "endTime" (ms since the epoch; null while running)',
    },
    array: {
      type: "string",
      valueName: "key",
      description: "print one array the run logged with logArray instead: a summary and its values (with --json: {key, step, unit, shape, values})",
    },
    step: {
      type: "string",
      valueName: "N",
      description: "with --array: the step to read (default: the latest)",
    },
    unit: {
      type: "string",
      valueName: "unit",
      description: "with --array: show the values in this unit, e.g. J for an array logged in erg or GeV",
    },
    context: {
      type: "string",
      multiple: true,
      valueName: "name",
      description: "with --array --unit: a named context for a unit of another dimension (GeV as kg needs mass-energy)",
    },
    "tracking-uri": TRACKING_URI_OPTION,
  },
  details: () => [TRACKING_URI_DETAILS],
  examples: [
    "dimexp runs show run-si --experiment heat-equation-pinn",
    "dimexp runs show 0f6c2e… --json",
    "dimexp runs show run-si --array temperature --step 99 --unit degC",
    "dimexp runs show run-natural --array energy --unit J --json",
  ],
  async run(input, io) {
    const reference = input.positionals[0] as string;
    const array = arrayRequest(input);
    await withStore(input, io, async (store) => {
      const { record, experiment } = await locateRun(store, reference, input.string("experiment"));
      if (array) {
        const read = await readArray(store.backend, record, array);
        if (input.flag("json")) writeJson(io, arrayJson(read));
        else writeLines(io, arrayLines(read, { name: record.info.name, id: record.info.id }));
        return;
      }
      const run = new Run(record, store.backend);
      const json = run.toJSON();
      if (input.flag("json")) {
        const shown: RunShowJson = {
          ...json,
          experiment: experiment.name,
          tags: { ...run.tags },
          startTime: run.startTime,
          endTime: run.endTime ?? null,
        };
        writeJson(io, shown);
        return;
      }
      const ended = run.endTime === undefined ? "-" : `${timeText(run.endTime)} (after ${durationText(run.endTime - run.startTime)})`;
      writeLines(io, [
        ...formatTable([
          ["run", run.name],
          ["id", run.id],
          ["experiment", experiment.name],
          ["status", run.status],
          ["started", timeText(run.startTime)],
          ["ended", ended],
          ...(record.tags["dimexp.error"] ? [["error", record.tags["dimexp.error"]]] : []),
        ]),
        ...section(
          "params",
          Object.entries(json.params).map(([k, p]) => [k, paramText(p)]),
        ),
        ...section(
          "metrics (latest)",
          Object.entries(json.metrics).map(([k, m]) => [k, `${metricText(m)} (step ${m.step})`]),
        ),
        ...section("arrays (runs show <run> --array <key>)", arrayRows(record)),
        ...section(
          "tags",
          Object.entries(run.tags).map(([k, v]) => [k, v]),
        ),
      ]);
    });
  },
};
