// Reading back the arrays a run logged with logArray: which there are (from
// the codec's tags, no backend call), at which steps (from the backend), and
// one of them as a DimArray in its unit — or converted into another.

import { type ContextOption, DimArray, type Unit, parseUnit, toUnit } from "@dimexp/units";
import type { ExperimentBackend } from "./backend.js";
import { parseDimtensorSymbol } from "./dimtensor-symbol.js";
import { type CoreError, invalidValue } from "./errors.js";
import { readJsonObject } from "./internal/json-object.js";
import { own } from "./internal/own.js";
import { type Either, type TaskEither, left, right } from "./internal/task.js";
import type { ArrayRecord, RunRecord } from "./model.js";
import { ARRAY_STATS, TAG, decodeMetricUnit, numberText } from "./unit-codec.js";

/** An array a run logged, as its tags describe it (known without reading the arrays). */
export interface RunArray {
  readonly key: string;
  /** the unit it was logged in; undefined when dimensionless or not readable here (see unitLabel) */
  readonly unit: Unit | undefined;
  /** the stored unit text (kept when it cannot be parsed here) */
  readonly unitLabel: string | undefined;
  /** the shape it was first logged with */
  readonly shape: readonly number[];
  /** the step of its latest summary point (`<key>_mean`), when the run has one */
  readonly lastStep: number | undefined;
}

/** An array with the steps at which the backend keeps it in full. */
export interface LoggedArray extends RunArray {
  /** steps with a full array stored, ascending (empty when only the summary metrics were kept) */
  readonly steps: readonly number[];
  /** the shape of the latest stored array (else the first logged shape) */
  readonly shape: readonly number[];
  /** whether full arrays are stored; false: only `<key>_mean`, `_std`, `_min`, `_max` */
  readonly kept: boolean;
}

export interface GetArrayOptions {
  /** the step to read (default: the latest — the highest step; of equal steps, the last logged) */
  readonly step?: number;
  /** convert into this unit (default: the unit it was logged in) */
  readonly unit?: Unit | string;
  /** named context(s) for a conversion across dimensions, e.g. "mass-energy" (GeV → kg) */
  readonly context?: ContextOption;
}

const shapeOf = (value: unknown): number[] | undefined =>
  Array.isArray(value) && value.every((d) => typeof d === "number" && Number.isInteger(d) && d >= 0) ? (value as number[]) : undefined;

/** dimtensor's shape tag: a Python tuple, "(3,)", "(2, 3)", "()". */
const pythonShape = (text: string | undefined): number[] | undefined => {
  const m = /^\(\s*([\d\s,]*)\)$/.exec(text?.trim() ?? "");
  if (!m) return undefined;
  return (m[1] as string)
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "")
    .map(Number);
};

const readUnit = (text: string | undefined): { unit: Unit | undefined; unitLabel: string | undefined } => {
  if (text === undefined) return { unit: undefined, unitLabel: undefined };
  const parsed = parseUnit(text);
  const unit = parsed._tag === "Right" ? parsed.right : (() => {
    const dimtensor = parseDimtensorSymbol(text);
    return dimtensor._tag === "Right" ? dimtensor.right : undefined;
  })();
  return { unit: unit && !(unit.isDimensionless && unit.terms.length === 0) ? unit : undefined, unitLabel: text };
};

