// The runs that compare and plot work on: the ones named on the command line
// (each by id, or the newest run of that name), else every run of the
// experiment that matches --filter; plus a history loader over the store.

import { type ExperimentInfo, type MetricHistory, Run, type RunRecord, decodeMetricUnit, findRuns } from "@dimexp/core";
import { UserError } from "./errors.js";
import { type Store, runTask } from "./store.js";
import { didYouMean } from "./suggest.js";

const newestNamed = async (store: Store, experimentId: string, name: string): Promise<RunRecord | undefined> => {
  const found = await runTask(
    store.backend.searchRuns(experimentId, {
      filter: [[{ source: "attributes", key: "name", op: "=", value: name }]],
      orderBy: { key: "startTime", descending: true },
    }),
  );
  return found.filter((r) => r.info.name === name).sort((a, b) => b.info.startTime - a.info.startTime)[0];
};

export const selectRuns = async (
  store: Store,
  experiment: ExperimentInfo,
  references: readonly string[],
  filter: string | undefined,
): Promise<Run[]> => {
  if (references.length === 0) {
    const runs = await runTask(findRuns(store.backend, experiment.id, { filter: filter ?? "", orderBy: "start_time" }));
    if (runs.length === 0) {
      throw new UserError(`Experiment "${experiment.name}" has no runs${filter ? ` matching ${filter}` : ""}.`);
    }
    return runs;
  }
  if (filter !== undefined) throw new UserError("Give runs by name or --filter, not both.");
  const runs: Run[] = [];
  for (const reference of references) {
    const byId = await runTask(store.backend.getRun(reference));
    const record = byId && byId.info.experimentId === experiment.id ? byId : await newestNamed(store, experiment.id, reference);
    if (!record) {
      const names = [...new Set((await runTask(findRuns(store.backend, experiment.id, {}))).map((r) => r.name))];
      throw new UserError(
        `Experiment "${experiment.name}" has no run with the id or name ${JSON.stringify(reference)}.${didYouMean(reference, names)} "dimexp runs ls --experiment ${experiment.name}" lists its runs.`,
      );
    }
    runs.push(new Run(record));
  }
  return runs;
};

/** A metric's whole history from the store, in the unit it was logged in. */
export const storeHistories =
  (store: Store) =>
  async (run: Run, metric: string): Promise<MetricHistory> => {
    const series = await runTask(store.backend.getMetricHistory(run.id, metric));
    return { ...series, unit: decodeMetricUnit(metric, run.record.tags).unit };
  };

/** A UserError when no selected run logged the metric, naming the metrics they have. */
export const requireMetric = (runs: readonly Run[], metric: string): void => {
  if (runs.some((r) => r.metrics[metric])) return;
  const metrics = [...new Set(runs.flatMap((r) => Object.keys(r.metrics)))];
  throw new UserError(
    `None of these runs logged the metric ${JSON.stringify(metric)}.${didYouMean(metric, metrics)}${metrics.length > 0 ? ` Their metrics: ${metrics.join(", ")}.` : ""}`,
  );
};
