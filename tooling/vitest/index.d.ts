import type { ViteUserConfig } from "vitest/config";

/** Shared vitest preset: tests in test/**\/*.test.ts, forked workers, generous timeouts. */
export declare function packageTestConfig(options?: {
  testTimeout?: number;
  /** rebuild dist/ before the tests when it is older than the sources (for tests that run the built package) */
  buildBeforeTests?: boolean;
}): ViteUserConfig;
