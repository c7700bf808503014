import { packageTestConfig } from "@dimexp/tooling-vitest";

// The browser tests build a store, start `dimexp ui` and drive Chromium: allow
// them time; they are interop tests. api.test.ts calls the API in-process.
export default packageTestConfig({
  testTimeout: 120_000,
  interop: ["test/browser.test.ts", "test/filter-bar.test.ts", "test/array-chart.test.ts"],
});
