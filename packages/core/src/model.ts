// The records every backend stores and returns. Values are plain: params and
// tags are strings, metrics are numbers; units travel as tags written by the
// unit codec (see unit-codec.ts), so any tracker that stores strings and
// numbers can hold dimexp runs — and Python dimtensor can read them.

export type RunStatus = "RUNNING" | "SCHEDULED" | "FINISHED" | "FAILED" | "KILLED";

export const RUN_STATUSES: readonly RunStatus[] = ["RUNNING", "SCHEDULED", "FINISHED", "FAILED", "KILLED"];

export interface ExperimentInfo {
  readonly id: string;
  readonly name: string;
  /** milliseconds since the Unix epoch */
  readonly createdAt: number;
  readonly tags: Readonly<Record<string, string>>;
}

export interface RunInfo {
  readonly id: string;
  readonly experimentId: string;
  readonly name: string;
  readonly status: RunStatus;
  /** milliseconds since the Unix epoch */
  readonly startTime: number;
  readonly endTime: number | undefined;
}

/** The latest point of a metric. */
export interface LatestMetric {
  readonly value: number;
  readonly step: number;
  readonly timestamp: number;
}

/** A run as a backend stores it. */
export interface RunRecord {
  readonly info: RunInfo;
  readonly params: Readonly<Record<string, string>>;
  readonly tags: Readonly<Record<string, string>>;
  readonly metrics: Readonly<Record<string, LatestMetric>>;
}

/** Points of one metric, columnar: steps[i], values[i], timestamps[i] (ms). */
export interface MetricSeries {
  readonly key: string;
  readonly steps: Float64Array;
  readonly values: Float64Array;
  readonly timestamps: Float64Array;
}

export interface KeyValue {
  readonly key: string;
  readonly value: string;
}

/** A full array logged with logArray (kept by backends with `capabilities.arrays`). */
export interface ArrayRecord {
  readonly key: string;
  readonly step: number;
  readonly timestamp: number;
  readonly shape: readonly number[];
  /** canonical ASCII unit, "1" for dimensionless */
  readonly unit: string;
  readonly data: Float64Array;
}

/**
 * One write. `id` is unique per batch: a backend that may see the same batch
 * twice (a retry after a lost response) uses it to apply the batch once.
 */
export interface LogBatch {
  readonly id: string;
  readonly params: readonly KeyValue[];
  readonly tags: readonly KeyValue[];
  readonly metrics: readonly MetricSeries[];
  readonly arrays: readonly ArrayRecord[];
}

export const emptyBatch = (id: string): LogBatch => ({ id, params: [], tags: [], metrics: [], arrays: [] });

export const batchPointCount = (batch: LogBatch): number =>
  batch.metrics.reduce((n, m) => n + m.values.length, 0);
