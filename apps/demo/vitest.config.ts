import { packageTestConfig } from "@dimexp/tooling-vitest";
import { mergeConfig } from "vitest/config";

// Each interop file runs the built demo as a child process (and some start an
// MLflow server, Python peers or the W&B fake): one file at a time, so two
// demos never compete for the machine's cores and each stays well inside its
// timeouts. help.test.ts runs `pnpm demo --help` from the repository root.
// heat-equation and round-trip-check are in-process unit tests.
export default mergeConfig(
  packageTestConfig({ interop: ["test/demo.test.ts", "test/guide.test.ts", "test/help.test.ts", "test/mlflow.test.ts", "test/wandb.test.ts"] }),
  { test: { fileParallelism: false } },
);
