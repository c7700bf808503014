import { defineConfig } from "vitest/config";

// The contract suite logs 100,000 points in one test; on a loaded machine that
// can take longer than vitest's default 5 s.
export default defineConfig({ test: { include: ["test/**/*.test.ts"], testTimeout: 120_000 } });
