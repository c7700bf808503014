// The REST client's retries, failure classification, auth and redaction,
// against small local HTTP servers (no MLflow needed).
import { type IncomingMessage, type ServerResponse, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { RestClient, RestError, type RetryEvent } from "../src/internal/rest-client.js";
import { backoffDelay, parseRetryAfter, retryPolicy } from "../src/internal/retry.js";
import { fetchTransport } from "../src/internal/transport.js";
import { createMlflowBackend, fromTrackingUri } from "../src/index.js";
import { freePort } from "./support/mlflow-server.js";

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

const servers: Array<{ close(): void }> = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

const serve = async (handler: Handler): Promise<{ url: string; requests: Array<{ method?: string; url?: string; headers: IncomingMessage["headers"]; body: string }> }> => {
  const requests: Array<{ method?: string; url?: string; headers: IncomingMessage["headers"]; body: string }> = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      requests.push({ method: req.method, url: req.url, headers: req.headers, body });
      handler(req, res, body);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  servers.push({ close: () => server.close() });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, requests };
};

const client = (url: string, events: RetryEvent[] = [], auth?: ConstructorParameters<typeof RestClient>[0]["auth"]) =>
  new RestClient({
    baseUrl: new URL(url),
    auth,
    transport: fetchTransport,
    retry: retryPolicy({ maxAttempts: 4, baseDelayMs: 5, maxDelayMs: 50, budgetMs: 10_000 }),
    timeoutMs: 5000,
    onRetry: (e) => events.push(e),
  });

const json = (res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(value));
};

describe("RestClient", () => {
  it("retries 429, 503 and 500, honouring Retry-After", async () => {
    let n = 0;
    const { url } = await serve((_req, res) => {
      n++;
      if (n === 1) json(res, 429, { error_code: "TOO_MANY_REQUESTS", message: "slow down" }, { "retry-after": "0.2" });
      else if (n === 2) json(res, 503, { error_code: "TEMPORARILY_UNAVAILABLE", message: "busy" });
      else if (n === 3) json(res, 500, { error_code: "INTERNAL_ERROR", message: "oops" });
      else json(res, 200, { experiment: { experiment_id: "7", name: "x" } });
    });
    const events: RetryEvent[] = [];
    const found = await client(url, events).getExperimentByName("x");
    expect(found?.experiment_id).toBe("7");
    expect(events.map((e) => e.attempt)).toEqual([1, 2, 3]);
    expect(events[0]?.delayMs).toBeGreaterThanOrEqual(200);
  });

  it("does not retry a 400, and reads MLflow's error code", async () => {
    const { url, requests } = await serve((_req, res) =>
      json(res, 400, { error_code: "INVALID_PARAMETER_VALUE", message: "bad\n(sqlite3.IntegrityError) stuff" }),
    );
    const error = await client(url)
      .logBatchIdempotent("{}")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RestError);
    expect((error as RestError).code).toBe("INVALID_PARAMETER_VALUE");
    expect((error as RestError).message).not.toContain("sqlite3");
    expect(requests.length).toBe(1);
  });

  it("knows a refused connection never reached the server, and a dropped one may have", async () => {
    const port = await freePort();
    const refused = (await client(`http://127.0.0.1:${port}/`)
      .once("GET", "api/2.0/mlflow/experiments/get")
      .catch((e: unknown) => e)) as RestError;
    expect(refused.delivered).toBe(false);
    expect(refused.code).toBe("ECONNREFUSED");
    const { url } = await serve((req) => req.socket.destroy());
    const dropped = (await client(url)
      .once("POST", "api/2.0/mlflow/runs/log-batch", { body: "{}" })
      .catch((e: unknown) => e)) as RestError;
    expect(dropped.delivered).toBe(true);
    expect(dropped.retryable).toBe(true);
  });

  it("sends credentials only in the Authorization header, never in a message", async () => {
    const { url, requests } = await serve((_req, res) => json(res, 401, { error_code: "UNAUTHENTICATED", message: "no" }));
    const secretUrl = url.replace("http://", "http://alice:s3cr3t-pw@");
    const opened = createMlflowBackend({ trackingUri: secretUrl, retry: { maxAttempts: 1 } });
    if (opened._tag === "Left") throw new Error(opened.left.message);
    const b = opened.right;
    expect(b.location).not.toContain("s3cr3t");
    const result = await b.listExperiments()();
    expect(result._tag).toBe("Left");
    const message = result._tag === "Left" ? result.left.message : "";
    expect(message).toContain("401");
    expect(message).toContain("MLFLOW_TRACKING_USERNAME");
    expect(message).not.toContain("s3cr3t");
    expect(message).not.toContain("alice");
    expect(requests[0]?.headers.authorization).toBe(`Basic ${Buffer.from("alice:s3cr3t-pw").toString("base64")}`);
    expect(requests[0]?.url).not.toContain("s3cr3t");

    const fromEnv = await fromTrackingUri(url, { MLFLOW_TRACKING_TOKEN: "tok-123456" });
    if (fromEnv._tag === "Left") throw new Error(fromEnv.left.message);
    const r2 = await fromEnv.right.findExperiment("x")();
    expect(r2._tag === "Left" && r2.left.message.includes("tok-123456")).toBe(false);
    expect(requests[1]?.headers.authorization).toBe("Bearer tok-123456");

    const port = await freePort();
    const down = await fromTrackingUri(`http://bob:hunter2@127.0.0.1:${port}`, { MLFLOW_TRACKING_PASSWORD: "unused", MLFLOW_HTTP_REQUEST_MAX_RETRIES: "0" });
    if (down._tag === "Left") throw new Error(down.left.message);
    const r3 = await down.right.listExperiments()();
    expect(r3._tag === "Left" && r3.left.message).toContain("ECONNREFUSED");
    expect(r3._tag === "Left" && /hunter2|bob/.test(r3.left.message)).toBe(false);
  });

  it("refuses URIs that are not http(s)", () => {
    const bad = createMlflowBackend({ trackingUri: "ftp://u:pw@host/x" });
    expect(bad._tag === "Left" && bad.left.message).toContain("http");
    expect(bad._tag === "Left" && bad.left.message.includes("pw")).toBe(false);
  });
});

describe("backoff", () => {
  it("grows exponentially with jitter, capped, and never waits less than Retry-After", () => {
    const policy = retryPolicy({ baseDelayMs: 100, maxDelayMs: 1000 });
    expect(backoffDelay(policy, 0, undefined, () => 0)).toBe(50);
    expect(backoffDelay(policy, 0, undefined, () => 1)).toBe(100);
    expect(backoffDelay(policy, 3, undefined, () => 1)).toBe(800);
    expect(backoffDelay(policy, 10, undefined, () => 1)).toBe(1000);
    expect(backoffDelay(policy, 0, 3000, () => 0)).toBe(3000);
    expect(parseRetryAfter("2")).toBe(2000);
    expect(parseRetryAfter(new Date(Date.now() + 5000).toUTCString())).toBeGreaterThan(3000);
    expect(parseRetryAfter("soon")).toBeUndefined();
  });
});
