// Shared vitest preset. Tests live in test/**/*.test.ts of each package and
// fall into three vitest projects, each run by its own package script:
//   unit         `test`             in-process tests: turbo caches them
//   interop      `test:interop`     tests that start something outside the test
//                                   process: the MLflow server, the Python peers
//                                   (wandb, dimtensor, h5py, pint, pyarrow),
//                                   Chromium, the PostgreSQL lab, `pnpm pack`,
//                                   slow child processes. Never cached.
//   reliability  `test:reliability` test/reliability/: never cached.
// A new test file is a unit test unless its package's vitest.config.ts lists
// it (or it lives in test/interop/): list it there when it spawns a peer.
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

/** Every package packs its tarball for publint/attw: always an interop test. */
const ALWAYS_INTEROP = ["test/interop/**/*.test.ts", "test/package-exports.test.ts"];
const RELIABILITY = ["test/reliability/**/*.test.ts"];

/**
 * @param {{ testTimeout?: number, buildBeforeTests?: boolean, interop?: string[], interopSetup?: string[] }} [options]
 */
export function packageTestConfig(options = {}) {
  const interop = [...ALWAYS_INTEROP, ...(options.interop ?? [])];
  // Packages whose tests run their built dist/ rebuild it first when stale.
  const buildSetup = options.buildBeforeTests ? [fileURLToPath(new URL("./build-if-stale.js", import.meta.url))] : [];
  const peerSetup = [...buildSetup, ...(options.interopSetup ?? [])];
  return defineConfig({
    test: {
      testTimeout: options.testTimeout ?? 30_000,
      hookTimeout: options.testTimeout ?? 30_000,
      pool: "forks",
      // expect.poll waits for a page or a child process to catch up: on a
      // loaded 2-core machine one second (vitest's default) is not enough.
      expect: { poll: { timeout: 15_000 } },
      // include/exclude/globalSetup live only in the projects: vitest merges a
      // project into the root config by concatenating arrays.
      projects: [
        { extends: true, test: { name: "unit", include: ["test/**/*.test.ts"], exclude: [...interop, ...RELIABILITY], globalSetup: buildSetup } },
        { extends: true, test: { name: "interop", include: interop, globalSetup: peerSetup } },
        { extends: true, test: { name: "reliability", include: RELIABILITY, globalSetup: peerSetup } },
      ],
    },
  });
}
