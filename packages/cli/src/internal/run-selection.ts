// The runs that compare and plot work on: the ones named on the command line
// (each by id, or by a name exactly one run has: a name several runs share is
// an error listing their ids), else every run of the experiment that matches
// --filter; plus a history loader over the store.

import { resolveRuns } from "@dimexp/compare";
import { type ExperimentInfo, type MetricHistory, type Run, decodeMetricUnit, findRuns } from "@dimexp/core";
import { compareFailure } from "./compare-options.js";
import { UserError } from "./errors.js";
import { type Store, runTask } from "./store.js";

export const selectRuns = async (
  store: Store,
  experiment: ExperimentInfo,
  references: readonly string[],
  filter: string | undefined,
  /** --context: the filter compares across dimensions through these, as the display units do */
  context: readonly string[] = [],
): Promise<Run[]> => {
  if (references.length === 0) {
    const runs = await runTask(
      findRuns(store.backend, experiment.id, { filter: filter ?? "", orderBy: "start_time", ...(context.length > 0 ? { context: [...context] } : {}) }),
    );
    if (runs.length === 0) {
      throw new UserError(`Experiment "${experiment.name}" has no runs${filter ? ` matching ${filter}` : ""}.`);
    }
    return runs;
  }
  if (filter !== undefined) throw new UserError("Give runs by name or --filter, not both.");
  // Listed here (a store failure reads as the store's own error), resolved by
  // @dimexp/compare's rules: an id, or the name of exactly one run.
  const all = await runTask(findRuns(store.backend, experiment.id, { orderBy: "start_time" }));
  const resolved = await resolveRuns({ name: experiment.name, listRuns: async () => all }, references);
  if (resolved._tag === "Left") throw compareFailure(resolved.left);
  return resolved.right;
};

/** A metric's whole history from the store, in the unit it was logged in. */
export const storeHistories =
  (store: Store) =>
  async (run: Run, metric: string): Promise<MetricHistory> => {
    const series = await runTask(store.backend.getMetricHistory(run.id, metric));
    return { ...series, unit: decodeMetricUnit(metric, run.record.tags).unit };
  };
