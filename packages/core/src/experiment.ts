// DimExperiment: the facade physicists use. Promise methods reject with a
// DimexpError whose `.error` is the tagged CoreError; the same operations are
// available as TaskEither functions (findRuns, …) for fp-ts code.

import type { DimArray, Unit } from "@dimexp/units";
import { ActiveRun, type DimexpWarning, type FlushPolicy } from "./active-run.js";
import type { ExperimentBackend } from "./backend.js";
import { type CoreError, DimexpError, notFound } from "./errors.js";
import { type ListRunsOptions, findRuns } from "./find-runs.js";
import { type TaskEither, left, right } from "./internal/task.js";
import type { ExperimentInfo, RunStatus } from "./model.js";
import { validateName } from "./names.js";
import { validateTimestamp } from "./timestamps.js";
import { Run } from "./run.js";
import type { GetArrayOptions, LoggedArray } from "./run-arrays.js";
import { type Env, importBackendPackage, openBackend, resolveTrackingUri, trackingUriSource } from "./tracking-uri.js";

/** The backends `DimExperiment.open(name, { backend })` knows by name. */
export type BackendName = "local" | "mlflow" | "wandb" | "memory";
import { decodeMetricUnit } from "./unit-codec.js";

export interface OpenOptions extends FlushPolicy {
  /**
   * "local" (./dimexp.db), "mlflow" (MLFLOW_TRACKING_URI and MLflow's credential
   * variables), "wandb" (WANDB_PROJECT, WANDB_ENTITY, WANDB_MODE, …), a tracking
   * URI or store path (./runs.db, sqlite:…, http(s)://…, wandb://entity/project),
   * or a backend instance. Default: DIMEXP_TRACKING_URI, else MLFLOW_TRACKING_URI,
   * else ./dimexp.db. Anything else — an unknown word, "" — is an error, never a new file.
   */
  readonly backend?: BackendName | (string & {}) | ExperimentBackend;
  readonly tags?: Readonly<Record<string, string>>;
  readonly env?: Env;
  /** called for unit conversions and other non-fatal notices (default: process.emitWarning) */
  readonly onWarning?: (warning: DimexpWarning) => void;
}

/** Options of DimExperiment.load (those of @dimexp/io's loadExperiment). */
export interface LoadOptions {
  /** copy the file's runs into this backend (or tracking URI); default: a read-only in-memory experiment */
  readonly into?: ExperimentBackend | string;
  /** the experiment's name in `into` (default: the file's) */
  readonly experiment?: string;
  readonly onProgress?: (event: { readonly phase: string; readonly fraction: number; readonly runsDone: number; readonly pointsDone: number }) => void;
}

export interface StartRunOptions extends FlushPolicy {
  readonly tags?: Readonly<Record<string, string>>;
  /** when the run started, in ms since the Unix epoch (default: now), for a run logged after the fact */
  readonly startTime?: number;
}

export interface MetricHistory {
  readonly key: string;
  readonly steps: Float64Array;
  readonly values: Float64Array;
  readonly timestamps: Float64Array;
  readonly unit: Unit | undefined;
}

const orThrow = async <A>(task: TaskEither<CoreError, A>): Promise<A> => {
  const result = await task();
  if (result._tag === "Left") throw new DimexpError(result.left);
  return result.right;
};

const checkedStartTime = (startTime: number | undefined): number => {
  if (startTime === undefined) return Date.now();
  const valid = validateTimestamp("startTime of the run", startTime);
  if (valid._tag === "Left") throw new DimexpError(valid.left);
  return valid.right;
};

export class DimExperiment {
  private constructor(
    readonly backend: ExperimentBackend,
    readonly info: ExperimentInfo,
    private readonly options: OpenOptions,
  ) {}

