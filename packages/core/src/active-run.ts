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
import { type CoreError, DimexpError, incompatibleUnit, invalidValue, notFound, paramChanged, quoteInput, runNotActive } from "./errors.js";
import { type ClosableRun, trackOpenRun, untrackRun } from "./internal/exit-hooks.js";
import { MetricBuffer } from "./internal/metric-buffer.js";
import { withoutRefusedParam } from "./internal/refused-param.js";
import type { ArrayRecord, KeyValue, LogBatch, RunInfo, RunStatus } from "./model.js";
import { validateName } from "./names.js";
import { paramText, unitLabelOf } from "./param-text.js";
import { type GetArrayOptions, readRunArray } from "./run-arrays.js";
import { validateTimestamp } from "./timestamps.js";
import { ARRAY_STATS, type ParamInput, type ParamType, decodeParam, encodeArray, encodeMetricUnit, encodeParam, parseNumberText } from "./unit-codec.js";

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

/**
 * logArray on a backend that will not keep the full array (only its summary
 * metrics `<key>_mean`, `_std`, `_min`, `_max`): told once per run and key.
 */
export interface ArrayNotKeptWarning {
  readonly _tag: "ArrayNotKept";
  readonly kind: "array";
  readonly key: string;
  readonly runId: string;
  /** the backend's kind ("mlflow", "wandb", …) */
  readonly backend: string;
  readonly reason: string;
  readonly message: string;
}

export type DimexpWarning = UnitConvertedWarning | ArrayNotKeptWarning;

/** process.emitWarning codes of the default warning channel. */
const WARNING_CODES: Readonly<Record<DimexpWarning["_tag"], string>> = {
  UnitConverted: "DIMEXP_UNIT_CONVERTED",
  ArrayNotKept: "DIMEXP_ARRAY_NOT_KEPT",
};

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

/** Structural, so a DimArray from another copy of @dimexp/units (ESM next to CJS) is still one. */
const isDimArray = (v: unknown): v is DimArray =>
  typeof v === "object" && v !== null && (v as DimArray).data instanceof Float64Array && Array.isArray((v as DimArray).shape);

/**
 * The one value of a 0-d or one-element DimArray, as a Quantity: the plan's
 * `logParam("learning_rate", DimArray(0.001, 1/s))`. A larger array is not a
 * param or a metric point: logArray keeps it whole.
 */
const scalarOf = (kind: "param" | "metric", key: string, array: DimArray): Quantity => {
  if (array.size === 1) return new Quantity(array.data[0] as number, array.unit);
  throw new DimexpError(
    invalidValue(
      `${kind} "${key}"`,
      `a DimArray of shape [${array.shape.join(", ")}] holds ${array.size} values, and a ${kind} takes one (a 0-d or one-element DimArray, a Quantity or a number). Log the whole array with run.logArray(${quoteInput(key)}, array), or one element of it, as in array.at(0)`,
    ),
  );
};

/** A param as this handle knows it: its stored string, kind and unit. */
interface LoggedParam {
  readonly value: string;
  readonly type: ParamType;
  readonly unit: Unit | undefined;
  /** undefined for no unit (and for the plain dimensionless "1") */
  readonly unitLabel: string | undefined;
}

const sameParam = (a: LoggedParam, b: LoggedParam): boolean =>
  a.value === b.value && a.unitLabel === b.unitLabel && (a.type === "string") === (b.type === "string");

/** Both values with their units, and a hint when they are the same quantity in two units. */
const paramChangedError = (key: string, previous: LoggedParam, attempted: LoggedParam): CoreError => {
  const shown = { previous: paramText(previous.value, previous.type, previous.unitLabel), attempted: paramText(attempted.value, attempted.type, attempted.unitLabel) };
  let hint: string | undefined;
  if (previous.unit && attempted.unit && previous.unitLabel !== attempted.unitLabel) {
    const c = converter(attempted.unit, previous.unit);
    const before = parseNumberText(previous.value);
    const after = parseNumberText(attempted.value);
    if (c._tag === "Right" && before !== undefined && after !== undefined) {
      const converted = applyConverter(c.right, after);
      if (Math.abs(converted - before) <= 1e-12 * Math.max(Math.abs(converted), Math.abs(before))) {
        hint = `${shown.attempted} is the same quantity, but a param keeps the unit it was first logged in: log it in ${previous.unitLabel}.`;
      }
    }
  }
  return paramChanged(key, previous.value, attempted.value, hint ? { ...shown, hint } : shown);
};

