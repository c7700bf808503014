import type { LogBatch, MetricSeries } from "@dimexp/core";
import { describe, inject } from "vitest";
import { type MlflowBackend, type MlflowBackendOptions, createMlflowBackend } from "../src/index.js";

export { failure, must } from "@dimexp/tooling-vitest/task";

/** The shared server's URL ("" when there is none: see describeWithServer). */
export const serverUrl = (): string => inject("mlflowUrl");

/** describe() that skips, saying why, when no MLflow server can run here (never under CI: setup fails there). */
export const describeWithServer = (name: string, body: () => void): void => {
  const missing = inject("mlflowMissing");
  if (missing) describe.skip(`${name} (skipped: ${missing})`, body);
  else describe(name, body);
};

export const open = (options: Partial<MlflowBackendOptions> = {}, url = serverUrl()): MlflowBackend => {
  const opened = createMlflowBackend({ trackingUri: url, ...options });
  if (opened._tag === "Left") throw new Error(opened.left.message);
  return opened.right;
};

export const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

export const series = (key: string, values: readonly number[], steps?: readonly number[], t0 = 1_700_000_000_000): MetricSeries => ({
  key,
  values: Float64Array.from(values),
  steps: Float64Array.from(steps ?? values.map((_, i) => i)),
  timestamps: Float64Array.from(values.map((_, i) => t0 + i)),
});

let batchCounter = 0;
export const batch = (parts: Partial<LogBatch>): LogBatch => ({
  id: `batch-${process.pid}-${Date.now().toString(36)}-${++batchCounter}`,
  params: [],
  tags: [],
  metrics: [],
  arrays: [],
  ...parts,
});
