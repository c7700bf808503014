// Filters pushed down to W&B as Mongo-style run filters are never stricter
// than core's reference evaluation (checked on random filters over awkward
// values, against the fake's filter evaluation), and searchRuns returns
// exactly what the reference selects.
import { DimExperiment, type RawFilter, type RawPredicate, matchesRawFilter, q } from "@dimexp/core";
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
