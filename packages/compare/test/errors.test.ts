// The Promise functions reject with the tagged CompareError itself (an Error
// and a DimexpError), whose `cause` is what the history loader threw, as it was.
import { DimExperiment, DimexpError, createMemoryBackend, q } from "@dimexp/core";
import { expect, test } from "vitest";
import { CompareFailure, compareRuns } from "../src/index.js";

test("a history loader that throws rejects compareRuns with a HistoryLoadFailed whose cause is the thrown error", async () => {
  const exp = await DimExperiment.open("errors", { backend: createMemoryBackend(), onWarning: () => undefined });
  await exp.withRun("a", (r) => r.logMetric("loss", q(1, "J"), { step: 0 }));
  const runs = await exp.listRuns();
  const storeGone = Object.assign(new Error("store gone"), { code: "SQLITE_IOERR" });
  const rejection: unknown = await compareRuns(runs, "loss", {
    histories: async () => {
      throw storeGone;
    },
  }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(rejection).toBeInstanceOf(DimexpError);
  expect(rejection).toMatchObject({
    _tag: "HistoryLoadFailed",
    run: "a",
    metric: "loss",
    message: expect.stringContaining("store gone"),
  });
  expect((rejection as Error).cause).toBe(storeGone);
  // the deprecated name still matches, and `.error` is the error itself
  expect(rejection).toBeInstanceOf(CompareFailure);
  expect((rejection as CompareFailure).error._tag).toBe("HistoryLoadFailed");
});
