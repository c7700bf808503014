// `pnpm bench` for @dimexp/io: each benchmark in its own Node process, one
// summary (tooling/bench). Needs the build (../dist). BENCH_STRICT=1 fails on
// a missed goal; DIMEXP_BENCH_RUNS / _POINTS / _BIG_POINTS / _ROUNDS shrink it.
import { runSuite } from "@dimexp/tooling-bench";

await runSuite("@dimexp/io", ["export.mjs", "import.mjs"], import.meta.url);