/** The arrays a run logged, from its tags (dimexp's `dimexp.array.<key>`, dimtensor's `shape.<key>`), by key. */
export const runArrays = (record: RunRecord): RunArray[] => {
  const found = new Map<string, RunArray>();
  const lastStep = (key: string): number | undefined => own(record.metrics, `${key}_${ARRAY_STATS[0]}`)?.step;
  for (const [tag, value] of Object.entries(record.tags)) {
    if (tag.startsWith("dimexp.array.")) {
      const key = tag.slice("dimexp.array.".length);
      const meta = readJsonObject(value);
      const { unit, unitLabel } = readUnit(typeof meta?.unit === "string" ? meta.unit : undefined);
      found.set(key, { key, unit, unitLabel, shape: shapeOf(meta?.shape) ?? [], lastStep: lastStep(key) });
    }
  }
  for (const [tag, value] of Object.entries(record.tags)) {
    if (!tag.startsWith("shape.")) continue;
    const key = tag.slice("shape.".length);
    if (found.has(key)) continue;
    // logged by Python dimtensor: the unit is its symbol in unit.<key>, as for the summary metrics
    const { unit, unitLabel } = decodeMetricUnit(`${key}_${ARRAY_STATS[0]}`, record.tags);
    found.set(key, { key, unit, unitLabel: unitLabel ?? record.tags[TAG.dimtensorUnit(key)], shape: pythonShape(value) ?? [], lastStep: lastStep(key) });
  }
  return [...found.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
};

const runLabel = (record: RunRecord): string => `Run "${record.info.name}" (${record.info.id})`;

const listKeys = (keys: readonly string[]): string => (keys.length === 0 ? "it logged no arrays (run.logArray)" : `its arrays: ${keys.join(", ")}`);

/** A NotFound for an array, with its own message (notFound's "No array …" would repeat it). */
const arrayNotFound = (id: string, message: string, available: readonly string[]): CoreError => ({ _tag: "NotFound", what: "array", id, available, message });

/** The error for a key the run has no array under, naming the keys it has. */
export const unknownArray = (record: RunRecord, key: string): CoreError => {
  const keys = runArrays(record).map((a) => a.key);
  const metricHint = own(record.metrics, key) !== undefined ? ` ("${key}" is a metric: read it with metricHistory.)` : "";
  return arrayNotFound(key, `${runLabel(record)} has no array ${JSON.stringify(key.slice(0, 200))}; ${listKeys(keys)}.${metricHint}`, keys);
};

const notKept = (backend: ExperimentBackend, record: RunRecord, key: string): CoreError => {
  const storage = backend.arrayStorage?.(record.info.id);
  const stats = ARRAY_STATS.map((s) => `${key}_${s}`).join(", ");
  const why = !backend.capabilities.arrays
    ? `the ${backend.kind} backend keeps no full arrays`
    : storage && !storage.kept
      ? storage.reason
      : "no full array was stored for it (it was logged where arrays are not kept, e.g. by Python dimtensor or a backend without array storage)";
  return arrayNotFound(
    key,
    `${runLabel(record)} logged the array ${JSON.stringify(key)}, but only its summary metrics (${stats}) are kept: ${why}.`,
    runArrays(record).map((a) => a.key),
  );
};

const sortedSteps = (records: readonly ArrayRecord[]): number[] => [...new Set(records.map((r) => r.step))].sort((a, b) => a - b);

/** The record at `step`, or the latest (highest step; of equal steps, the last logged). */
const pick = (records: readonly ArrayRecord[], step: number | undefined): ArrayRecord | undefined => {
  let best: ArrayRecord | undefined;
  for (const r of records) {
    if (step !== undefined ? r.step === step : best === undefined || r.step >= best.step) best = r;
  }
  return best;
};

/** An ArrayRecord as a DimArray in its logged unit. */
export const arrayOfRecord = (record: ArrayRecord): Either<CoreError, DimArray> => {
  let unit = parseUnit(record.unit);
  if (unit._tag === "Left") {
    const dimtensor = parseDimtensorSymbol(record.unit);
    if (dimtensor._tag === "Left") return unit;
    unit = dimtensor;
  }
  return DimArray.of(record.data, unit.right, { shape: record.shape });
};

/** Every stored array of the run's arrays, with their steps. */
export const listLoggedArrays =
  (backend: ExperimentBackend, record: RunRecord): TaskEither<CoreError, LoggedArray[]> =>
  async () => {
    const out: LoggedArray[] = [];
    for (const info of runArrays(record)) {
      const stored = await backend.getArrays(record.info.id, info.key)();
      if (stored._tag === "Left") return stored;
      const latest = pick(stored.right, undefined);
      out.push({ ...info, steps: sortedSteps(stored.right), shape: latest ? [...latest.shape] : info.shape, kept: stored.right.length > 0 });
    }
    return right(out);
  };

/** One logged array read back, with where it sits among the run's steps. */
export interface ReadArray {
  readonly key: string;
  /** in `options.unit` when given, else in the unit it was logged in */
  readonly array: DimArray;
  /** the unit it was logged in */
  readonly loggedUnit: Unit;
  readonly step: number;
  /** ms since the epoch */
  readonly timestamp: number;
  /** every step with a stored array, ascending */
  readonly steps: readonly number[];
}

/** One logged array as a DimArray: at `options.step` (default the latest), in its unit or `options.unit`. */
export const readRunArray =
  (backend: ExperimentBackend, record: RunRecord, key: string, options: GetArrayOptions = {}): TaskEither<CoreError, DimArray> =>
  async () => {
    const read = await readLoggedArray(backend, record, key, options)();
    return read._tag === "Left" ? read : right(read.right.array);
  };

/** readRunArray, with the step read, its time, the run's steps and the logged unit. */
export const readLoggedArray =
  (backend: ExperimentBackend, record: RunRecord, key: string, options: GetArrayOptions = {}): TaskEither<CoreError, ReadArray> =>
  async () => {
    if (typeof key !== "string" || key.trim() === "") return left(invalidValue("array key", `expected the name of a logged array, got ${JSON.stringify(key)}; ${listKeys(runArrays(record).map((a) => a.key))}`));
    const { step } = options;
    if (step !== undefined && (typeof step !== "number" || !Number.isFinite(step))) {
      return left(invalidValue(`step of array "${key}"`, `${String(step)} is not a finite number`));
    }
    let target: Unit | undefined;
    if (options.unit !== undefined) {
      const parsed = toUnit(options.unit);
      if (parsed._tag === "Left") return parsed;
      target = parsed.right;
    }
    const stored = await backend.getArrays(record.info.id, key)();
    if (stored._tag === "Left") return stored;
    const records = stored.right.filter((r) => r.key === key);
    if (records.length === 0) {
      return left(runArrays(record).some((a) => a.key === key) ? notKept(backend, record, key) : unknownArray(record, key));
    }
    const chosen = pick(records, step);
    const steps = sortedSteps(records);
    if (chosen === undefined) {
      const shown = steps.length <= 20 ? steps.map(numberText).join(", ") : `${steps.slice(0, 10).map(numberText).join(", ")}, … (${steps.length} in all)`;
      return left(
        arrayNotFound(
          `${key}@${numberText(step as number)}`,
          `${runLabel(record)} has no array ${JSON.stringify(key)} at step ${numberText(step as number)}; its steps: ${shown} (without a step, the latest: ${numberText(steps[steps.length - 1] as number)}).`,
          steps.map(numberText),
        ),
      );
    }
    const logged = arrayOfRecord(chosen);
    if (logged._tag === "Left") return logged;
    const read = { key, loggedUnit: logged.right.unit, step: chosen.step, timestamp: chosen.timestamp, steps };
    if (target === undefined) return right({ ...read, array: logged.right });
    const converted = logged.right.to(target, options.context !== undefined ? { context: options.context } : {});
    return converted._tag === "Left" ? converted : right({ ...read, array: converted.right });
  };
