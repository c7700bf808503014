import { packageTestConfig } from "@dimexp/tooling-vitest";

// Tests pack the built package (publint/attw) or run it in child processes:
// dist/ is rebuilt first when it is older than the sources.
export default packageTestConfig({ testTimeout: 120_000, buildBeforeTests: true });