const yieldToEventLoop = (): Promise<void> =>
  new Promise((resolve) => (typeof setImmediate === "function" ? setImmediate(resolve) : setTimeout(resolve, 0)));

export interface ActiveRunOptions extends FlushPolicy {
  readonly onWarning?: (warning: DimexpWarning) => void;
  /** params and metric units already stored for this run (when resuming) */
  readonly existing?: {
    readonly params: Readonly<Record<string, string>>;
    /** the run's stored tags: the units of `params` (without them a resumed param is compared by its number alone) */
    readonly tags?: Readonly<Record<string, string>>;
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
  private readonly params = new Map<string, LoggedParam>();
  private pendingParams: KeyValue[] = [];
  private pendingTags: KeyValue[] = [];
  private pendingArrays: ArrayRecord[] = [];
  /** array keys logged by this handle; true: the backend keeps their full arrays */
  private readonly arrayKeys = new Map<string, boolean>();
  private readonly queue: LogBatch[] = [];
  private chain: Promise<void> = Promise.resolve();
  private failure: CoreError | undefined;
  private readonly rejected: Array<{ readonly batch: LogBatch; readonly error: CoreError }> = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly maxBufferedPoints: number;
  private readonly flushIntervalMs: number;
  private readonly onWarning: (warning: DimexpWarning) => void;
  /** set once end() has begun: the final flush and the status update */
  private ending: Promise<void> | undefined;
  /** set when the exit hook ends this run (SIGINT/SIGTERM): the process is stopping */
  private stopping: Promise<void> | undefined;

  constructor(
    private readonly backend: ExperimentBackend,
    readonly info: RunInfo,
    options: ActiveRunOptions = {},
  ) {
    this.maxBufferedPoints = options.maxBufferedPoints ?? 50_000;
    this.flushIntervalMs = options.flushIntervalMs ?? 1000;
    this.onWarning = options.onWarning ?? ((w) => process.emitWarning(w.message, { code: WARNING_CODES[w._tag] }));
    if (options.existing) {
      const tags = options.existing.tags ?? {};
      for (const [k, v] of Object.entries(options.existing.params)) {
        const decoded = decodeParam(k, v, tags);
        this.params.set(k, { value: v, type: decoded.type, unit: decoded.unit, unitLabel: decoded.unit ? unitLabelOf(decoded.unit) : decoded.unitLabel });
      }
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

  /**
   * Logs a param: a Quantity, number, string, boolean, or a 0-d or one-element
   * DimArray. A param cannot change once logged (not even its unit).
   */
  logParam(key: string, value: ParamInput | DimArray): void {
    this.ensureActive(`log param ${quoteInput(key)}`);
    this.checkName("param", key);
    const input = isDimArray(value) ? scalarOf("param", key, value) : value;
    if (!(isQuantity(input) || ["number", "string", "boolean"].includes(typeof input))) {
      throw new DimexpError(invalidValue(`param "${key}"`, `expected a Quantity, number, string, boolean or one-element DimArray, got ${typeof input}`));
    }
    const encoded = encodeParam(key, input);
    const logged: LoggedParam = { value: encoded.value, type: encoded.type, unit: encoded.unit, unitLabel: unitLabelOf(encoded.unit) };
    const previous = this.params.get(key);
    if (previous !== undefined) {
      if (!sameParam(previous, logged)) throw new DimexpError(paramChangedError(key, previous, logged));
      return;
    }
    this.params.set(key, logged);
    this.pendingParams.push({ key, value: encoded.value });
    this.pendingTags.push(...encoded.tags);
    this.scheduleFlush();
  }

  logParams(params: Readonly<Record<string, ParamInput | DimArray>>): void {
    for (const [k, v] of Object.entries(params)) this.logParam(k, v);
  }

  /**
   * Logs one metric point: a Quantity, number, or a 0-d or one-element
   * DimArray. A metric keeps the unit it was first logged in: later values in
   * another unit of the same dimension are converted (with a warning, once per
   * unit); another dimension is an IncompatibleUnit error. Everything is
   * checked before anything is recorded: a refused point changes nothing.
   */
  logMetric(key: string, value: Quantity | number | DimArray, options?: LogMetricOptions): void {
    if (this.statusValue !== "RUNNING") this.ensureActive(`log metric ${quoteInput(key)}`);
    let state = this.metricKeys.get(key);
    if (state === undefined) this.checkName("metric", key);
    let number: number;
    let unit: Unit | undefined;
    if (typeof value === "number") {
      number = value;
      unit = undefined;
    } else if (isQuantity(value)) {
      number = value.value;
      unit = value.unit;
    } else if (isDimArray(value)) {
      const scalar = scalarOf("metric", key, value);
      number = scalar.value;
      unit = scalar.unit;
    } else {
      throw new DimexpError(invalidValue(`metric "${key}"`, `expected a Quantity, number or one-element DimArray, got ${typeof value}`));
    }
    const step = options?.step;
    if (step !== undefined && !Number.isFinite(step)) throw new DimexpError(invalidValue(`step of metric "${key}"`, `${step} is not a finite number`));
    let timestamp = options?.timestamp;
    if (timestamp === undefined) timestamp = Date.now();
    else {
      const valid = validateTimestamp(`timestamp of metric "${key}"`, timestamp);
      if (valid._tag === "Left") throw new DimexpError(valid.left);
    }
    if (state === undefined) {
      state = { unit, lastUnit: unit, lastConverter: undefined, warned: new Set(), nextStep: 0 };
      this.metricKeys.set(key, state);
      this.pendingTags.push(...encodeMetricUnit(key, unit));
    } else if (unit !== state.lastUnit) {
      this.adoptUnit(key, state, unit);
    }
    if (state.lastConverter) number = applyConverter(state.lastConverter, number);
    const at = step ?? state.nextStep;
    state.nextStep = at + 1;
    let buffer = this.buffers.get(key);
    if (buffer === undefined) {
      buffer = new MetricBuffer(key);
      this.buffers.set(key, buffer);
    }
    buffer.push(at, number, timestamp);
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
      // and back: a bare number after the plain dimensionless unit "1" (DimArray.of(0.5) has it)
      if (unit === undefined && established !== undefined && established.isDimensionless && established.terms.length === 0 && established.multiplier.value === 1) {
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

  logMetrics(metrics: Readonly<Record<string, Quantity | number | DimArray>>, options?: LogMetricOptions): void {
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
    if (this.keepsArray(key)) {
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

  /** Whether the backend keeps `key`'s full arrays; the first time a key is not kept, says so on the warning channel. */
  private keepsArray(key: string): boolean {
    const known = this.arrayKeys.get(key);
    if (known !== undefined) return known;
    const storage = this.backend.capabilities.arrays
      ? (this.backend.arrayStorage?.(this.id) ?? { kept: true as const })
      : { kept: false as const, reason: `the ${this.backend.kind} backend keeps no full arrays (its capabilities.arrays is false)` };
    this.arrayKeys.set(key, storage.kept);
    if (!storage.kept) {
      this.onWarning({
        _tag: "ArrayNotKept",
        kind: "array",
        key,
        runId: this.id,
        backend: this.backend.kind,
        reason: storage.reason,
        message: `array "${key}" of run ${this.name} (${this.id}): only its summary metrics ${ARRAY_STATS.map((s) => `${key}_${s}`).join(", ")} are kept, not the full array: ${storage.reason}.`,
      });
    }
    return storage.kept;
  }

  /**
   * Reads back an array logged to this run (after writing everything logged
   * so far): the latest step unless `options.step` is given, in its unit or
   * `options.unit`. Rejects with DimexpError (NotFound lists the run's arrays).
   */
  async getArray(key: string, options: GetArrayOptions = {}): Promise<DimArray> {
    if (this.statusValue === "RUNNING") await this.flush();
    const record = await this.backend.getRun(this.id)();
    if (record._tag === "Left") throw new DimexpError(record.left);
    if (record.right === undefined) throw new DimexpError(notFound("run", this.id, `The ${this.backend.kind} backend (${this.backend.location}) no longer has it.`));
    const array = await readRunArray(this.backend, record.right, key, options)();
    if (array._tag === "Left") throw new DimexpError(array.left);
    return array.right;
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
          // A rejected param change can never succeed: drop that param and its
          // unit tags (reported by this flush) and keep the rest of the batch.
          // This handle no longer knows the stored value: the backend decides next time.
          if (result.left._tag === "ParamChanged") {
            this.queue[0] = withoutRefusedParam(batch, result.left.key);
            this.params.delete(result.left.key);
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

  /** Seals what is buffered and sends every queued batch. */
  private async drain(): Promise<void> {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    this.seal();
    await this.send();
  }

  /** Writes everything logged so far; resolves once the backend has it. */
  async flush(): Promise<void> {
    if (this.stopping) return this.afterStop();
    await this.drain();
    // A synchronous store (the embedded SQLite one) settles every write in
    // microtasks, so a loop of `await run.flush()` would never let the event
    // loop turn: SIGINT/SIGTERM handlers (the exit hook's included) would never
    // run. One macrotask turn per flush lets a signal in.
    await yieldToEventLoop();
    if (this.stopping) return this.afterStop();
    if (this.failure) throw new DimexpError(this.failure);
  }

  /**
   * Flushes and marks the run ended (FINISHED by default). Logging stops as
   * end() begins: a point logged while the final batch is written would
   * otherwise be accepted and never written.
   */
  async end(status: Exclude<RunStatus, "RUNNING" | "SCHEDULED"> = "FINISHED"): Promise<void> {
    if (this.stopping) return this.afterStop();
    if (this.ending) {
      await this.ending;
      return;
    }
    if (this.statusValue !== "RUNNING") return;
    await this.finish(status);
    if (this.failure) throw new DimexpError(this.failure);
  }

  private finish(status: Exclude<RunStatus, "RUNNING" | "SCHEDULED">): Promise<void> {
    this.statusValue = status;
    this.ending = (async () => {
      try {
        await this.drain();
      } finally {
        untrackRun(this);
        const updated = await this.backend.updateRun(this.id, { status, endTime: Date.now() })();
        if (updated._tag === "Left" && !this.failure) this.failure = updated.left;
      }
    })();
    return this.ending;
  }

  /**
   * A flush() or end() called while the exit hook ends this run: it waits for
   * the run to be ended. The hook then re-raises the signal, so normally the
   * process is gone before the caller resumes (the extra turn makes sure the
   * caller's code cannot run first and exit with another code); if someone
   * else handles the signal and the process lives on, the call just returns.
   */
  private async afterStop(): Promise<void> {
    await this.stopping;
    await yieldToEventLoop();
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

  /**
   * For the exit hook at a natural exit ("beforeExit"): writes what is
   * buffered; never throws. It schedules no timer or macrotask of its own, so
   * once everything is written the process can exit.
   */
  async flushQuietly(): Promise<void> {
    try {
      await this.drain();
    } catch {
      /* reported by the next explicit flush or end */
    }
  }

  /**
   * For the exit hook on SIGINT/SIGTERM: a final flush, then the run ends
   * KILLED (or as the end() already under way says); never throws. From here
   * on the user's flush() and end() wait for it instead of writing.
   */
  endQuietly(status: "KILLED"): Promise<void> {
    this.stopping ??= (this.ending ?? (this.statusValue === "RUNNING" ? this.finish(status) : Promise.resolve())).then(
      () => undefined,
      () => undefined, // nothing more can be done while the process is stopping
    );
    return this.stopping;
  }
}

/** Last value wins for a tag key within one batch (MLflow rejects duplicate keys in a batch). */
const dedupeTags = (tags: readonly KeyValue[]): KeyValue[] => {
  const last = new Map<string, string>();
  for (const t of tags) last.set(t.key, t.value);
  return [...last].map(([key, value]) => ({ key, value }));
};
