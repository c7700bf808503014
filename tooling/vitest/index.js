// Shared vitest preset. Tests live in test/*.test.ts of each package.
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

/** @param {{ testTimeout?: number, buildBeforeTests?: boolean }} [options] */
export function packageTestConfig(options = {}) {
  return defineConfig({
    test: {
      include: ["test/**/*.test.ts"],
      testTimeout: options.testTimeout ?? 30_000,
      hookTimeout: options.testTimeout ?? 30_000,
      pool: "forks",
      // Packages whose tests run their built dist/ rebuild it first when stale.
      globalSetup: options.buildBeforeTests ? [fileURLToPath(new URL("./build-if-stale.js", import.meta.url))] : [],
    },
  });
}
