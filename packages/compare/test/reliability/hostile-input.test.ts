// Hostile and edge input to compareRuns / compareSeries: empty lists, names
// that are no run or metric (including Object.prototype's keys), a megabyte
// "name", huge lists of references, a store that fails. Every one is a typed
// error value (the Either forms never reject, the Promise forms reject with a
// CompareFailure), with a message that names the input (clipped) and the fix.

import { DimExperiment, type Run, createMemoryBackend, q } from "@dimexp/core";
import { beforeAll, describe, expect, test } from "vitest";
import { type CompareError, CompareFailure, type RunSource, compareRuns, compareRunsEither, compareSeries, resolveRuns } from "../../src/index.js";

let exp: DimExperiment;
let runs: Run[];
/** exp, counting how often the runs are listed */
let counted: RunSource & { listings: number };

beforeAll(async () => {
  exp = await DimExperiment.open("hostile", { backend: createMemoryBackend(), onWarning: () => undefined });
  await exp.withRun("run-si", (r) => r.logMetric("loss", q(1, "J")));
  await exp.withRun("run-cgs", (r) => r.logMetric("loss", q(2e7, "erg")));
  for (let i = 0; i < 500; i++) await exp.withRun(`sweep-${i}`, (r) => r.logMetric("loss", q(i, "eV")));
  runs = await exp.listRuns({ orderBy: "start_time" });
  counted = {
    name: exp.name,
    listings: 0,
    async listRuns(options) {
      counted.listings++;
      return exp.listRuns(options);
    },
  };
});

const errorOf = async (result: Promise<{ _tag: "Left"; left: CompareError } | { _tag: "Right"; right: unknown }>): Promise<CompareError> => {
  const r = await result;
  if (r._tag === "Right") throw new Error("expected a CompareError");
  expect(r.left.message.length).toBeLessThan(1200);
  return r.left;
};

describe("empty argument lists", () => {
  test("no runs: EmptyArgument, in every form", async () => {
    expect(await errorOf(compareRunsEither(exp, [], ["loss"]))).toMatchObject({ _tag: "EmptyArgument", argument: "runs" });
    expect(await errorOf(compareRunsEither([], ["loss"]))).toMatchObject({ _tag: "EmptyArgument", argument: "runs" });
    expect(compareSeries([], "loss")).toMatchObject({ _tag: "Left", left: { _tag: "EmptyArgument", argument: "runs" } });
    const failure = await compareRuns(exp, [], "loss").catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(CompareFailure);
    expect((failure as CompareFailure).error._tag).toBe("EmptyArgument");
  });

  test("no metrics: EmptyArgument for compareRuns; compareSeries compares params only", async () => {
    expect(await errorOf(compareRunsEither(exp, ["run-si"], []))).toMatchObject({ _tag: "EmptyArgument", argument: "metrics" });
    expect(await errorOf(compareRunsEither(runs, []))).toMatchObject({ _tag: "EmptyArgument", argument: "metrics" });
    const paramsOnly = compareSeries([{ name: "a", metrics: {}, params: { x: 1 } }], []);
    expect(paramsOnly._tag === "Right" && paramsOnly.right.metrics).toEqual([]);
  });

  test("empty strings, non-strings and repeats are InvalidOption, not guesses", async () => {
    expect(await errorOf(compareRunsEither(exp, ["run-si", ""], ["loss"]))).toMatchObject({ _tag: "InvalidOption", option: "runs" });
    expect(await errorOf(compareRunsEither(exp, ["run-si", 42 as unknown as string], ["loss"]))).toMatchObject({ _tag: "InvalidOption", option: "runs" });
    expect(await errorOf(compareRunsEither(exp, ["run-si"], ["loss", ""]))).toMatchObject({ _tag: "InvalidOption", option: "metrics" });
    expect(await errorOf(compareRunsEither(exp, ["run-si"], ["loss", "loss"]))).toMatchObject({ _tag: "InvalidOption", option: "metrics" });
    expect(await errorOf(compareRunsEither(exp, ["run-si"], null as unknown as string[]))).toMatchObject({ _tag: "InvalidOption", option: "metrics" });
    const si = runs.find((r) => r.name === "run-si") as Run;
    const twice = await errorOf(compareRunsEither(exp, ["run-si", si.id], ["loss"]));
    expect(twice).toMatchObject({ _tag: "InvalidOption", option: "runs" });
    expect(twice.message).toContain("given twice");
    // a bare string where the list of names goes
    expect(await errorOf(compareRunsEither(exp, "run-si" as unknown as string[], ["loss"]))).toMatchObject({ _tag: "InvalidOption", option: "runs" });
    expect(await errorOf(compareRunsEither(null as unknown as Run[], ["loss"]))).toMatchObject({ _tag: "InvalidOption", option: "runs" });
  });
});

