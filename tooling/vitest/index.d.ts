import type { ViteUserConfig } from "vitest/config";

/**
 * Shared vitest preset: forked workers, generous timeouts, and three projects —
 * `unit` (test/**\/*.test.ts minus the others; `vitest run --project unit`),
 * `interop` (test/interop/**, test/package-exports.test.ts and `interop`) and
 * `reliability` (test/reliability/**).
 */
export declare function packageTestConfig(options?: {
  testTimeout?: number;
  /** rebuild dist/ before the tests when it is older than the sources (for tests that run the built package) */
  buildBeforeTests?: boolean;
  /** more test files (globs relative to the package) that start a peer: the MLflow server, Python, Chromium, … */
  interop?: string[];
  /** globalSetup files for the interop and reliability projects only (e.g. starting the shared MLflow server) */
  interopSetup?: string[];
}): ViteUserConfig;
