import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { LogBatch, MetricSeries } from "@dimexp/core";
import { afterAll } from "vitest";
import { type WandbBackend, type WandbBackendOptions, createWandbBackend } from "../../src/index.js";
import type { WandbFake } from "../../src/testing/index.js";

export { failure, must } from "@dimexp/tooling-vitest/task";

/** A fresh temporary folder, removed after the test file. */
export const tempDir = (label: string): string => {
  const dir = mkdtempSync(path.join(tmpdir(), `dimexp-wandb-${label}-`));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
};

/** An online backend talking to the fake (fast retries, so fault tests stay short). */
export const onlineBackend = (fake: WandbFake, options: Partial<WandbBackendOptions> = {}): WandbBackend => {
  const opened = createWandbBackend({
    entity: fake.entity,
    project: "dimexp-tests",
    apiKey: fake.apiKey,
    baseUrl: fake.url,
    retry: { initialDelayMs: 50, maxDelayMs: 1000, maxElapsedMs: 30_000 },
    ...options,
  });
  if (opened._tag === "Left") throw new Error(opened.left.message);
  return opened.right;
};

export const offlineBackend = (dir: string, options: Partial<WandbBackendOptions> = {}): WandbBackend => {
  const opened = createWandbBackend({ entity: "dimexp", project: "dimexp-tests", mode: "offline", dir, ...options });
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
