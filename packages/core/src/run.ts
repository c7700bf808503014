// A run as users see it: params and metrics decoded with their units.

import { type DimArray, Quantity, type Unit, formatUnit } from "@dimexp/units";
import type { ExperimentBackend } from "./backend.js";
import { type CoreError, DimexpError, invalidValue } from "./errors.js";
import { type TaskEither, left } from "./internal/task.js";
import { own } from "./internal/own.js";
import type { RunRecord, RunStatus } from "./model.js";
import { type GetArrayOptions, type LoggedArray, type RunArray, listLoggedArrays, readRunArray, runArrays } from "./run-arrays.js";
import { type DecodedParam, decodeMetricUnit, decodeParam, numberText, userTags } from "./unit-codec.js";

export interface RunParam extends DecodedParam {}

export interface RunMetric {
  readonly value: number;
  readonly step: number;
  readonly timestamp: number;
  readonly unit: Unit | undefined;
  readonly unitLabel: string | undefined;
}

/** The JSON shape printed by `dimexp runs ls --json`. */
export interface RunJson {
  readonly id: string;
  readonly name: string;
  readonly status: RunStatus;
  readonly params: Record<string, { value: number | string | boolean; unit?: string }>;
  readonly metrics: Record<string, { value: number | string; unit?: string; step: number }>;
}

/**
 * JSON has no NaN, Infinity or negative zero (JSON.stringify(-0) is "0"): those
 * are written as the strings "NaN", "Infinity", "-Infinity" and "-0".
 */
const jsonNumber = (value: number): number | string => (Number.isFinite(value) && !Object.is(value, -0) ? value : numberText(value));

export class Run {
  readonly params: Readonly<Record<string, RunParam>>;
  readonly metrics: Readonly<Record<string, RunMetric>>;
  readonly tags: Readonly<Record<string, string>>;
  /** the arrays it logged with logArray (key, unit, first shape, latest step), from its tags */
  readonly arrays: readonly RunArray[];

  /** `source`: the backend the record came from, which getArray/listArrays read (runs from DimExperiment have it). */
  constructor(
    readonly record: RunRecord,
    private readonly source?: ExperimentBackend,
  ) {
    const params: Record<string, RunParam> = {};
    for (const [key, raw] of Object.entries(record.params)) params[key] = decodeParam(key, raw, record.tags);
    const metrics: Record<string, RunMetric> = {};
    for (const [key, latest] of Object.entries(record.metrics)) metrics[key] = { ...latest, ...decodeMetricUnit(key, record.tags) };
    this.params = params;
    this.metrics = metrics;
    this.tags = userTags(record);
    this.arrays = runArrays(record);
  }

  get id(): string {
    return this.record.info.id;
  }
  get name(): string {
    return this.record.info.name;
  }
  get experimentId(): string {
    return this.record.info.experimentId;
  }
  get status(): RunStatus {
    return this.record.info.status;
  }
  get startTime(): number {
    return this.record.info.startTime;
  }
  get endTime(): number | undefined {
    return this.record.info.endTime;
  }

  /** A param as a Quantity (when it has a unit), number, string or boolean. */
  param(key: string): Quantity | number | string | boolean | undefined {
    const p = own(this.params, key);
    if (!p) return undefined;
    return p.unit && typeof p.value === "number" ? new Quantity(p.value, p.unit) : p.value;
  }

  /** The latest value of a metric, as a Quantity when it has a unit. */
  metric(key: string): Quantity | number | undefined {
    const m = own(this.metrics, key);
    if (!m) return undefined;
    return m.unit ? new Quantity(m.value, m.unit) : m.value;
  }

  private withSource<A>(what: string, read: (backend: ExperimentBackend) => TaskEither<CoreError, A>): TaskEither<CoreError, A> {
    const backend = this.source;
    if (backend) return read(backend);
    return async () =>
      left(invalidValue(what, `run ${this.id} was made from a record alone; read it from a run of DimExperiment (getRun, listRuns) or construct it as new Run(record, backend)`));
  }

  /**
   * A logged array as a DimArray with its unit: the latest step unless
   * `options.step` is given, converted when `options.unit` is. An unknown key
   * is a NotFound error listing the run's arrays (`.available`).
   */
  getArrayTask(key: string, options: GetArrayOptions = {}): TaskEither<CoreError, DimArray> {
    return this.withSource(`array "${key}"`, (backend) => readRunArray(backend, this.record, key, options));
  }

  async getArray(key: string, options: GetArrayOptions = {}): Promise<DimArray> {
    const result = await this.getArrayTask(key, options)();
    if (result._tag === "Left") throw new DimexpError(result.left);
    return result.right;
  }

  /** The run's arrays with the steps at which full arrays are stored (reads them from the backend). */
  listArraysTask(): TaskEither<CoreError, LoggedArray[]> {
    return this.withSource("arrays", (backend) => listLoggedArrays(backend, this.record));
  }

  async listArrays(): Promise<LoggedArray[]> {
    const result = await this.listArraysTask()();
    if (result._tag === "Left") throw new DimexpError(result.left);
    return result.right;
  }

  toJSON(): RunJson {
    const params: RunJson["params"] = {};
    for (const [key, p] of Object.entries(this.params)) {
      const value = typeof p.value === "number" ? jsonNumber(p.value) : p.value;
      const unit = p.unit ? formatUnit(p.unit) : p.unitLabel;
      params[key] = unit !== undefined ? { value, unit } : { value };
    }
    const metrics: RunJson["metrics"] = {};
    for (const [key, m] of Object.entries(this.metrics)) {
      const unit = m.unit ? formatUnit(m.unit) : m.unitLabel;
      metrics[key] = unit !== undefined ? { value: jsonNumber(m.value), unit, step: m.step } : { value: jsonNumber(m.value), step: m.step };
    }
    return { id: this.id, name: this.name, status: this.status, params, metrics };
  }
}
