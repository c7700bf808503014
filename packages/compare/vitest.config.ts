import { packageTestConfig } from "@dimexp/tooling-vitest";

// Tests pack the built package (publint/attw) or run it in child processes:
// dist/ is rebuilt first when it is older than the sources. arrow.test.ts
// reads the IPC stream back with Python pyarrow: an interop test.
export default packageTestConfig({ testTimeout: 120_000, buildBeforeTests: true, interop: ["test/arrow.test.ts"] });
