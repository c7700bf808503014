// The HTTP side of `dimexp ui`: static files with a strict policy, loopback
// only by default, and live updates over Server-Sent Events while a run logs.

import { mkdtempSync, rmSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createLocalBackend } from "@dimexp/backend-local";
import { type RunsChangedEvent, type UiServer, createLiveHub, startUiServer } from "@dimexp/cli/ui";
import { DimExperiment, type ExperimentBackend, createMemoryBackend, q } from "@dimexp/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXPERIMENT, type Fixture, makeStore } from "../fixtures.js";

const distDir = fileURLToPath(new URL("../../dist", import.meta.url));

let fixture: Fixture;
let backend: ExperimentBackend;
let server: UiServer;

/** A raw GET (fetch would not let a test set the Host header). */
const get = (url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> =>
  new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        body += chunk;
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on("error", reject);
    req.end();
  });

beforeAll(async () => {
  fixture = await makeStore();
  const opened = createLocalBackend({ path: fixture.path });
  if (opened._tag === "Left") throw new Error(opened.left.message);
  backend = opened.right;
  server = await startUiServer({ backend, port: 0, assetsDir: distDir, pollIntervalMs: 100, env: {} });
});

afterAll(async () => {
  await server?.close();
  await backend?.close()();
  fixture?.cleanup();
});

describe("serving the dashboard", () => {
  it("binds 127.0.0.1 by default and serves the page with a content security policy", async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(server.hasAssets).toBe(true);
    const page = await get(server.url);
    expect(page.status).toBe(200);
    expect(page.headers["content-type"]).toMatch(/text\/html/);
    expect(page.headers["content-security-policy"]).toMatch(/default-src 'self'/);
    expect(page.headers["x-content-type-options"]).toBe("nosniff");
    expect(page.headers["access-control-allow-origin"]).toBeUndefined();
    expect(page.body).toMatch(/<script type="module"[^>]*src="\.\/assets\/index-[\w-]+\.js"/);
    const script = /src="\.\/(assets\/index-[\w-]+\.js)"/.exec(page.body)?.[1] as string;
    const asset = await get(`${server.url}${script}`);
    expect(asset.status).toBe(200);
    expect(asset.headers["cache-control"]).toMatch(/immutable/);
  });

  it("answers only requests addressed to a loopback name (DNS rebinding)", async () => {
    const evil = await get(`${server.url}api/experiments`, { host: "attacker.example:80" });
    expect(evil.status).toBe(421);
    expect(evil.body).not.toContain(EXPERIMENT);
    expect((await get(`${server.url}api/experiments`, { host: `localhost:${server.port}` })).status).toBe(200);
  });

  it("refuses paths outside the dashboard and serves the app for its own routes", async () => {
    expect((await get(`${server.url}assets/..%2f..%2fpackage.json`)).status).toBe(400);
    expect((await get(`${server.url}assets/nope.js`)).status).toBe(404);
    const route = await get(`${server.url}compare`);
    expect(route.status).toBe(200);
    expect(route.body).toContain('<div id="app">');
  });

  it("still serves the API, with a page saying how to build, when the dashboard's files are missing", async () => {
    const empty = mkdtempSync(join(tmpdir(), "dimexp-no-dashboard-"));
    const bare = await startUiServer({ backend, port: 0, assetsDir: empty, env: {} });
    try {
      expect(bare.hasAssets).toBe(false);
      const page = await get(bare.url);
      expect(page.status).toBe(503);
      expect(page.body).toMatch(/pnpm build/);
      expect((await get(`${bare.url}api/experiments`)).status).toBe(200);
    } finally {
      await bare.close();
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

describe("live updates", () => {
  it("the hub tells listeners which runs changed, and stops polling without them", async () => {
    const memory = createMemoryBackend();
    const exp = await DimExperiment.open("live", { backend: memory });
    const run = await exp.startRun("growing", { flushIntervalMs: 1_000_000 });
    run.logMetric("loss", q(1, "J"), { step: 0 });
    await run.flush();
    const hub = createLiveHub(memory, 30);
    const events: RunsChangedEvent[] = [];
    const stop = hub.subscribe(exp.id, (e) => events.push(e));
    await new Promise((r) => setTimeout(r, 100));
    run.logMetric("loss", q(0.5, "J"), { step: 1 });
    await run.flush();
    await expect.poll(() => events.length, { timeout: 2000 }).toBeGreaterThan(0);
    expect(events[0]).toMatchObject({ experimentId: exp.id, changed: [run.id], added: [], removed: [] });
    const second = await exp.startRun("new");
    await expect.poll(() => events.some((e) => e.added.includes(second.id)), { timeout: 2000 }).toBe(true);
    stop();
    hub.close();
    await run.end();
    await second.end();
  });

  it("streams a run's new points to the page over Server-Sent Events", async () => {
    const experiments = JSON.parse((await get(`${server.url}api/experiments`)).body) as { experiments: Array<{ id: string; name: string }> };
    const experimentId = (experiments.experiments[0] as { id: string }).id;
    const controller = new AbortController();
    const response = await fetch(`${server.url}api/events?experiment=${experimentId}`, { signal: controller.signal });
    expect(response.headers.get("content-type")).toMatch(/text\/event-stream/);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let text = "";
    const readUntil = async (pattern: RegExp): Promise<void> => {
      while (!pattern.test(text)) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`stream ended before ${pattern}: ${text}`);
        text += decoder.decode(value, { stream: true });
      }
    };
    await readUntil(/event: ready/);
    // another writer (a training script) appends to the store the server reads
    const writer = createLocalBackend({ path: fixture.path });
    if (writer._tag === "Left") throw new Error(writer.left.message);
    const exp = await DimExperiment.open(EXPERIMENT, { backend: writer.right });
    const run = await exp.startRun("still-logging");
    run.logMetric("loss", q(3, "J"), { step: 0 });
    await run.flush();
    await readUntil(new RegExp(`event: runs\\ndata: .*${run.id}`));
    controller.abort();
    await run.end();
    await writer.right.close()();
  });

  it("validates the event stream's experiment", async () => {
    expect((await get(`${server.url}api/events`)).status).toBe(400);
    expect((await get(`${server.url}api/events?experiment=404404`)).status).toBe(404);
    expect((await get(`${server.url}api/events?experiment=1&x=2`)).status).toBe(400);
  });
});
