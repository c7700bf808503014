import type { ViteUserConfig } from "vitest/config";

/** Shared vitest preset: tests in test/**\/*.test.ts, forked workers, generous timeouts. */
export declare function packageTestConfig(options?: { testTimeout?: number }): ViteUserConfig;
