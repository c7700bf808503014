// `pnpm bench`: the benchmarks of @dimexp/backend-local, each in its own Node
// process, one summary (tooling/bench). They import the built package
// (../dist), so build first. BENCH_STRICT=1 fails on a missed goal.
// DIMEXP_BENCH_DIR puts the scratch files elsewhere (default: the OS temp
// folder; it should be a real disk, as fsync is part of what is measured).
import { runSuite } from "@dimexp/tooling-bench";

await runSuite("@dimexp/backend-local", ["ingest.mjs", "filter.mjs"], import.meta.url);
