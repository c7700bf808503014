import { describe, expect, it } from "vitest";
import { type ExperimentBackend, createMemoryBackend, newestRunNamed } from "../src/index.js";

const must = async <A>(task: () => Promise<{ _tag: "Left"; left: unknown } | { _tag: "Right"; right: A }>): Promise<A> => {
  const result = await task();
  if (result._tag === "Left") throw new Error(`unexpected Left: ${String(result.left)}`);
  return result.right;
};

describe("newestRunNamed", () => {
  it("picks the newest run with exactly that name, whatever order the backend returns", async () => {
    const memory = createMemoryBackend();
    const experiment = await must(memory.getOrCreateExperiment("names"));
    const ids: Record<string, string> = {};
    for (const [label, name, startTime] of [["old", "a", 1000], ["new", "a", 3000], ["other", "b", 5000], ["mid", "a", 2000], ["case", "A", 9000]] as const) {
      ids[label] = (await must(memory.createRun(experiment.id, { name, startTime, tags: {} }))).id;
    }
    // a backend that ignores the requested order and filters loosely (case-insensitive)
    const sloppy: ExperimentBackend = {
      ...memory,
      searchRuns: (experimentId) => async () => {
        const all = await memory.searchRuns(experimentId, {})();
        if (all._tag === "Left") return all;
        return { _tag: "Right", right: all.right.filter((r) => r.info.name.toLowerCase() === "a").sort((x, y) => x.info.startTime - y.info.startTime) };
      },
    };
    for (const backend of [memory, sloppy]) {
      expect((await must(newestRunNamed(backend, experiment.id, "a")))?.info.id).toBe(ids.new);
      expect(await must(newestRunNamed(backend, experiment.id, "missing"))).toBeUndefined();
    }
  });
});
