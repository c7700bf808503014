// ExperimentBackend: the small interface every store implements — ours (memory,
// local SQLite, MLflow, W&B) and yours. It speaks in plain records (strings and
// numbers); units, buffering and the query language live in core, above it.
// Every method returns a TaskEither and never rejects: failures are
// BackendFailure values. `@dimexp/core/testing` has the contract suite.

import type { BackendFailure, CoreError } from "./errors.js";
import type {
  ArrayRecord,
  ExperimentInfo,
  LogBatch,
  MetricSeries,
  RunInfo,
  RunRecord,
  RunStatus,
} from "./model.js";
import type { TaskEither } from "./internal/task.js";

/** A comparison on a stored (raw) value; numbers compare numerically, strings as strings. */
export interface RawPredicate {
  readonly source: "metrics" | "params" | "tags" | "attributes";
  readonly key: string;
  readonly op: "=" | "!=" | "<" | "<=" | ">" | ">=" | "like" | "ilike" | "in" | "exists";
  /** number for numeric comparisons (params are compared as numbers then); string(s) otherwise */
  readonly value: number | string | readonly string[] | undefined;
}

/**
 * A pushed-down filter: OR of ANDs of raw predicates. It may be looser than the
 * user's query (core evaluates the full query on what comes back) but must
 * never be stricter. A backend without OR runs one query per conjunction.
 */
export type RawFilter = ReadonlyArray<ReadonlyArray<RawPredicate>>;

export interface SearchOptions {
  readonly filter?: RawFilter | undefined;
  /** maximum number of runs; backends may return more only if they cannot limit */
  readonly limit?: number | undefined;
  /** run attributes to order by, e.g. { key: "startTime", descending: true } */
  readonly orderBy?: { readonly key: "startTime" | "name"; readonly descending: boolean } | undefined;
}

export interface BackendCapabilities {
  /** stores full arrays from logArray */
  readonly arrays: boolean;
  /** which raw predicates searchRuns evaluates on the server/store */
  readonly pushdown: {
    readonly or: boolean;
    readonly numericParams: boolean;
    readonly like: boolean;
  };
}

/** Whether a backend keeps the full arrays logged to one run, and if not, why (for the user's warning). */
export type ArrayStorage = { readonly kept: true } | { readonly kept: false; readonly reason: string };

export interface CreateRunOptions {
  readonly name: string;
  readonly startTime: number;
  readonly tags: Readonly<Record<string, string>>;
}

export interface UpdateRunOptions {
  readonly status?: RunStatus;
  readonly endTime?: number;
  readonly name?: string;
}

export interface ExperimentBackend {
  /** "memory", "local", "mlflow", "wandb", or your own */
  readonly kind: string;
  /** where it stores, safe to print (no credentials) */
  readonly location: string;
  readonly capabilities: BackendCapabilities;

  getOrCreateExperiment(name: string, tags?: Readonly<Record<string, string>>): TaskEither<BackendFailure, ExperimentInfo>;
  findExperiment(name: string): TaskEither<BackendFailure, ExperimentInfo | undefined>;
  listExperiments(): TaskEither<BackendFailure, ExperimentInfo[]>;

  createRun(experimentId: string, options: CreateRunOptions): TaskEither<BackendFailure, RunInfo>;
  updateRun(runId: string, options: UpdateRunOptions): TaskEither<BackendFailure, void>;
  /**
   * Applies a batch atomically and at most once per `batch.id`. Params are
   * write-once: the same value again is fine, a different value is a
   * ParamChanged error and nothing of the batch is applied.
   */
  logBatch(runId: string, batch: LogBatch): TaskEither<CoreError, void>;

  getRun(runId: string): TaskEither<BackendFailure, RunRecord | undefined>;
  searchRuns(experimentId: string, options?: SearchOptions): TaskEither<BackendFailure, RunRecord[]>;
  /** Every point of a metric, in logging order. */
  getMetricHistory(runId: string, key: string): TaskEither<BackendFailure, MetricSeries>;
  /** Arrays logged under `key` (empty when the backend keeps none). */
  getArrays(runId: string, key: string): TaskEither<BackendFailure, ArrayRecord[]>;
  /**
   * Optional: whether full arrays logged to this run will be kept, when that
   * depends on the run (MLflow: its artifact store). Synchronous, from what the
   * backend already knows (undefined: unknown, assume `capabilities.arrays`).
   * ActiveRun warns once per key when they will not be.
   */
  arrayStorage?(runId: string): ArrayStorage | undefined;
  /** Distinct values of the given tag keys over an experiment's runs (unit groups for pushdown). */
  distinctTagValues(experimentId: string, keys: readonly string[]): TaskEither<BackendFailure, Record<string, string[]>>;

  /**
   * Optional: removes a run and everything logged to it (deleting a run that
   * does not exist succeeds). @dimexp/io uses it to roll back a failed import.
   */
  deleteRun?(runId: string): TaskEither<BackendFailure, void>;
  /** Optional: removes an experiment and all of its runs; its name may then be created again. */
  deleteExperiment?(experimentId: string): TaskEither<BackendFailure, void>;
  /**
   * Optional: runs `work` as one transaction. Every write made through the
   * backend handed to `work` is committed together when its TaskEither ends
   * Right, and none is kept when it ends Left or throws — nobody ever sees a
   * partial state, and a crash midway leaves nothing. Writes made through this
   * backend from outside `work` wait until it ends; its reads see the writes
   * made so far. @dimexp/io imports a file in one transaction where offered.
   */
  transaction?<E, A>(work: (tx: ExperimentBackend) => TaskEither<E, A>): TaskEither<E | BackendFailure, A>;

  close(): TaskEither<BackendFailure, void>;
}