describe("names that are no metric", () => {
  test("unknown metrics, Object.prototype's keys among them, are UnknownMetric (never a TypeError)", async () => {
    for (const metric of ["los", "constructor", "__proto__", "toString", "hasOwnProperty", "valueOf"]) {
      const error = await errorOf(compareRunsEither(exp, ["run-si", "run-cgs"], [metric]));
      expect(error).toMatchObject({ _tag: "UnknownMetric", metric, available: ["loss"] });
      expect(compareSeries([{ name: "a", metrics: { loss: { values: [1], unit: "J" } } }], metric)).toMatchObject({
        _tag: "Left",
        left: { _tag: "UnknownMetric" },
      });
    }
  });

  test("params named like Object.prototype's keys are compared as params", () => {
    const result = compareSeries(
      [
        { name: "a", metrics: { loss: { values: [1] } }, params: { constructor: 1 } },
        { name: "b", metrics: { loss: { values: [2] } }, params: {} },
      ],
      "loss",
    );
    if (result._tag === "Left") throw new Error(result.left.message);
    expect(result.right.params.get("constructor")?.cells.map((c) => c.present)).toEqual([true, false]);
  });
});

describe("huge and hostile run references", () => {
  test("500 runs by name: one listing of the experiment, not 500 look-ups", async () => {
    const names = runs.filter((r) => r.name.startsWith("sweep-")).map((r) => r.name);
    counted.listings = 0;
    const c = await compareRuns(counted, names, "loss", { unit: "eV" });
    expect(counted.listings).toBe(1);
    expect(c.metric("loss")?.entries).toHaveLength(500);
    expect(c.metric("loss")?.entries[499]?.value).toBe(499);
  });

  test("100,000 references: the first unknown one is reported, clipped, with the candidates", async () => {
    const references = Array.from({ length: 100_000 }, (_, i) => (i === 99_999 ? "sweep-5000" : `sweep-${i % 500}`));
    const resolved = await resolveRuns(counted, references);
    // sweep-0 comes back at index 500: the same run twice
    expect(resolved).toMatchObject({ _tag: "Left", left: { _tag: "InvalidOption", option: "runs" } });
    const unknown = Array.from({ length: 100_000 }, (_, i) => `ghost-${i}`);
    const error = await errorOf(compareRunsEither(counted, unknown, ["loss"]));
    expect(error).toMatchObject({ _tag: "UnknownRun", reference: "ghost-0", runCount: 502 });
  });

  test("a megabyte name is echoed at most ~200 characters, with no suggestion search over it", async () => {
    const huge = `run-${"x".repeat(1_000_000)}`;
    const error = await errorOf(compareRunsEither(exp, [huge], ["loss"]));
    expect(error._tag).toBe("UnknownRun");
    expect(error.message).toContain("(1000004 characters)");
    expect(error.message.length).toBeLessThan(600);
  });

  test("a name several runs share, given by name, is AmbiguousRun; control characters are escaped in the message", async () => {
    const backend = createMemoryBackend();
    const twins = await DimExperiment.open("twins", { backend, onWarning: () => undefined });
    for (let i = 0; i < 3; i++) await twins.withRun("same", (r) => r.logMetric("loss", q(i, "J")));
    const error = await errorOf(compareRunsEither(twins, ["same"], ["loss"]));
    expect(error).toMatchObject({ _tag: "AmbiguousRun", reference: "same" });
    expect(error._tag === "AmbiguousRun" && error.candidates).toHaveLength(3);
    const weird = await errorOf(compareRunsEither(twins, ["a\nb\u001b[2J"], ["loss"]));
    expect(weird.message.includes("\n") || weird.message.includes("\u001b")).toBe(false);
  });

  test("a store that fails to list its runs is RunLookupFailed (the Either form does not reject)", async () => {
    const broken: RunSource = {
      name: "broken",
      listRuns: () => Promise.reject(new Error("database is locked")),
    };
    const error = await errorOf(compareRunsEither(broken, ["run-si"], ["loss"]));
    expect(error).toMatchObject({ _tag: "RunLookupFailed", experiment: "broken" });
    expect(error.message).toContain("database is locked");
  });
});
