// The W&B fake's two parsers: GraphQL documents (graphql-js, against the
// fake's SDL) and the runs query's Mongo-style filters (mingo, over W&B's
// paths). What a client asks for that the fake lacks is an error that names
// it, and is reported in `unserved`; a filter the fake does not take is an
// error naming what is accepted.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type WandbFake, matchesMongoFilter, startWandbFake } from "../src/testing/index.js";

const run = {
  fields: { name: "r1", displayName: "first", state: "finished", tags: ["fd", "gpu"], group: null },
  config: JSON.parse('{"lr": {"value": 0.01}, "a.b": {"value": {"c": 3}}, "raw": 5, "toString": {"value": "t"}, "__proto__": {"value": 7}}'),
  summary: JSON.parse('{"loss": 0.5, "train": {"acc": 0.9}, "text": "7"}'),
};
const matches = (filter: unknown) => matchesMongoFilter(run, filter);

describe("the fake's run filters", () => {
  it("read W&B's paths: config.<key> is config.<key>.value, keys may hold dots, run fields by either spelling", () => {
    expect(matches({ "config.lr": 0.01 })).toBe(true);
    expect(matches({ "config.lr.value": { $gt: 0.001, $lte: 0.01 } })).toBe(true);
    expect(matches({ "config.a.b.c": 3 })).toBe(true);
    expect(matches({ "config.raw": 5 })).toBe(true);
    expect(matches({ "summary_metrics.train.acc": { $gte: 0.9 } })).toBe(true);
    expect(matches({ display_name: "first", displayName: { $regex: "^F", $options: "i" } })).toBe(true);
    expect(matches({ "config.toString": "t", "config.__proto__": 7 })).toBe(true);
    expect(matches({ "config.constructor": { $exists: true } })).toBe(false);
  });

  it("follow Mongo: no comparison across types, any element of an array, null for missing", () => {
    expect(matches({ "summary_metrics.text": { $gt: 5 } })).toBe(false);
    expect(matches({ "summary_metrics.text": { $lt: 5 } })).toBe(false);
    expect(matches({ tags: "gpu" })).toBe(true);
    expect(matches({ tags: { $in: ["cpu", "fd"] } })).toBe(true);
    expect(matches({ tags: { $nin: ["gpu"] } })).toBe(false);
    expect(matches({ "summary_metrics.missing": null, group: null })).toBe(true);
    expect(matches({ "summary_metrics.missing": { $ne: 1 } })).toBe(true);
    expect(matches({ "summary_metrics.loss": { $not: { $gt: 1 } } })).toBe(true);
    expect(matches({ $or: [{ state: "running" }, { state: "finished" }], $nor: [{ name: "r2" }] })).toBe(true);
    expect(matches({ $and: [{ state: "finished" }, { name: "r2" }] })).toBe(false);
    // W&B reads an empty $or as no condition
    expect(matches({ $or: [] })).toBe(true);
    expect(matches({ name: { $in: [] } })).toBe(false);
  });

  it("refuse what W&B does not take, naming it and what is accepted", () => {
    expect(() => matches({ $where: "true" })).toThrow(/unsupported top-level filter operator \$where: a filter takes \$and \$or \$nor/);
    expect(() => matches({ tags: { $size: 2 } })).toThrow(/unsupported filter operator \$size: a field condition takes \$eq .* \$not/);
    expect(() => matches({ $or: { state: "finished" } })).toThrow(/\$or takes an array/);
    expect(() => matches([])).toThrow(/a filter must be a JSON object/);
  });
});

let fake: WandbFake;
beforeAll(async () => {
  fake = await startWandbFake({ fileStreamRateLimit: false });
});
afterAll(async () => {
  await fake?.close();
});

const graphql = async (query: string, variables: Record<string, unknown> = {}) => {
  const response = await fetch(`${fake.url}/graphql`, {
    method: "POST",
    headers: { authorization: `Basic ${Buffer.from(`api:${fake.apiKey}`).toString("base64")}`, "content-type": "application/json" },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as { data?: unknown; errors?: Array<{ message: string }> } };
};

describe("the fake's GraphQL", () => {
  it("serves a valid document, fragments and aliases included", async () => {
    const { status, body } = await graphql(
      "query V { me: viewer { ...U } } fragment U on User { username teams { edges { node { name } } } }",
    );
    expect(status).toBe(200);
    expect(body).toEqual({ data: { me: { username: fake.entity, teams: { edges: [{ node: { name: fake.entity } }] } } } });
  });

  it("refuses a field or an argument the schema lacks, and reports it as unserved", async () => {
    const field = await graphql("query Odd { viewer { id shoeSize } }");
    expect(field.status).toBe(400);
    expect(field.body.errors?.[0]?.message).toMatch(/Cannot query field "shoeSize" on type "User"/);
    const argument = await graphql('query Odd2 { project(name: "p", colour: "red") { id } }');
    expect(argument.status).toBe(400);
    expect(argument.body.errors?.[0]?.message).toMatch(/Unknown argument "colour"/);
    expect(fake.unserved).toEqual(expect.arrayContaining(["Odd: User.shoeSize", "Odd2: Query.project(colour)"]));
  });

  it("checks variables against their declared types, as W&B's server does", async () => {
    const wrong = await graphql("query H($p: String!, $min: Int64!) { project(name: $p) { run(name: \"r\") { history(minStep: $min) } } }", { p: "p", min: "one" });
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors?.[0]?.message).toMatch(/Int64 takes an integer, got "one"/);
    const mismatch = await graphql("query R($f: String) { project(name: \"p\") { runCount(filters: $f) } }", { f: "{}" });
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.errors?.[0]?.message).toMatch(/Variable "\$f" of type "String" used in position expecting type "JSONString"/);
    const syntax = await graphql("query { viewer { id }");
    expect(syntax.status).toBe(400);
    expect(syntax.body.errors?.[0]?.message).toMatch(/Syntax Error/);
  });

  it("answers a failing resolver with its error and the rest of the data", async () => {
    const { status, body } = await graphql("mutation { upsertBucket(input: {name: \"bad:name\", modelName: \"p\"}) { inserted } }");
    expect(status).toBe(200);
    expect(body.data).toEqual({ upsertBucket: null });
    expect(body.errors?.[0]?.message).toMatch(/Invalid run name/);
  });
});
