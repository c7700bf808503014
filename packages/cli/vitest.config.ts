import { packageTestConfig } from "@dimexp/tooling-vitest";

// The package-exports test packs the package and runs attw: allow it time.
// Interop: runs-ls-stats starts an MLflow server; ui.test.ts runs `dimexp ui`
// as a child serving the built dashboard (apps/dashboard, built by turbo first).
export default packageTestConfig({
  testTimeout: 120_000,
  interop: ["test/runs-ls-stats.test.ts", "test/ui.test.ts"],
});
