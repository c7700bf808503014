// Config, summary and history keys are data. A run the W&B SDK wrote may have
// any key, "__proto__", "constructor" and "toString" included: the fake, the
// offline reader and the run mapping must keep each as an own entry, never
// let one set or read an object's prototype.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { replayTransactionLog } from "../src/index.js";
import { stateFromWandb } from "../src/internal/run-mapping/from-remote.js";
import { configOf, summaryOf } from "../src/internal/run-mapping/to-remote.js";
import { configRecord, headerRecord, historyRecord, runRecord, summaryRecord } from "../src/offline/records.js";
import { WANDB_HEADER, frameRecords } from "../src/offline/transaction-log.js";
import { startWandbFake } from "../src/testing/index.js";

const own = (o: object, key: string): unknown => (Object.hasOwn(o, key) ? (o as Record<string, unknown>)[key] : "(not an own entry)");

describe("keys that name Object.prototype's properties", () => {
  it("are own entries of a replayed .wandb log's config, summary and history rows", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "dimexp-wandb-keys-"));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const records = [
      headerRecord(1, "test"),
      runRecord(2, { runId: "keys0001", entity: "e", project: "p", config: [["__proto__", { value: 1 }], ["toString", { value: "t" }]], startTime: 1_700_000_000_000 }),
      configRecord(3, [["constructor", { value: 2 }]]),
      summaryRecord(4, [["__proto__", 3], ["toString", 4]]),
      historyRecord(5, '{"toString":1,"__proto__":2,"_step":0}'),
    ];
    const framed = frameRecords(records, WANDB_HEADER.length);
    const file = path.join(dir, "run-keys0001.wandb");
    writeFileSync(file, Buffer.concat([WANDB_HEADER, framed.bytes]));
    const replayed = replayTransactionLog(file);
    if (replayed === undefined) throw new Error("the log replayed to nothing");
    expect(own(replayed.config, "__proto__")).toEqual({ value: 1 });
    expect(own(replayed.config, "toString")).toEqual({ value: "t" });
    expect(own(replayed.config, "constructor")).toEqual({ value: 2 });
    expect(own(replayed.summary, "__proto__")).toBe(3);
    expect(own(replayed.summary, "toString")).toBe(4);
    expect(own(replayed.rows[0] as object, "__proto__")).toBe(2);
    expect(own(replayed.rows[0] as object, "toString")).toBe(1);
  });

  it("survive the run mapping, W&B → dimexp → W&B", () => {
    const state = stateFromWandb({
      id: "r1",
      entity: "e",
      project: "p",
      displayName: null,
      group: null,
      state: "finished",
      config: JSON.parse('{"__proto__":{"value":1},"toString":{"value":"t"},"constructor":{"value":true}}'),
      summary: JSON.parse('{"__proto__":"text","toString":2,"_step":0}'),
      tags: ["__proto__"],
      createdAt: 1_700_000_000_000,
      heartbeatAt: 1_700_000_001_000,
      historyLineCount: 0,
    });
    expect([...state.params]).toEqual([
      ["__proto__", "1"],
      ["toString", "t"],
      ["constructor", "true"],
    ]);
    expect(state.latest.get("toString")?.value).toBe(2);
    expect(own(state.foreignSummary, "__proto__")).toBe("text");
    const config = configOf(state);
    expect(own(config, "__proto__")).toEqual({ value: 1 });
    expect(own(config, "constructor")).toEqual({ value: true });
    expect(own(summaryOf(state), "__proto__")).toBe("text");
    expect(own(summaryOf(state), "toString")).toBe(2);
  });

  it("are plain data in the W&B fake: config, summary and history keys", async () => {
    const fake = await startWandbFake({ fileStreamRateLimit: false });
    try {
      const auth = { authorization: `Basic ${Buffer.from(`api:${fake.apiKey}`).toString("base64")}`, "content-type": "application/json" };
      const graphql = async (query: string, variables: Record<string, unknown>) => {
        const response = await fetch(`${fake.url}/graphql`, { method: "POST", headers: auth, body: JSON.stringify({ query, variables }) });
        return { status: response.status, body: (await response.json()) as { data?: unknown; errors?: unknown } };
      };
      const upsert = await graphql("mutation U($input: UpsertBucketInput!) { upsertBucket(input: $input) { bucket { id name } inserted } }", {
        input: {
          name: "keys",
          modelName: "p",
          config: '{"__proto__":{"value":1},"toString":{"value":"t"}}',
          summaryMetrics: '{"__proto__":3,"constructor":4}',
        },
      });
      expect(upsert.body.errors).toBeUndefined();
      const stream = await fetch(`${fake.url}/files/${fake.entity}/p/keys/file_stream`, {
        method: "POST",
        headers: auth,
        body: JSON.stringify({ files: { "wandb-history.jsonl": { offset: 0, content: ['{"toString":1,"__proto__":2,"_step":0}'] } } }),
      });
      expect(stream.status).toBe(200);
      const run = fake.run(fake.entity, "p", "keys");
      if (run === undefined) throw new Error("the fake has no run p/keys");
      expect(own(run.config, "__proto__")).toEqual({ value: 1 });
      expect(own(run.config, "toString")).toEqual({ value: "t" });
      expect(own(run.summary, "__proto__")).toBe(3);
      expect(own(run.summary, "constructor")).toBe(4);
      const read = await graphql("query R($name: String!) { project(name: \"p\") { run(name: $name) { config summaryMetrics historyKeys } } }", { name: "keys" });
      expect(read.body.errors).toBeUndefined();
      const got = (read.body.data as { project: { run: { config: string; summaryMetrics: string; historyKeys: { keys: Record<string, unknown> } } } }).project.run;
      expect(Object.keys(JSON.parse(got.config))).toEqual(["__proto__", "toString"]);
      expect(Object.keys(JSON.parse(got.summaryMetrics))).toEqual(["__proto__", "constructor"]);
      expect(Object.keys(got.historyKeys.keys).sort()).toEqual(["__proto__", "_step", "toString"]);
    } finally {
      await fake.close();
    }
  });
});
