// What the file formats carry, independent of JSON or HDF5: an experiment
// header and its runs. Exporters write these from a backend; importers decode
// them from a file, then `prepare.ts` validates them into backend writes.

import type { ParamType, RunStatus } from "@dimexp/core";
import type { FileLocation } from "../errors.js";

export const FORMAT_NAME = "dimexp-experiment";
export const FORMAT_MAJOR = 1;
export const FORMAT_MINOR = 0;
export const FORMAT_VERSION = `${FORMAT_MAJOR}.${FORMAT_MINOR}`;

/** A run's id at its origin, kept through imports so a re-export names the run the same way. */
export const ORIGIN_RUN_ID_TAG = "dimexp.io.origin_run_id";
/** An experiment's creation time at its origin (backends set their own on creation). */
export const ORIGIN_CREATED_AT_TAG = "dimexp.io.origin_created_at";
/**
 * On a run imported with onConflict "copy" beside a run of the same origin: the
 * origin id it is a copy of (it gets no ORIGIN_RUN_ID_TAG, so it is a run of its own).
 */
export const COPY_OF_TAG = "dimexp.io.copy_of";
/** Set on runs left behind by an import that failed on a backend that cannot delete runs. */
export const INCOMPLETE_IMPORT_TAG = "dimexp.import.incomplete";

export interface ExperimentHeader {
  readonly name: string;
  /** ms since the Unix epoch; undefined when the file does not say (foreign formats) */
  readonly createdAt: number | undefined;
  /** sorted by key */
  readonly tags: ReadonlyArray<readonly [string, string]>;
  readonly at?: FileLocation | undefined;
}

export interface ParamEntry {
  readonly key: string;
  /** the stored text ("0.001", "true", "fd") */
  readonly value: string;
  readonly type?: ParamType | undefined;
  /** a unit the registry knows (canonical ASCII) */
  readonly unit?: string | undefined;
  /** a unit label that did not parse where the file was written (kept as text) */
  readonly unitLabel?: string | undefined;
  readonly at?: FileLocation | undefined;
  readonly unitAt?: FileLocation | undefined;
}

export interface MetricEntry {
  readonly key: string;
  readonly unit?: string | undefined;
  readonly unitLabel?: string | undefined;
  readonly steps: Float64Array;
  readonly values: Float64Array;
  readonly timestamps: Float64Array;
  readonly at?: FileLocation | undefined;
  readonly unitAt?: FileLocation | undefined;
}

export interface ArrayEntry {
  readonly key: string;
  readonly step: number;
  readonly timestamp: number;
  readonly shape: readonly number[];
  readonly unit: string;
  readonly data: Float64Array;
  readonly at?: FileLocation | undefined;
  readonly unitAt?: FileLocation | undefined;
}

export interface RunEntry {
  readonly id: string;
  readonly name: string;
  readonly status: RunStatus;
  readonly startTime: number;
  readonly endTime: number | undefined;
  /** every tag, codec tags included, sorted by key */
  readonly tags: ReadonlyArray<readonly [string, string]>;
  readonly params: readonly ParamEntry[];
  readonly metrics: readonly MetricEntry[];
  readonly arrays: readonly ArrayEntry[];
  readonly at?: FileLocation | undefined;
  /** where each tag's value is, by key */
  readonly tagsAt?: ReadonlyMap<string, FileLocation> | undefined;
  /** where the run's name is */
  readonly nameAt?: FileLocation | undefined;
}

/** Keys in a stable order that does not depend on the locale (UTF-16 code units). */
export const byKey = <T>(key: (item: T) => string) => (a: T, b: T): number => {
  const x = key(a);
  const y = key(b);
  return x < y ? -1 : x > y ? 1 : 0;
};

export const sortedEntries = (record: Readonly<Record<string, string>>, omit?: string): Array<[string, string]> =>
  Object.entries(record)
    .filter(([k]) => k !== omit)
    .sort(byKey(([k]) => k));
