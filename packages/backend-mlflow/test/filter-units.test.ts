// Unit-aware queries against a real MLflow server: SI, CGS and natural-unit
// runs filtered and ordered through a context (one converted bound per unit
// group, sent as MLflow filter strings), and a dimension guard that restricts
// a comparison to the runs of one dimension.

import {
  DimExperiment,
  type ExperimentBackend,
  type ListRunsOptions,
  type PushdownOptions,
  type Quantity,
  parseQuery,
  planPushdown,
  q,
  unitGroupsFromTags,
  unitTagKeys,
} from "@dimexp/core";
import { expect, it } from "vitest";
import { describeWithServer, open, unique } from "./helpers.js";

// ---------------------------------------------------------------- units in queries (issue 11.2, 12.12)

/** SI, CGS and natural-unit runs: domain_length (param) and size (metric) in m, cm and GeV⁻¹; peak in J, erg, or m. */
const logUnitSystems = async (exp: DimExperiment): Promise<void> => {
  const runs: Array<[string, Quantity, Quantity | undefined]> = [
    ["run-si", q(1, "m"), q(3, "J")],
    ["run-cgs", q(120, "cm"), q(2e7, "erg")],
    ["run-short", q(40, "cm"), undefined],
    ["run-natural", q(3e15, "1/GeV"), q(0.5, "m")], // about 59 cm
  ];
  for (const [name, length, peak] of runs) {
    await exp.withRun(name, (r) => {
      r.logParam("domain_length", length);
      r.logMetric("size", length);
      if (peak) r.logMetric("peak", peak);
    });
  }
};

/** What core pushes down for `filter` (the unit groups read from the backend), and what the backend returns for it. */
const pushedDown = async (backend: ExperimentBackend, experimentId: string, filter: string, options: PushdownOptions) => {
  const parsed = parseQuery(filter);
  if (parsed._tag === "Left") throw new Error(parsed.left.message);
  const distinct = await backend.distinctTagValues(experimentId, unitTagKeys(parsed.right, options))();
  if (distinct._tag === "Left") throw new Error(distinct.left.message);
  const raw = planPushdown(parsed.right, unitGroupsFromTags(distinct.right), backend.capabilities, options);
  const found = await backend.searchRuns(experimentId, { filter: raw })();
  if (found._tag === "Left") throw new Error(found.left.message);
  return { raw, names: found.right.map((r) => r.info.name).sort() };
};

const expectUnitSystemsQueries = async (exp: DimExperiment): Promise<void> => {
  const names = async (options: ListRunsOptions) => (await exp.listRuns(options)).map((r) => r.name);
  // without a context: one error for the whole experiment, naming the flag that exists
  await expect(exp.listRuns({ filter: "params.domain_length >= 50 cm" })).rejects.toThrow(/--context natural/);
  await expect(exp.listRuns({ orderBy: "params.domain_length" })).rejects.toThrow(/--context natural/);
  // with it: filtered and ordered in one unit, params and metrics alike
  expect(await names({ filter: "params.domain_length >= 50 cm", orderBy: "params.domain_length", context: "natural" })).toEqual([
    "run-natural",
    "run-si",
    "run-cgs",
  ]);
  expect(await names({ filter: "metrics.size >= 50 cm", orderBy: "metrics.size desc", context: ["natural"] })).toEqual(["run-cgs", "run-si", "run-natural"]);
  expect(await names({ orderBy: "params.domain_length desc", context: "natural" })).toEqual(["run-cgs", "run-si", "run-natural", "run-short"]);
  // the backend itself applies a converted bound per unit group (the natural one included): exact on metrics
  const bound = q(50, "cm").to("1/GeV", { context: "natural" });
  if (bound._tag === "Left") throw new Error(bound.left.message);
  const pushed = await pushedDown(exp.backend, exp.id, "metrics.size >= 50 cm", { context: "natural" });
  expect((pushed.raw ?? []).flatMap((c) => c.filter((p) => p.source === "metrics").map((p) => p.value))).toEqual(
    expect.arrayContaining([0.5, 50, bound.right.value]),
  );
  expect(pushed.names).toEqual(["run-cgs", "run-natural", "run-si"]);
  // a metric in J in some runs and in m in another: a dimension guard restricts the comparison
  await expect(exp.listRuns({ filter: "metrics.peak > 2.5 J" })).rejects.toThrow(/dimension\(metrics.peak\) = energy and/);
  expect(await names({ filter: "dimension(metrics.peak) = energy and metrics.peak > 2.5 J" })).toEqual(["run-si"]);
  expect(await names({ dimensionFilter: { peak: "energy" }, orderBy: "metrics.peak desc" })).toEqual(["run-si", "run-cgs"]);
  const guarded = await pushedDown(exp.backend, exp.id, "dimension(metrics.peak) = energy and metrics.peak > 2.5 J", {});
  expect(guarded.names).toEqual(["run-si"]);
};

describeWithServer("unit-aware queries on MLflow", () => {
  it("filters and orders SI, CGS and natural-unit runs through a context, pushed down per unit group; a dimension guard restricts", async () => {
    const exp = await DimExperiment.open(unique("unit-systems"), { backend: open() });
    await logUnitSystems(exp);
    await expectUnitSystemsQueries(exp);
    await exp.close();
  });
});
