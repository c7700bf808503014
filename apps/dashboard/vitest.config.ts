import { packageTestConfig } from "@dimexp/tooling-vitest";

// The browser test builds a store, starts `dimexp ui` and drives Chromium: allow it time.
export default packageTestConfig({ testTimeout: 120_000 });