  /** Opens (creating if needed) an experiment in the embedded store or wherever `backend` points. */
  static async open(name: string, options: OpenOptions = {}): Promise<DimExperiment> {
    const valid = validateName("experiment", name);
    if (valid._tag === "Left") throw new DimexpError(valid.left);
    let backend: ExperimentBackend;
    if (typeof options.backend === "object") backend = options.backend;
    else {
      const env = options.env ?? process.env;
      const opened = await openBackend(resolveTrackingUri(options.backend, env), env);
      if (opened._tag === "Left") {
        // the program named no backend: say which variable held the value
        const source = trackingUriSource(options.backend, env);
        const fromEnv = source.endsWith("_TRACKING_URI") && !opened.left.message.includes(source);
        throw new DimexpError(fromEnv ? { ...opened.left, message: `${opened.left.message} (The value comes from ${source}: fix or unset it, or pass { backend }.)` } : opened.left);
      }
      backend = opened.right;
    }
    const info = await orThrow(backend.getOrCreateExperiment(name, options.tags));
    return new DimExperiment(backend, info, options);
  }

  /**
   * Opens a file written by @dimexp/io's exportExperiment (JSON or HDF5) or
   * by Python dimtensor's export, as an experiment: read-only, or copied into
   * `options.into` (all or nothing). Needs @dimexp/io installed; rejects with
   * its DimexpIoError for a bad file.
   */
  static async load(path: string, options: LoadOptions = {}): Promise<DimExperiment> {
    const io = await importBackendPackage<{ loadExperiment?: (path: string, options: LoadOptions) => Promise<DimExperiment> }>("@dimexp/io");
    if (typeof io?.loadExperiment !== "function") {
      throw new DimexpError({
        _tag: "BackendNotInstalled",
        uri: path,
        packageName: "@dimexp/io",
        message: "DimExperiment.load() reads files with the package @dimexp/io, which is not installed. Install it with: pnpm add @dimexp/io  (or npm install @dimexp/io)",
      });
    }
    return io.loadExperiment(path, options);
  }

  get name(): string {
    return this.info.name;
  }
  get id(): string {
    return this.info.id;
  }

  /** Starts a run. Use it with `await using run = await exp.startRun(…)`, or end() it yourself. */
  async startRun(name?: string, options: StartRunOptions = {}): Promise<ActiveRun> {
    const runName = name ?? `run-${new Date().toISOString().replace(/[:.]/g, "-")}`;
    const valid = validateName("run", runName);
    if (valid._tag === "Left") throw new DimexpError(valid.left);
    for (const key of Object.keys(options.tags ?? {})) {
      const t = validateName("tag", key);
      if (t._tag === "Left") throw new DimexpError(t.left);
    }
    const info = await orThrow(
      this.backend.createRun(this.id, { name: runName, startTime: checkedStartTime(options.startTime), tags: { ...(options.tags ?? {}), "dimexp.schema": "1" } }),
    );
    return new ActiveRun(this.backend, info, { ...this.options, ...options });
  }

  /**
   * Runs `body` inside a run: FINISHED when it returns, FAILED (with the error
   * recorded as the tag dimexp.error) when it throws; logged points are
   * flushed either way, and the error is rethrown.
   */
  async withRun<T>(name: string, options: StartRunOptions, body: (run: ActiveRun) => Promise<T> | T): Promise<T>;
  async withRun<T>(name: string, body: (run: ActiveRun) => Promise<T> | T): Promise<T>;
  async withRun<T>(
    name: string,
    optionsOrBody: StartRunOptions | ((run: ActiveRun) => Promise<T> | T),
    maybeBody?: (run: ActiveRun) => Promise<T> | T,
  ): Promise<T> {
    const body = typeof optionsOrBody === "function" ? optionsOrBody : (maybeBody as (run: ActiveRun) => Promise<T> | T);
    const options = typeof optionsOrBody === "function" ? {} : optionsOrBody;
    const run = await this.startRun(name, options);
    let result: T;
    try {
      result = await body(run);
    } catch (error) {
      await run.fail(error).catch(() => undefined);
      throw error;
    }
    await run.end("FINISHED");
    return result;
  }

