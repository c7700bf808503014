// Filters pushed down to W&B as Mongo-style run filters are never stricter
// than core's reference evaluation (checked on random filters over awkward
// values, against the fake's filter evaluation), and searchRuns returns
// exactly what the reference selects.
import {
  DimExperiment,
  type ExperimentBackend,
  type ListRunsOptions,
  type PushdownOptions,
  type Quantity,
  type RawFilter,
  type RawPredicate,
  matchesRawFilter,
  parseQuery,
  planPushdown,
  q,
  unitGroupsFromTags,
  unitTagKeys,
} from "@dimexp/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toMongoFilter } from "../src/index.js";
import { WandbGraphQL } from "../src/internal/graphql-client.js";
import { DEFAULT_RETRY, HttpClient } from "../src/internal/http.js";
import { type WandbFake, startWandbFake } from "../src/testing/index.js";
import { batch, must, onlineBackend, series } from "./support/helpers.js";

const PARAMS = ["10", "1e1", "0x10", " 12 ", "abc", "", "true", "false", "Infinity", "-0", "0.5", "NaN", "1/s", "-3"];
const TAGS = ["fd", "fem", "", "f_m", "FD", "spectral", "a.b", "%"];
const METRICS = [0, 1.5, -2, 1e-9, 100, Number.NaN, Number.POSITIVE_INFINITY, -0];
const THRESHOLDS = [-1, 0, 1, 1.5, 10, 12, 16, 100];

let seed = 12345;
const random = () => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed / 2 ** 31;
};
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

const predicate = (): RawPredicate => {
  const kind = pick(["metric", "param", "tag", "status", "name"] as const);
  const op = pick(["=", "!=", "<", "<=", ">", ">=", "in", "like", "ilike", "exists"] as const);
  if (kind === "metric") return { source: "metrics", key: pick(["loss", "acc", "missing"]), op: op === "in" || op === "like" || op === "ilike" ? ">" : op, value: op === "exists" ? undefined : pick(THRESHOLDS) };
  if (kind === "param") {
    if (op === "in") return { source: "params", key: pick(["p", "q"]), op, value: [pick(PARAMS), pick(PARAMS)] };
    if (op === "like" || op === "ilike") return { source: "params", key: "p", op, value: pick(["1%", "%b%", "_"]) };
    if (op === "exists") return { source: "params", key: "p", op, value: undefined };
    return { source: "params", key: pick(["p", "q"]), op, value: random() < 0.5 ? pick(THRESHOLDS) : pick(PARAMS) };
  }
  if (kind === "tag") {
    const key = pick(["solver", "dimexp.metric.loss", "unit.loss", "missing"]);
    if (op === "in") return { source: "tags", key, op, value: [pick(TAGS), pick(TAGS)] };
    if (op === "like" || op === "ilike") return { source: "tags", key, op, value: pick(["f%", "%", "F_", "%m"]) };
    if (op === "exists") return { source: "tags", key, op, value: undefined };
    return { source: "tags", key, op, value: pick(TAGS) };
  }
  if (kind === "status") return { source: "attributes", key: "status", op: op === "in" ? "in" : "=", value: op === "in" ? ["FINISHED", "FAILED"] : pick(["RUNNING", "FINISHED", "FAILED", "KILLED"]) };
  return { source: "attributes", key: "name", op: "=", value: pick(["run-1", "run-2", "nope"]) };
};

const filter = (): RawFilter => Array.from({ length: 1 + Math.floor(random() * 3) }, () => Array.from({ length: 1 + Math.floor(random() * 3) }, predicate));

let fake: WandbFake;
beforeAll(async () => {
  fake = await startWandbFake();
});
afterAll(async () => {
  await fake?.close();
});

