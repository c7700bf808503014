import { packageTestConfig } from "@dimexp/tooling-vitest";

// core's openBackend imports the built package for wandb:// URIs and the
// package-exports test packs it: dist/ is rebuilt first when it is stale.
// The in-repo W&B fake runs in the test process (unit); the files that drive
// the real `wandb` Python package against it are interop tests.
export default packageTestConfig({
  testTimeout: 120_000,
  buildBeforeTests: true,
  interop: ["test/arrays.test.ts", "test/interop-api.test.ts", "test/interop-offline.test.ts", "test/interop-sdk.test.ts"],
});
