// The README's example of a third-party backend: a thin wrapper that adds
// behaviour around another backend. It must pass the same contract.

import type { ExperimentBackend } from "../src/index.js";
import { createMemoryBackend } from "../src/index.js";
import { describe, expect, it } from "vitest";
import { runBackendContract } from "../src/testing/index.js";

/** Counts writes — the kind of decorator a platform team writes for metrics or auditing. */
const countingBackend = (inner: ExperimentBackend): ExperimentBackend & { writes: number } => {
  const wrapped = {
    ...inner,
    kind: "counting",
    writes: 0,
    logBatch: (runId: string, batch: Parameters<ExperimentBackend["logBatch"]>[1]) => {
      wrapped.writes++;
      return inner.logBatch(runId, batch);
    },
  };
  return wrapped;
};

runBackendContract("a user's own backend (counting wrapper)", () => countingBackend(createMemoryBackend()), { describe, it, expect });
