import { packageTestConfig } from "@dimexp/tooling-vitest";

// core's openBackend imports the built package for wandb:// URIs and the
// package-exports test packs it: dist/ is rebuilt first when it is stale.
export default packageTestConfig({ testTimeout: 120_000, buildBeforeTests: true });
