import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { LogBatch, MetricSeries } from "@dimexp/core";
import { afterAll } from "vitest";
import { type LocalBackend, createLocalBackend } from "../src/index.js";

export { failure, must } from "@dimexp/tooling-vitest/task";

/** A fresh temporary folder per test file, removed afterwards. */
export const tempDir = (label: string): string => {
  const dir = mkdtempSync(path.join(tmpdir(), `dimexp-local-${label}-`));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
};

let counter = 0;
export const freshPath = (dir: string, name = "store"): string => path.join(dir, `${name}-${++counter}.db`);

export const openAt = (file: string, busyTimeoutMs?: number): LocalBackend => {
  const opened = createLocalBackend(busyTimeoutMs === undefined ? { path: file } : { path: file, busyTimeoutMs });
  if (opened._tag === "Left") throw new Error(opened.left.message);
  return opened.right;
};

export const series = (key: string, values: readonly number[], steps?: readonly number[], t0 = 1_700_000_000_000): MetricSeries => ({
  key,
  values: Float64Array.from(values),
  steps: Float64Array.from(steps ?? values.map((_, i) => i)),
  timestamps: Float64Array.from(values.map((_, i) => t0 + i)),
});

let batchCounter = 0;
export const batch = (parts: Partial<LogBatch>): LogBatch => ({
  id: `batch-${process.pid}-${++batchCounter}`,
  params: [],
  tags: [],
  metrics: [],
  arrays: [],
  ...parts,
});
