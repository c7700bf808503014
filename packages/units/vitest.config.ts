import { packageTestConfig } from "@dimexp/tooling-vitest";

export default packageTestConfig({ testTimeout: 120_000 });
