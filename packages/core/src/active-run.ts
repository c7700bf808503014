// The handle a training loop logs through. Calls are synchronous and cheap:
// they validate, convert units, and append to columnar buffers. Buffers are
// written as one batch when they hold `maxBufferedPoints`, every
// `flushIntervalMs`, on flush(), on end(), and when the process exits.
// A failed write keeps its batch queued (nothing is dropped) and the error is
// reported by the next flush()/end().

import {
  type Converter,
  type DimArray,
  Quantity,
  type Unit,
  applyConverter,
  converter,
  formatUnit,
} from "@dimexp/units";
import type { ExperimentBackend } from "./backend.js";
import { type CoreError, DimexpError, incompatibleUnit, invalidValue, paramChanged, runNotActive } from "./errors.js";
import { type ClosableRun, trackOpenRun, untrackRun } from "./internal/exit-hooks.js";
import { MetricBuffer } from "./internal/metric-buffer.js";
import type { ArrayRecord, KeyValue, LogBatch, RunInfo, RunStatus } from "./model.js";
import { validateName } from "./names.js";
import { ARRAY_STATS, type ParamInput, encodeArray, encodeMetricUnit, encodeParam } from "./unit-codec.js";

export interface FlushPolicy {
  /** write when this many points are buffered (default 50,000) */
  readonly maxBufferedPoints?: number;
  /** write buffered points at least this often, in ms (default 1000) */
  readonly flushIntervalMs?: number;
}

export interface LogMetricOptions {
  readonly step?: number;
  /** milliseconds since the epoch (default: now) */
  readonly timestamp?: number;
}

/** Something worth telling the user that is not an error. */
export interface UnitConvertedWarning {
  readonly _tag: "UnitConverted";
  readonly kind: "metric";
  readonly key: string;
  readonly from: string;
  readonly to: string;
  readonly message: string;
}

export type DimexpWarning = UnitConvertedWarning;

interface KeyState {
  /** the unit the key was first logged in (undefined: unitless) */
  readonly unit: Unit | undefined;
  /** last unit seen and its converter into `unit` (the common case: same object every call) */
  lastUnit: Unit | undefined;
  lastConverter: Converter | undefined;
  warned: Set<string>;
  nextStep: number;
}

const isQuantity = (v: unknown): v is Quantity => v instanceof Quantity;

export interface ActiveRunOptions extends FlushPolicy {
  readonly onWarning?: (warning: DimexpWarning) => void;
  /** params and metric units already stored for this run (when resuming) */
  readonly existing?: {
    readonly params: Readonly<Record<string, string>>;
    readonly metricUnits: ReadonlyMap<string, Unit | undefined>;
    readonly nextSteps: ReadonlyMap<string, number>;
  };
}

let batchCounter = 0;

export class ActiveRun implements AsyncDisposable, ClosableRun {
  private statusValue: RunStatus = "RUNNING";
  private readonly metricKeys = new Map<string, KeyState>();
  private readonly buffers = new Map<string, MetricBuffer>();
  private bufferedPoints = 0;
  private readonly params = new Map<string, string>();
  private pendingParams: KeyValue[] = [];
  private pendingTags: KeyValue[] = [];
  private pendingArrays: ArrayRecord[] = [];
  private readonly queue: LogBatch[] = [];
  private chain: Promise<void> = Promise.resolve();
  private failure: CoreError | undefined;
  private readonly rejected: Array<{ readonly batch: LogBatch; readonly error: CoreError }> = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly maxBufferedPoints: number;
  private readonly flushIntervalMs: number;
  private readonly onWarning: (warning: DimexpWarning) => void;

