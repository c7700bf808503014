// Names that are valid keys but also properties every JavaScript object
// inherits (toString, valueOf, hasOwnProperty, …). A run's params, metrics and
// tags are plain objects, so `record.params["toString"]` on a run that never
// logged it is Object.prototype.toString: the query language, the dimension
// filter, orderBy and sync must read only what the run itself logged.

import { describe, expect, it } from "vitest";
import { DimExperiment, type ExperimentBackend, createMemoryBackend, matchesRawFilter, q, syncExperiments } from "../../src/index.js";
import type { RunRecord } from "../../src/model.js";

const INHERITED = ["toString", "valueOf", "hasOwnProperty", "isPrototypeOf", "__defineGetter__", "toLocaleString"];

/** One run that logs the name as a param, a metric and a tag; one that logs none of them. */
const twoRuns = async (name: string, backend: ExperimentBackend = createMemoryBackend()) => {
  const exp = await DimExperiment.open("inherited", { backend, onWarning: () => undefined });
  await exp.withRun("has-it", { tags: { [name]: "yes" } }, (run) => {
    run.logParam(name, q(1, "m"));
    run.logMetric(name, q(2, "J"));
  });
  await exp.withRun("lacks-it", (run) => run.logParam("other", 1));
  return exp;
};

const names = async (exp: DimExperiment, options: Parameters<DimExperiment["listRuns"]>[0]): Promise<string[]> =>
  (await exp.listRuns(options)).map((r) => r.name).sort();

describe("keys that objects inherit", () => {
  for (const name of INHERITED) {
    it(`a run that never logged ${name} has no ${name} in filters, dimension filters and ordering`, async () => {
      const exp = await twoRuns(name);
      for (const source of ["params", "metrics", "tags"]) {
        expect(await names(exp, { filter: `has(${source}.${name})` }), `has(${source}.${name})`).toEqual(["has-it"]);
        expect(await names(exp, { filter: `not has(${source}.${name})` }), `not has(${source}.${name})`).toEqual(["lacks-it"]);
      }
      expect(await names(exp, { filter: `params.${name} >= 50 cm` })).toEqual(["has-it"]);
      expect(await names(exp, { filter: `metrics.${name} < 1 GeV or metrics.${name} >= 1 J` })).toEqual(["has-it"]);
      expect(await names(exp, { filter: `tags.${name} != "no"` })).toEqual(["has-it"]);
      expect(await names(exp, { filter: `params.${name} like "%"` })).toEqual(["has-it"]);
      expect(await names(exp, { dimensionFilter: { [name]: "energy" } })).toEqual(["has-it"]);
      expect(await names(exp, { dimensionFilter: { [`params.${name}`]: "length" } })).toEqual(["has-it"]);
      // a run without the value sorts last, whichever the direction
      for (const orderBy of [`params.${name}`, `metrics.${name} desc`]) {
        expect((await exp.listRuns({ orderBy })).map((r) => r.name), orderBy).toEqual(["has-it", "lacks-it"]);
      }
      const lacking = await exp.getRun("lacks-it");
      expect(lacking.param(name)).toBeUndefined();
      expect(lacking.metric(name)).toBeUndefined();
    });
  }

  it("the reference raw-filter evaluator (what the memory backend and the pushdown checks use) reads own values only", () => {
    const run: RunRecord = {
      info: { id: "r", experimentId: "1", name: "r", status: "FINISHED", startTime: 0, endTime: undefined },
      params: {},
      metrics: {},
      tags: {},
    };
    for (const source of ["params", "metrics", "tags"] as const) {
      expect(matchesRawFilter(run, [[{ source, key: "toString", op: "exists", value: undefined }]]), source).toBe(false);
      expect(matchesRawFilter(run, [[{ source, key: "valueOf", op: "!=", value: "x" }]]), source).toBe(false);
    }
  });

  it("sync copies a param named toString into a run that lacks it, without calling it a conflict", async () => {
    const from = createMemoryBackend();
    const exp = await DimExperiment.open("inherited", { backend: from, onWarning: () => undefined });
    await exp.withRun("r", (run) => run.logParam("toString", q(1, "m")));
    const to = createMemoryBackend();
    const report = await syncExperiments(from, to)();
    if (report._tag === "Left") throw new Error(report.left.message);
    expect(report.right.failures).toEqual([]);
    const copied = await DimExperiment.open("inherited", { backend: to, onWarning: () => undefined });
    expect(String((await copied.getRun("r")).param("toString"))).toBe("1 m");
  });
});
