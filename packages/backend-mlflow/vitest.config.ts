import { packageTestConfig } from "@dimexp/tooling-vitest";

// Every test that talks to a real MLflow server (or Python dimtensor, or the
// PostgreSQL lab) is an interop test; global-setup starts the shared server and
// prepares the dimtensor venv for those (and for test/reliability) only, so
// `pnpm test` here stays in-process: fidelity, filter, open, plan, rest-client.
export default packageTestConfig({
  testTimeout: 180_000,
  interop: [
    "test/arrays-artifact-root.test.ts",
    "test/backend.test.ts",
    "test/contract.test.ts",
    "test/distinct-tags.test.ts",
    "test/filter-units.test.ts",
    "test/interop.test.ts",
    "test/param-changed.test.ts",
    "test/search-waves.test.ts",
    "test/sync.test.ts",
    "test/lab/**/*.test.ts",
  ],
  interopSetup: ["./test/global-setup.ts"],
});
