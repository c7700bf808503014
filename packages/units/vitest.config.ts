import { packageTestConfig } from "@dimexp/tooling-vitest";

// pint-oracle.test.ts asks Python pint for its conversions: an interop test.
export default packageTestConfig({ testTimeout: 120_000, interop: ["test/pint-oracle.test.ts"] });
