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
      // expect.poll waits for a page or a child process to catch up: on a
      // loaded 2-core machine one second (vitest's default) is not enough.
      expect: { poll: { timeout: 15_000 } },
      // Packages whose tests run their built dist/ rebuild it first when stale.
      globalSetup: options.buildBeforeTests ? [fileURLToPath(new URL("./build-if-stale.js", import.meta.url))] : [],
    },
  });
}
