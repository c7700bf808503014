// Shared vitest preset. Tests live in test/*.test.ts of each package.
import { defineConfig } from "vitest/config";

/** @param {{ testTimeout?: number }} [options] */
export function packageTestConfig(options = {}) {
  return defineConfig({
    test: {
      include: ["test/**/*.test.ts"],
      testTimeout: options.testTimeout ?? 30_000,
      hookTimeout: options.testTimeout ?? 30_000,
      pool: "forks",
    },
  });
}
