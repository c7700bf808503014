// Undoing a failed import on a backend that cannot run it as one transaction
// (MLflow, W&B, the memory backend): only what this import wrote is touched,
// by id. Its runs are deleted (or, where the backend cannot delete, marked
// FAILED and tagged incomplete); the experiment it created is deleted only if
// nobody else has written runs into it meanwhile. The report says exactly
// what was done, run by run — never more.

import { randomUUID } from "node:crypto";
import type { ExperimentBackend } from "@dimexp/core";
import type { ImportRollback } from "../errors.js";
import type { Journal } from "./import-writer.js";
import { INCOMPLETE_IMPORT_TAG } from "./model.js";

const EMPTY = { deletedRunIds: [], markedRunIds: [], leftRunIds: [], keptRunIds: [], othersRunIds: [], problems: [] } as const;

/** The report of an import that ran as one transaction of the store, rolled back. */
export const transactionRollback = (experimentName: string, journal: Journal): ImportRollback => ({
  ...EMPTY,
  method: "transaction",
  experiment: journal.createdExperiment || journal.experiment === undefined ? "not-created" : "existed",
  experimentName,
});

/** The report of an import stopped before it wrote anything. */
export const nothingWritten = (experimentName: string): ImportRollback => ({ ...EMPTY, method: "none", experiment: "not-created", experimentName });

/** So nobody takes a run an import could not delete for a complete one. */
const markIncomplete = async (target: ExperimentBackend, id: string): Promise<string | undefined> => {
  const tagged = await target.logBatch(id, {
    id: `dimexp-import-incomplete-${randomUUID()}`,
    params: [],
    tags: [{ key: INCOMPLETE_IMPORT_TAG, value: "true" }],
    metrics: [],
    arrays: [],
  })();
  if (tagged._tag === "Left") return tagged.left.message;
  const failed = await target.updateRun(id, { status: "FAILED" })();
  return failed._tag === "Left" ? failed.left.message : undefined;
};

export const compensate = async (target: ExperimentBackend, journal: Journal, experimentName: string): Promise<ImportRollback> => {
  if (journal.createdRunIds.length === 0 && journal.keptRunIds.length === 0 && !journal.createdExperiment) {
    return { ...nothingWritten(experimentName), experiment: journal.experiment ? "existed" : "not-created" };
  }
  const deletedRunIds: string[] = [];
  const markedRunIds: string[] = [];
  const leftRunIds: string[] = [];
  const problems: string[] = [];
  for (const id of journal.createdRunIds) {
    if (target.deleteRun) {
      const deleted = await target.deleteRun(id)();
      if (deleted._tag === "Right") {
        deletedRunIds.push(id);
        continue;
      }
      problems.push(`deleting run ${id}: ${deleted.left.message}`);
    }
    const problem = await markIncomplete(target, id);
    if (problem === undefined) markedRunIds.push(id);
    else {
      leftRunIds.push(id);
      problems.push(`marking run ${id}: ${problem}`);
    }
  }

  let experiment: ImportRollback["experiment"] = journal.experiment === undefined ? "not-created" : "existed";
  let othersRunIds: string[] = [];
  if (journal.createdExperiment && journal.experiment) {
    experiment = "kept";
    // Looked at right before deleting: an experiment someone else has written to is never deleted.
    const runs = await target.searchRuns(journal.experiment.id)();
    if (runs._tag === "Left") problems.push(`listing the runs of experiment ${JSON.stringify(experimentName)}: ${runs.left.message}`);
    else {
      const mine = new Set([...journal.createdRunIds, ...journal.keptRunIds]);
      othersRunIds = runs.right.map((r) => r.info.id).filter((id) => !mine.has(id));
      if (othersRunIds.length > 0) experiment = "kept-not-empty";
      else if (runs.right.length === 0 && target.deleteExperiment) {
        const deleted = await target.deleteExperiment(journal.experiment.id)();
        if (deleted._tag === "Right") experiment = "deleted";
        else problems.push(`deleting experiment ${JSON.stringify(experimentName)}: ${deleted.left.message}`);
      }
    }
  }
  return {
    method: "delete",
    deletedRunIds,
    markedRunIds,
    leftRunIds,
    keptRunIds: [...journal.keptRunIds],
    experiment,
    experimentName,
    othersRunIds,
    problems,
  };
};
