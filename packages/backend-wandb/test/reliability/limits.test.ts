// W&B's limits and failures: file_stream pacing (≤ 2 requests/s per run, which
// the fake enforces with 429s), 429 with RateLimit-* headers, 5xx with and
// without the request applied (a lost response), persistent outages, bad keys.
// Nothing logged is lost, nothing is duplicated.
import { DimExperiment, q } from "@dimexp/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type WandbFake, startWandbFake } from "../../src/testing/index.js";
import { batch, failure, must, onlineBackend, series } from "../support/helpers.js";

let fake: WandbFake;
beforeAll(async () => {
  fake = await startWandbFake();
});
afterAll(async () => {
  await fake?.close();
});

const PROJECT = "limits";
const streamRequests = (runId: string) => fake.requests.filter((r) => r.run === `${fake.entity}/${PROJECT}/${runId}`);

const newRun = async (name: string) => {
  const backend = onlineBackend(fake, { project: PROJECT });
  const exp = await must(backend.getOrCreateExperiment("limits-exp"));
  const run = await must(backend.createRun(exp.id, { name, startTime: Date.now(), tags: {} }));
  return { backend, run };
};

const storedLines = (runId: string) => fake.run(fake.entity, PROJECT, runId)?.history.length;

describe("run creation", () => {
  it("a creation whose response was lost (and was retried) leaves exactly one run", async () => {
    const backend = onlineBackend(fake, { project: PROJECT });
    const exp = await must(backend.getOrCreateExperiment("limits-exp"));
    fake.injectFault({ match: "graphql", operation: "UpsertBucket", status: 500, afterApplying: true });
    const run = await must(backend.createRun(exp.id, { name: "only-one", startTime: Date.now(), tags: {} }));
    const named = (await must(backend.searchRuns(exp.id))).filter((r) => r.info.name === "only-one");
    expect(named.map((r) => r.info.id)).toEqual([run.id]);
    await must(backend.updateRun(run.id, { status: "FINISHED", endTime: Date.now() }));
  });
});

describe("file_stream pacing", () => {
  it("coalesces concurrent batches into paced requests: no 429, every point once, in order", async () => {
    const { backend, run } = await newRun("paced");
    const batches = Array.from({ length: 40 }, (_, k) => batch({ metrics: [series("x", [k * 10, k * 10 + 1], [2 * k, 2 * k + 1])] }));
    // fire them all at once, as a busy training loop would
    await Promise.all(batches.map((b) => must(backend.logBatch(run.id, b))));
    const requests = streamRequests(run.id);
    expect(requests.filter((r) => r.status === 429)).toEqual([]);
    // the first batch goes at once; the other 39, queued meanwhile, go together 500 ms later
    expect(requests.length).toBeLessThanOrEqual(3);
    for (let i = 1; i < requests.length; i++) {
      // W&B allows 2 requests/s per run: each request starts ≥ 500 ms after the previous one answered
      expect((requests[i]?.at ?? 0) - (requests[i - 1]?.at ?? 0)).toBeGreaterThanOrEqual(450);
    }
    const history = await must(backend.getMetricHistory(run.id, "x"));
    expect([...history.steps]).toEqual(Array.from({ length: 80 }, (_, i) => i));
    expect(history.values.length).toBe(80);
    await must(backend.close());
  });

  it("splits a batch larger than a request's size budget into several requests", async () => {
    const { backend, run } = await newRun("split");
    const n = 30_000;
    await must(backend.logBatch(run.id, batch({ metrics: [series("wave", Array.from({ length: n }, (_, i) => Math.sin(i)))] })));
    expect(storedLines(run.id)).toBe(n);
    await must(backend.close());
    const small = onlineBackend(fake, { project: PROJECT, fileStreamMaxBytes: 200_000 });
    const exp = await must(small.getOrCreateExperiment("limits-exp"));
    const r2 = await must(small.createRun(exp.id, { name: "split-small", startTime: Date.now(), tags: {} }));
    const m = 8_000;
    await must(small.logBatch(r2.id, batch({ metrics: [series("wave", Array.from({ length: m }, (_, i) => Math.sin(i)))] })));
    const requests = streamRequests(r2.id).filter((r) => (r.historyLines ?? 0) > 0);
    expect(requests.length).toBeGreaterThan(2);
    expect(requests.every((r) => r.bytes < 300_000)).toBe(true);
    expect(requests.reduce((sum, r) => sum + (r.historyLines ?? 0), 0)).toBe(m);
    expect(storedLines(r2.id)).toBe(m);
    const history = await must(small.getMetricHistory(r2.id, "wave"));
    expect(history.values[m - 1]).toBe(Math.sin(m - 1));
    await must(small.close());
  });
});