describe("pushdown", () => {
  it("is never stricter than the reference, and searchRuns is exact", async () => {
    // two file_stream requests per run (data, end) fit the fake's burst of 2: no pacing wait needed here
    const backend = onlineBackend(fake, { project: "pushdown", fileStreamIntervalMs: 0 });
    const exp = await must(backend.getOrCreateExperiment("exp"));
    const statuses = ["RUNNING", "FINISHED", "FAILED", "KILLED"] as const;
    for (let i = 0; i < 24; i++) {
      const run = await must(backend.createRun(exp.id, { name: `run-${i % 5}`, startTime: 1_700_000_000_000 + i, tags: {} }));
      const tags = [
        ...(random() < 0.8 ? [{ key: "solver", value: pick(TAGS) }] : []),
        ...(random() < 0.7 ? [{ key: "dimexp.metric.loss", value: pick(['{"unit":"J"}', '{"unit":"erg"}']) }] : []),
        ...(random() < 0.5 ? [{ key: "unit.loss", value: pick(["J", "erg"]) }] : []),
      ];
      await must(
        backend.logBatch(
          run.id,
          batch({
            params: [{ key: "p", value: pick(PARAMS) }, ...(random() < 0.6 ? [{ key: "q", value: pick(PARAMS) }] : [])],
            tags,
            metrics: [series("loss", [pick(METRICS)]), ...(random() < 0.5 ? [series("acc", [pick(METRICS)])] : [])],
          }),
        ),
      );
      const status = pick(statuses);
      if (status !== "RUNNING") await must(backend.updateRun(run.id, { status, endTime: Date.now() }));
    }
    const all = await must(backend.searchRuns(exp.id));
    expect(all.length).toBe(24);
    const gql = new WandbGraphQL(new HttpClient({ baseUrl: fake.url, apiKey: fake.apiKey, retry: DEFAULT_RETRY }));
    for (let k = 0; k < 150; k++) {
      const f = filter();
      const expected = all.filter((r) => matchesRawFilter(r, f)).map((r) => r.info.id).sort();
      const pushed = toMongoFilter(f);
      const server = (await gql.runs(fake.entity, "pushdown", { filters: pushed.filter === undefined ? { group: "exp" } : { $and: [{ group: "exp" }, pushed.filter] } })).map((r) => r.name);
      for (const id of expected) expect(server, `pushed ${JSON.stringify(pushed.filter)} misses ${id} for ${JSON.stringify(f)}`).toContain(id);
      const got = (await must(backend.searchRuns(exp.id, { filter: f }))).map((r) => r.info.id).sort();
      expect(got, JSON.stringify(f)).toEqual(expected);
    }
    await must(backend.close());
  }, 120_000);

  it("sends a unit-aware query to W&B as one filter: each unit group with its threshold converted", async () => {
    const exp = await DimExperiment.open("units", { backend: onlineBackend(fake, { project: "pushdown-units", fileStreamIntervalMs: 0 }) });
    await exp.withRun("si", (run) => void run.logParam("domain_length", q(1, "m")));
    await exp.withRun("cgs", (run) => void run.logParam("domain_length", q(40, "cm")));
    const before = fake.requests.length;
    expect((await exp.listRuns({ filter: "params.domain_length >= 50 cm" })).map((r) => r.name)).toEqual(["si"]);
    // first the unit groups (distinct tag values), then the search itself
    const search = fake.requests
      .slice(before)
      .filter((r) => r.operation === "Runs")
      .pop();
    const filters = JSON.parse(String(search?.variables?.filters)) as unknown;
    const text = JSON.stringify(filters);
    expect(text).toContain('"group":"units"');
    expect(text).toContain('{"config.domain_length.value":{"$gte":0.5}}');
    expect(text).toContain('{"config.domain_length.value":{"$gte":50}}');
    expect(text).toContain("config.dimexp.value.param.domain_length");
    await exp.close();
  });

  it("translates predicates as W&B's filters spell them", () => {
    expect(toMongoFilter([[{ source: "metrics", key: "loss", op: "<", value: 0.5 }]]).filter).toEqual({ "summary_metrics.loss": { $lt: 0.5 } });
    expect(toMongoFilter([[{ source: "params", key: "lr", op: ">=", value: 0.01 }], [{ source: "attributes", key: "status", op: "=", value: "FINISHED" }]]).filter).toEqual({
      $or: [{ "config.lr.value": { $gte: 0.01 } }, { state: { $in: ["finished"] } }],
    });
    expect(toMongoFilter([[{ source: "tags", key: "solver", op: "=", value: "fd" }]]).filter).toEqual({ "config.dimexp.value.tags.solver": "fd" });
    // a key with a dot is W&B nesting: not pushed (looser), evaluated by dimexp
    expect(toMongoFilter([[{ source: "metrics", key: "train.loss", op: "<", value: 1 }]])).toEqual({ filter: undefined, exact: false });
    expect(toMongoFilter([])).toEqual({ filter: { name: { $in: [] } }, exact: true });
  });
});

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

describe("unit-aware queries on W&B", () => {
  it("filters and orders SI, CGS and natural-unit runs through a context, pushed down per unit group; a dimension guard restricts", async () => {
    const exp = await DimExperiment.open("unit-systems", { backend: onlineBackend(fake, { project: "pushdown-unit-systems", fileStreamIntervalMs: 0 }) });
    await logUnitSystems(exp);
    const before = fake.requests.length;
    await expectUnitSystemsQueries(exp);
    // the natural group's bound travels in W&B's own filter, next to the SI and CGS ones
    const bound = q(50, "cm").to("1/GeV", { context: "natural" });
    if (bound._tag === "Left") throw new Error(bound.left.message);
    const sent = fake.requests
      .slice(before)
      .filter((r) => r.operation === "Runs")
      .map((r) => String(r.variables?.filters));
    expect(sent.some((f) => f.includes(`{"config.domain_length.value":{"$gte":${bound.right.value}}}`))).toBe(true);
    expect(sent.some((f) => f.includes('{"summary_metrics.size":{"$gte":50}}'))).toBe(true);
    await exp.close();
  });
});
