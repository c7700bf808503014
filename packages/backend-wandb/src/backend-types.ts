// What every mode of the W&B backend shares: its interface and capabilities.

import type { BackendCapabilities, ExperimentBackend, RunRecord } from "@dimexp/core";
import type { RequestStats } from "./internal/http.js";

export const WANDB_CAPABILITIES: BackendCapabilities = {
  // full arrays are run files (dimexp/arrays/<key>/…json): uploaded online, in files/ offline
  arrays: true,
  pushdown: { or: true, numericParams: true, like: true },
};

export interface WandbBackend extends ExperimentBackend {
  readonly kind: "wandb";
  readonly mode: "online" | "offline" | "disabled";
  /** the W&B entity (online: undefined until the API key's default entity is read, when none was given) */
  readonly entity: string | undefined;
  readonly project: string;
  /** online: request counters (requests sent, retries, 429s) */
  readonly stats?: RequestStats;
  /** online: the run's page in the W&B app; offline: its .wandb file */
  runUrl(runId: string): Promise<string>;
}

/** Sorts run records as core asks: by start time (ties: as found) or by name. */
export const sortRecords = (records: RunRecord[], order: { key: "startTime" | "name"; descending: boolean }): RunRecord[] => {
  const indexed = records.map((record, index) => ({ record, index }));
  indexed.sort((a, b) => {
    const x = order.key === "name" ? a.record.info.name.localeCompare(b.record.info.name) : a.record.info.startTime - b.record.info.startTime;
    return (order.descending ? -x : x) || a.index - b.index;
  });
  return indexed.map((x) => x.record);
};

