import { packageTestConfig } from "@dimexp/tooling-vitest";
import { mergeConfig } from "vitest/config";

// global-setup starts the shared MLflow server, prepares the dimtensor venv
// and builds dist/ when it is stale (the package-exports test packs it).
export default mergeConfig(packageTestConfig({ testTimeout: 180_000 }), {
  test: { globalSetup: ["./test/global-setup.ts"] },
});
