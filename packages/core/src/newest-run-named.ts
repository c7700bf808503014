// "The run called X" when names need not be unique: the newest one (by start
// time). One copy for the facade (DimExperiment.getRun) and the CLI (runs
// show), so both always pick the same run.

import { right } from "fp-ts/lib/Either.js";
import type { TaskEither } from "fp-ts/lib/TaskEither.js";
import type { BackendError, ExperimentBackend } from "./backend.js";
import type { RunRecord } from "./model.js";

/** The newest run of an experiment with exactly this name; undefined when it has none. */
export const newestRunNamed =
  (backend: ExperimentBackend, experimentId: string, name: string): TaskEither<BackendError, RunRecord | undefined> =>
  async () => {
    const found = await backend.searchRuns(experimentId, {
      filter: [[{ source: "attributes", key: "name", op: "=", value: name }]],
      orderBy: { key: "startTime", descending: true },
    })();
    if (found._tag === "Left") return found;
    // A backend's pushed-down filter may be looser than asked (case, LIKE), and its order is not trusted either.
    let newest: RunRecord | undefined;
    for (const r of found.right) if (r.info.name === name && (newest === undefined || r.info.startTime > newest.info.startTime)) newest = r;
    return right(newest);
  };
