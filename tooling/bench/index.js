// The benchmark harness shared by every package's bench/ (see README.md).
export { consume, median, now, peakMemory, ratioOf, sideBySide, speedOf, throughput } from "./measure.js";
export { finish, goal, header, info, reported, skipped, strict } from "./report.js";
export { machine, scratchDir } from "./scratch.js";
export { runSuite } from "./suite.js";
