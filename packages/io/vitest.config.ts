import { packageTestConfig } from "@dimexp/tooling-vitest";
import { mergeConfig } from "vitest/config";

// The package-exports test packs the package; the streaming tests move 10M
// points (and call gc() to measure what stays on the heap). dist/ is rebuilt
// first when it is older than the sources. python-interop.test.ts runs Python
// dimtensor and h5py: an interop test.
export default mergeConfig(packageTestConfig({ testTimeout: 180_000, buildBeforeTests: true, interop: ["test/python-interop.test.ts"] }), {
  test: { execArgv: ["--expose-gc"] },
});
