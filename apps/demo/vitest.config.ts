import { packageTestConfig } from "@dimexp/tooling-vitest";
import { mergeConfig } from "vitest/config";

// Each test file runs the built demo as a child process (and some start an
// MLflow server or the W&B fake): one file at a time, so two demos never
// compete for the machine's cores and each stays well inside its timeouts.
export default mergeConfig(packageTestConfig(), {
  test: { fileParallelism: false },
});