  constructor(
    private readonly backend: ExperimentBackend,
    readonly info: RunInfo,
    options: ActiveRunOptions = {},
  ) {
    this.maxBufferedPoints = options.maxBufferedPoints ?? 50_000;
    this.flushIntervalMs = options.flushIntervalMs ?? 1000;
    this.onWarning = options.onWarning ?? ((w) => process.emitWarning(w.message, { code: "DIMEXP_UNIT_CONVERTED" }));
    if (options.existing) {
      for (const [k, v] of Object.entries(options.existing.params)) this.params.set(k, v);
      for (const [k, unit] of options.existing.metricUnits) {
        this.metricKeys.set(k, {
          unit,
          lastUnit: unit,
          lastConverter: undefined,
          warned: new Set(),
          nextStep: options.existing.nextSteps.get(k) ?? 0,
        });
      }
    }
    trackOpenRun(this);
  }

  get id(): string {
    return this.info.id;
  }
  get name(): string {
    return this.info.name;
  }
  get experimentId(): string {
    return this.info.experimentId;
  }
  get status(): RunStatus {
    return this.statusValue;
  }

  private ensureActive(action: string): void {
    if (this.statusValue !== "RUNNING") throw new DimexpError(runNotActive(this.id, this.statusValue, action));
  }

  private checkName(kind: "param" | "metric" | "tag" | "array", key: string): void {
    const valid = validateName(kind, key);
    if (valid._tag === "Left") throw new DimexpError(valid.left);
  }

  /** Logs a param: a Quantity, number, string or boolean. A param cannot change once logged. */
  logParam(key: string, value: ParamInput): void {
    this.ensureActive(`log param "${key}"`);
    this.checkName("param", key);
    if (!(isQuantity(value) || ["number", "string", "boolean"].includes(typeof value))) {
      throw new DimexpError(invalidValue(`param "${key}"`, `expected a Quantity, number, string or boolean, got ${typeof value}`));
    }
    const encoded = encodeParam(key, value);
    const previous = this.params.get(key);
    if (previous !== undefined) {
      if (previous !== encoded.value) throw new DimexpError(paramChanged(key, previous, encoded.value));
      return;
    }
    this.params.set(key, encoded.value);
    this.pendingParams.push({ key, value: encoded.value });
    this.pendingTags.push(...encoded.tags);
    this.scheduleFlush();
  }

  logParams(params: Readonly<Record<string, ParamInput>>): void {
    for (const [k, v] of Object.entries(params)) this.logParam(k, v);
  }

  /**
   * Logs one metric point. A metric keeps the unit it was first logged in:
   * later values in another unit of the same dimension are converted (with a
   * warning, once per unit); another dimension is an IncompatibleUnit error.
   */
  logMetric(key: string, value: Quantity | number, options?: LogMetricOptions): void {
    if (this.statusValue !== "RUNNING") this.ensureActive(`log metric "${key}"`);
    let state = this.metricKeys.get(key);
    let number: number;
    let unit: Unit | undefined;
    if (typeof value === "number") {
      number = value;
      unit = undefined;
    } else if (isQuantity(value)) {
      number = value.value;
      unit = value.unit;
    } else {
      throw new DimexpError(invalidValue(`metric "${key}"`, `expected a Quantity or a number, got ${typeof value}`));
    }
    if (state === undefined) {
      this.checkName("metric", key);
      state = { unit, lastUnit: unit, lastConverter: undefined, warned: new Set(), nextStep: 0 };
      this.metricKeys.set(key, state);
      this.pendingTags.push(...encodeMetricUnit(key, unit));
    } else if (unit !== state.lastUnit) {
      this.adoptUnit(key, state, unit);
    }
    if (state.lastConverter) number = applyConverter(state.lastConverter, number);
    let step: number;
    if (options?.step !== undefined) {
      step = options.step;
      if (!Number.isFinite(step)) throw new DimexpError(invalidValue(`step of metric "${key}"`, `${step} is not a finite number`));
    } else step = state.nextStep;
    state.nextStep = step + 1;
    let buffer = this.buffers.get(key);
    if (buffer === undefined) {
      buffer = new MetricBuffer(key);
      this.buffers.set(key, buffer);
    }
    buffer.push(step, number, options?.timestamp ?? Date.now());
    if (++this.bufferedPoints >= this.maxBufferedPoints) this.flushInBackground();
    else if (this.timer === undefined) this.scheduleFlush();
  }

