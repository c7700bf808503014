import { packageTestConfig } from "@dimexp/tooling-vitest";
import { mergeConfig } from "vitest/config";

// The package-exports test packs the package; the streaming tests move 10M
// points (and call gc() to measure what stays on the heap). dist/ is rebuilt
// first when it is older than the sources.
export default mergeConfig(packageTestConfig({ testTimeout: 180_000, buildBeforeTests: true }), {
  test: { execArgv: ["--expose-gc"] },
});
