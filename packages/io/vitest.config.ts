import { packageTestConfig } from "@dimexp/tooling-vitest";
import { mergeConfig } from "vitest/config";

// The package-exports test packs the package; the streaming tests move 10M
// points (and call gc() to measure what stays on the heap). global-setup
// builds dist/ when it is stale.
export default mergeConfig(packageTestConfig({ testTimeout: 180_000 }), {
  test: { execArgv: ["--expose-gc"], globalSetup: ["./test/global-setup.ts"] },
});
