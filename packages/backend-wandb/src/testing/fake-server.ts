// A Weights & Biases protocol fake: a small HTTP server speaking the parts of
// W&B's API that dimexp and the real `wandb` Python package use — GraphQL at
// /graphql (viewer, server info and features, projects, UpsertBucket, the
// Runs/Run queries, history, sampled and parquet-less history, run files) and
// file_stream at /files/<entity>/<project>/<run>/file_stream — with Basic
// auth, W&B's per-run file_stream rate limit (429 with RateLimit-* headers),
// fault injection and a request log. It is trusted only as far as the real
// wandb package accepts it: see this package's tests.//
// The fake is in parts: store.ts (projects and runs), schema.ts (the SDL it
// serves) and graphql.ts (graphql-js over it), resolvers.ts (the GraphQL
// objects and roots), mongo-filter.ts and run-paths.ts (runs filters, with
// mingo), file-stream.ts (file_stream and its rate limit), faults.ts (fault
// injection) and routing.ts (HTTP); this file starts them.

import { randomBytes } from "node:crypto";
import { type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { type Fault, createFaultQueue } from "./faults.js";
import { createRateLimiter } from "./file-stream.js";
import { createRoots } from "./resolvers.js";
import { type RequestLogEntry, createRouter, send } from "./routing.js";
import { type FakeProject, type FakeRun, createStore } from "./store.js";

export type { Fault } from "./faults.js";
export type { RequestLogEntry } from "./routing.js";
export type { FakeProject, FakeRun } from "./store.js";

export interface WandbFakeOptions {
  /** API keys the fake accepts (default: any non-empty key) */
  readonly apiKeys?: readonly string[];
  /** the viewer's entity (default "dimexp") */
  readonly entity?: string;
  readonly host?: string;
  readonly port?: number;
  /** W&B's file_stream limit per run; false disables it (default 2 requests/s, burst 2) */
  readonly fileStreamRateLimit?: { readonly requestsPerSecond: number; readonly burst: number } | false;
}

export interface WandbFake {
  /** base URL, e.g. http://127.0.0.1:41234 (use as WANDB_BASE_URL) */
  readonly url: string;
  /** an API key the fake accepts */
  readonly apiKey: string;
  readonly entity: string;
  /** every request, in arrival order */
  readonly requests: RequestLogEntry[];
  /** GraphQL fields and routes a client asked for that the fake does not serve */
  readonly unserved: string[];
  /** GraphQL operations a client sent, by name, with their raw query text (first of each) */
  readonly operations: Map<string, string>;
  readonly projects: Map<string, FakeProject>;
  /** queues failures for the next matching requests */
  injectFault(fault: Fault): void;
  /** drops the failures not yet used */
  clearFaults(): void;
  run(entity: string, project: string, name: string): FakeRun | undefined;
  close(): Promise<void>;
}

export const startWandbFake = async (options: WandbFakeOptions = {}): Promise<WandbFake> => {
  const started = performance.now();
  const defaultEntity = options.entity ?? "dimexp";
  const apiKey = options.apiKeys?.[0] ?? `fake-${randomBytes(20).toString("hex")}`;
  const limit = options.fileStreamRateLimit === undefined ? { requestsPerSecond: 2, burst: 2 } : options.fileStreamRateLimit;
  const requests: RequestLogEntry[] = [];
  const unserved: string[] = [];
  const operations = new Map<string, string>();
  const store = createStore(defaultEntity);
  const faults = createFaultQueue();
  let baseUrl = "";
  const handle = createRouter({
    store,
    roots: createRoots(store, () => baseUrl),
    faults,
    takeToken: createRateLimiter(limit),
    requestsPerSecond: limit ? limit.requestsPerSecond : 0,
    apiKeys: options.apiKeys,
    started,
    requests,
    unserved,
    operations,
  });

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, 500, { error: error instanceof Error ? error.message : String(error) });
      else res.end();
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const address = server.address() as AddressInfo;
  baseUrl = `http://${address.address}:${address.port}`;

  return {
    url: baseUrl,
    apiKey,
    entity: defaultEntity,
    requests,
    unserved,
    operations,
    projects: store.projects,
    injectFault: faults.inject,
    clearFaults: faults.clear,
    run: store.run,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};
