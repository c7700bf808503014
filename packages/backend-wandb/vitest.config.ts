import { packageTestConfig } from "@dimexp/tooling-vitest";
import { mergeConfig } from "vitest/config";

// global-setup builds dist/ when it is missing or older than src/ (the
// package-exports test packs it) and checks the Python venv with wandb.
export default mergeConfig(packageTestConfig({ testTimeout: 120_000 }), {
  test: { globalSetup: ["./test/global-setup.ts"] },
});