  /** Reopens a run to log more (its params and metric units are loaded so the rules still hold). */
  async resumeRun(idOrName: string): Promise<ActiveRun> {
    const run = await this.getRun(idOrName);
    const metricUnits = new Map<string, Unit | undefined>();
    const nextSteps = new Map<string, number>();
    for (const [k, m] of Object.entries(run.record.metrics)) {
      metricUnits.set(k, decodeMetricUnit(k, run.record.tags).unit);
      nextSteps.set(k, m.step + 1);
    }
    await orThrow(this.backend.updateRun(run.id, { status: "RUNNING" }));
    return new ActiveRun(this.backend, { ...run.record.info, status: "RUNNING" as RunStatus }, {
      ...this.options,
      existing: { params: run.record.params, tags: run.record.tags, metricUnits, nextSteps },
    });
  }

  /** A run by id, or by name (the newest run with that name). */
  getRunTask(idOrName: string): TaskEither<CoreError, Run> {
    return async () => {
      const byId = await this.backend.getRun(idOrName)();
      if (byId._tag === "Left") return byId;
      if (byId.right && byId.right.info.experimentId === this.id) return right(new Run(byId.right, this.backend));
      const byName = await this.backend.searchRuns(this.id, {
        filter: [[{ source: "attributes", key: "name", op: "=", value: idOrName }]],
        orderBy: { key: "startTime", descending: true },
      })();
      if (byName._tag === "Left") return byName;
      const match = byName.right.find((r) => r.info.name === idOrName);
      return match ? right(new Run(match, this.backend)) : left(notFound("run", idOrName, `Experiment "${this.name}" has no run with that id or name.`));
    };
  }

  getRun(idOrName: string): Promise<Run> {
    return orThrow(this.getRunTask(idOrName));
  }

  listRunsTask(options: ListRunsOptions = {}): TaskEither<CoreError, Run[]> {
    return findRuns(this.backend, this.id, options);
  }

  /**
   * Runs matching a unit-aware filter: `exp.listRuns({ filter: "params.domain_length >= 50 cm" })`;
   * `context: "natural"` lets it compare lengths logged in GeV⁻¹, `dimensionFilter: { loss: "energy" }`
   * keeps the runs whose loss is an energy.
   */
  listRuns(options: ListRunsOptions = {}): Promise<Run[]> {
    return orThrow(this.listRunsTask(options));
  }

  /** Every logged point of a metric, with its unit. */
  async metricHistory(idOrName: string, key: string): Promise<MetricHistory> {
    const run = await this.getRun(idOrName);
    const series = await orThrow(this.backend.getMetricHistory(run.id, key));
    return { ...series, unit: decodeMetricUnit(key, run.record.tags).unit };
  }

  /**
   * An array a run logged with logArray, as a DimArray with its unit: the
   * latest step unless `options.step` is given; `options.unit` converts it.
   * An unknown key is a NotFound error whose `available` lists the run's arrays.
   */
  getArrayTask(runIdOrName: string, key: string, options: GetArrayOptions = {}): TaskEither<CoreError, DimArray> {
    return async () => {
      const run = await this.getRunTask(runIdOrName)();
      if (run._tag === "Left") return run;
      return run.right.getArrayTask(key, options)();
    };
  }

  getArray(runIdOrName: string, key: string, options: GetArrayOptions = {}): Promise<DimArray> {
    return orThrow(this.getArrayTask(runIdOrName, key, options));
  }

  /** The arrays a run logged, each with the steps at which its full array is stored. */
  async listArrays(runIdOrName: string): Promise<LoggedArray[]> {
    const run = await this.getRun(runIdOrName);
    return orThrow(run.listArraysTask());
  }

  /** Closes the backend (open runs should be ended first). */
  async close(): Promise<void> {
    await orThrow(this.backend.close());
  }
}