  /** Works out (once per new unit) how values in `unit` become values in the key's first unit. */
  private adoptUnit(key: string, state: KeyState, unit: Unit | undefined): void {
    const established = state.unit;
    if (established === undefined || unit === undefined) {
      if (established === undefined && unit !== undefined && unit.isDimensionless && unit.terms.length === 0) {
        state.lastUnit = unit;
        state.lastConverter = undefined;
        return;
      }
      throw new DimexpError(
        incompatibleUnit(
          "metric",
          key,
          established ? formatUnit(established) : "no unit",
          unit ? formatUnit(unit) : "no unit",
          established ? "a bare number has no unit to convert from" : "a unit cannot be added to a unitless metric",
        ),
      );
    }
    const c = converter(unit, established);
    if (c._tag === "Left") {
      throw new DimexpError(
        incompatibleUnit(
          "metric",
          key,
          formatUnit(established),
          formatUnit(unit),
          `${unit.dimension.describe()} is not ${established.dimension.describe()}`,
        ),
      );
    }
    const identity = c.right.kind === "linear" && c.right.scale === 1 && c.right.offset === 0;
    state.lastUnit = unit;
    state.lastConverter = identity ? undefined : c.right;
    const from = formatUnit(unit);
    if (!identity && !state.warned.has(from)) {
      state.warned.add(from);
      this.onWarning({
        _tag: "UnitConverted",
        kind: "metric",
        key,
        from,
        to: formatUnit(established),
        message: `metric "${key}" was first logged in ${formatUnit(established)}; values in ${from} are converted to ${formatUnit(established)}.`,
      });
    }
  }

  logMetrics(metrics: Readonly<Record<string, Quantity | number>>, options?: LogMetricOptions): void {
    for (const [k, v] of Object.entries(metrics)) this.logMetric(k, v, options);
  }

  /**
   * Logs an array: its mean, std (population), min and max become metrics
   * `<key>_mean` … in the array's unit (dimtensor's names), and the full array
   * is stored by backends that keep arrays.
   */
  logArray(key: string, array: DimArray, options?: LogMetricOptions): void {
    this.ensureActive(`log array "${key}"`);
    this.checkName("array", key);
    if (!array || !(array.data instanceof Float64Array)) {
      throw new DimexpError(invalidValue(`array "${key}"`, "expected a DimArray"));
    }
    const timestamp = options?.timestamp ?? Date.now();
    const stats = { mean: array.mean(), std: array.std(), min: array.min(), max: array.max() };
    const first = !this.metricKeys.has(`${key}_mean`);
    for (const s of ARRAY_STATS) this.logMetric(`${key}_${s}`, stats[s], { ...options, timestamp });
    const step = options?.step ?? (this.metricKeys.get(`${key}_mean`)?.nextStep ?? 1) - 1;
    if (first) {
      const tags = encodeArray(key, array.unit, array.shape).filter((t) => !t.key.startsWith("dimexp.metric."));
      this.pendingTags.push(...tags);
    }
    if (this.backend.capabilities.arrays) {
      this.pendingArrays.push({
        key,
        step,
        timestamp,
        shape: [...array.shape],
        unit: formatUnit(array.unit),
        data: array.data.slice(),
      });
    }
  }

  setTag(key: string, value: string): void {
    this.ensureActive(`set tag "${key}"`);
    this.checkName("tag", key);
    if (typeof value !== "string") throw new DimexpError(invalidValue(`tag "${key}"`, `expected a string, got ${typeof value}`));
    this.pendingTags.push({ key, value });
    this.scheduleFlush();
  }

  setTags(tags: Readonly<Record<string, string>>): void {
    for (const [k, v] of Object.entries(tags)) this.setTag(k, v);
  }

