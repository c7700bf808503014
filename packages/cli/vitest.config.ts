import { packageTestConfig } from "@dimexp/tooling-vitest";

// The package-exports test packs the package and runs attw: allow it time.
export default packageTestConfig({ testTimeout: 120_000 });
