// `--stats`: after a command has read its store, one line on stderr saying how
// many REST calls it made and how many runs came back — what tells whether a
// unit-aware filter was pushed down to an MLflow server or every run was read.
// Only the MLflow backend counts its requests; for another store the line says so.

import { requestStatsOf } from "@dimexp/backend-mlflow";
import type { CommandInput } from "./command.js";
import type { CliIo } from "./io.js";
import type { Store } from "./store.js";

const plural = (n: number, one: string, many: string): string => `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;

/** The stats line of a store, without its newline. */
export const statsLine = (store: Store): string => {
  const stats = requestStatsOf(store.backend);
  if (stats === undefined) return `stats: ${store.location} is a ${store.backend.kind} store; only MLflow's REST calls are counted.`;
  return `stats: ${plural(stats.requests, "REST call", "REST calls")}, ${plural(stats.runsFetched, "run", "runs")} fetched (${store.location}).`;
};

/** `body`, followed (even when it fails) by the stats line when `--stats` was given. */
export const withStats =
  <A>(input: CommandInput, io: CliIo, body: (store: Store) => Promise<A>) =>
  async (store: Store): Promise<A> => {
    try {
      return await body(store);
    } finally {
      if (input.flag("stats")) io.stderr(`${statsLine(store)}\n`);
    }
  };