  private scheduleFlush(): void {
    if (this.timer !== undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flushInBackground();
    }, this.flushIntervalMs);
    this.timer.unref?.();
  }

  /** Moves everything buffered into a queued batch. */
  private seal(): void {
    if (this.bufferedPoints === 0 && this.pendingParams.length === 0 && this.pendingTags.length === 0 && this.pendingArrays.length === 0) return;
    const metrics = [...this.buffers.values()].filter((b) => b.length > 0).map((b) => b.drain());
    this.queue.push({
      id: `${this.id}-${process.pid}-${Date.now().toString(36)}-${(batchCounter++).toString(36)}`,
      params: this.pendingParams,
      tags: dedupeTags(this.pendingTags),
      metrics,
      arrays: this.pendingArrays,
    });
    this.pendingParams = [];
    this.pendingTags = [];
    this.pendingArrays = [];
    this.bufferedPoints = 0;
  }

  /** Sends queued batches in order; a failed batch stays at the head of the queue. */
  private send(): Promise<void> {
    this.chain = this.chain.then(async () => {
      while (this.queue.length > 0) {
        const batch = this.queue[0] as LogBatch;
        const result = await this.backend.logBatch(this.id, batch)();
        if (result._tag === "Left") {
          this.failure = result.left;
          // A rejected param change can never succeed: drop that batch's params
          // (already reported) but keep its points and tags.
          if (result.left._tag === "ParamChanged") {
            this.queue[0] = { ...batch, params: [] };
            return;
          }
          // A batch the backend refuses for good (not retryable) would block every
          // later write: set it aside, reported and kept, and carry on.
          if (result.left._tag !== "BackendFailure" || !result.left.retryable) {
            this.rejected.push({ batch, error: result.left });
            this.queue.shift();
            continue;
          }
          return;
        }
        this.queue.shift();
      }
      if (this.rejected.length === 0) this.failure = undefined;
    });
    return this.chain;
  }

  private flushInBackground(): void {
    this.seal();
    void this.send();
  }

  /**
   * Batches the backend refused for good (a non-retryable error), with the
   * error. They are kept, not dropped: fix the cause and call retryRejected().
   */
  get rejectedBatches(): ReadonlyArray<{ readonly batch: LogBatch; readonly error: CoreError }> {
    return this.rejected;
  }

  /** Queues the rejected batches again and flushes. */
  async retryRejected(): Promise<void> {
    this.queue.unshift(...this.rejected.splice(0).map((r) => r.batch));
    await this.flush();
  }

  /** Writes everything logged so far; resolves once the backend has it. */
  async flush(): Promise<void> {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    this.seal();
    await this.send();
    if (this.failure) throw new DimexpError(this.failure);
  }

  /** Flushes and marks the run ended (FINISHED by default). */
  async end(status: Exclude<RunStatus, "RUNNING" | "SCHEDULED"> = "FINISHED"): Promise<void> {
    if (this.statusValue !== "RUNNING") return;
    try {
      await this.flush();
    } finally {
      this.statusValue = status;
      untrackRun(this);
      const updated = await this.backend.updateRun(this.id, { status, endTime: Date.now() })();
      if (updated._tag === "Left" && !this.failure) this.failure = updated.left;
    }
    if (this.failure) throw new DimexpError(this.failure);
  }

  /** Ends a failed run, recording the error as the tag `dimexp.error`. */
  async fail(error: unknown): Promise<void> {
    if (this.statusValue !== "RUNNING") return;
    const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    this.pendingTags.push({ key: "dimexp.error", value: text.slice(0, 5000) });
    await this.end("FAILED");
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.end("FINISHED");
  }

  /** For exit hooks: never throws. */
  async flushQuietly(): Promise<void> {
    try {
      await this.flush();
    } catch {
      /* reported by the next explicit flush or end */
    }
  }

  async endQuietly(status: "KILLED"): Promise<void> {
    try {
      await this.end(status);
    } catch {
      /* nothing more can be done while the process is stopping */
    }
  }
}

/** Last value wins for a tag key within one batch (MLflow rejects duplicate keys in a batch). */
const dedupeTags = (tags: readonly KeyValue[]): KeyValue[] => {
  const last = new Map<string, string>();
  for (const t of tags) last.set(t.key, t.value);
  return [...last].map(([key, value]) => ({ key, value }));
};