describe("retries", () => {
  it("waits out a 429 as its RateLimit-Reset says and sends the data once", async () => {
    const { backend, run } = await newRun("rate-limited");
    fake.injectFault({ match: "file_stream", status: 429, times: 2, retryAfterSeconds: 1 });
    await must(backend.logBatch(run.id, batch({ metrics: [series("x", [1, 2, 3])] })));
    const statuses = streamRequests(run.id).map((r) => r.status);
    expect(statuses).toEqual([429, 429, 200]);
    const [first, , third] = streamRequests(run.id);
    expect((third?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(1900);
    expect(backend.stats?.rateLimited).toBe(2);
    expect(storedLines(run.id)).toBe(3);
    await must(backend.close());
  });

  it("retries 5xx, and a lost response (applied, then 500) duplicates nothing", async () => {
    const { backend, run } = await newRun("flaky");
    fake.injectFault({ match: "file_stream", status: 502, times: 2 });
    await must(backend.logBatch(run.id, batch({ metrics: [series("x", [1, 2, 3])] })));
    fake.injectFault({ match: "file_stream", status: 500, afterApplying: true });
    await must(backend.logBatch(run.id, batch({ metrics: [series("x", [4, 5], [3, 4])] })));
    fake.injectFault({ match: "graphql", operation: "UpsertBucket", status: 503, times: 2 });
    await must(backend.logBatch(run.id, batch({ params: [{ key: "lr", value: "0.1" }], metrics: [series("x", [6], [5])] })));
    const history = await must(backend.getMetricHistory(run.id, "x"));
    expect([...history.values]).toEqual([1, 2, 3, 4, 5, 6]);
    expect(storedLines(run.id)).toBe(6);
    expect((await must(backend.getRun(run.id)))?.params.lr).toBe("0.1");
    await must(backend.close());
  });

  it("keeps data queued through an outage longer than the retry budget, and sends it once when W&B is back", async () => {
    const backend = onlineBackend(fake, { project: PROJECT, retry: { initialDelayMs: 20, maxDelayMs: 50, maxElapsedMs: 300 } });
    const exp = await must(backend.getOrCreateExperiment("limits-exp"));
    const run = await must(backend.createRun(exp.id, { name: "outage", startTime: Date.now(), tags: {} }));
    fake.injectFault({ match: "file_stream", status: 503, times: 100_000 });
    const down = batch({ metrics: [series("x", [1, 2])] });
    const error = await failure(backend.logBatch(run.id, down));
    expect(error._tag).toBe("BackendFailure");
    expect((error as { retryable?: boolean }).retryable).toBe(true);
    expect(error.message).toMatch(/503/);
    fake.clearFaults();
    // the caller retries the same batch (as core's ActiveRun does): applied once
    await must(backend.logBatch(run.id, down));
    await must(backend.logBatch(run.id, batch({ metrics: [series("x", [3], [2])] })));
    const history = await must(backend.getMetricHistory(run.id, "x"));
    expect([...history.values]).toEqual([1, 2, 3]);
    await must(backend.close());
  });

  it("an ActiveRun rides out a W&B outage: its batches stay queued and arrive once", async () => {
    const backend = onlineBackend(fake, { project: PROJECT, retry: { initialDelayMs: 20, maxDelayMs: 50, maxElapsedMs: 200 } });
    const exp = await DimExperiment.open("outage-exp", { backend });
    const run = await exp.startRun("active-outage");
    run.logMetric("loss", q(1, "J"), { step: 0 });
    await run.flush();
    fake.injectFault({ match: "file_stream", status: 500, times: 100_000 });
    run.logMetric("loss", q(2, "J"), { step: 1 });
    await expect(run.flush()).rejects.toThrow(/500/);
    fake.clearFaults();
    run.logMetric("loss", q(3, "J"), { step: 2 });
    await run.end();
    const history = await exp.metricHistory(run.id, "loss");
    expect([...history.values]).toEqual([1, 2, 3]);
    expect((await exp.getRun(run.id)).status).toBe("FINISHED");
    await exp.close();
  });

  it("a rejected API key fails at once, naming WANDB_API_KEY", async () => {
    const strict = await startWandbFake({ apiKeys: ["a".repeat(40)] });
    try {
      const backend = onlineBackend(strict, { apiKey: "b".repeat(40) });
      const error = await failure(backend.getOrCreateExperiment("x"));
      expect(error.message).toMatch(/401/);
      expect(error.message).toMatch(/WANDB_API_KEY/);
      expect(error.message).not.toContain("b".repeat(40));
      expect((error as { retryable?: boolean }).retryable).toBe(false);
    } finally {
      await strict.close();
    }
  });
});

describe("heartbeat", () => {
  it("keeps an idle open run alive with empty file_stream requests, and stops when it ends", async () => {
    const backend = onlineBackend(fake, { project: PROJECT, heartbeatMs: 1000 });
    const exp = await must(backend.getOrCreateExperiment("limits-exp"));
    const run = await must(backend.createRun(exp.id, { name: "idle", startTime: Date.now(), tags: {} }));
    await new Promise((resolve) => setTimeout(resolve, 2600));
    expect(streamRequests(run.id).filter((r) => r.status === 200).length).toBeGreaterThanOrEqual(1);
    await must(backend.updateRun(run.id, { status: "FINISHED", endTime: Date.now() }));
    const after = streamRequests(run.id).length;
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(streamRequests(run.id).length).toBe(after);
    await must(backend.close());
  });
});
