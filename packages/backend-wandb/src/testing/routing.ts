// The HTTP side of the fake: which route a request takes (run file uploads
// and downloads, OTLP telemetry, GraphQL, file_stream), Basic auth, injected
// faults, the file_stream rate limit, and the request log.

import type { IncomingMessage, ServerResponse } from "node:http";
import { gunzipSync } from "node:zlib";
import { isJsonObject, parseJson } from "../internal/json.js";
import { type FaultQueue, type Fault, faultResponse } from "./faults.js";
import { applyFileStream } from "./file-stream.js";
import type { DocumentNode } from "graphql";
import { executeGraphQL, operationNameOf, parseGraphQL } from "./graphql.js";
import type { GraphQLRoots } from "./resolvers.js";
import { buildWandbSchema } from "./schema.js";
import type { FakeStore } from "./store.js";

export interface RequestLogEntry {
  /** ms since the fake started */
  readonly at: number;
  readonly method: string;
  readonly path: string;
  /** GraphQL operation name, when the request was GraphQL */
  readonly operation?: string | undefined;
  /** GraphQL variables, when the request was GraphQL */
  readonly variables?: Record<string, unknown> | undefined;
  /** entity/project/run of a file_stream request */
  readonly run?: string | undefined;
  readonly status: number;
  readonly bytes: number;
  /** history lines in a file_stream request */
  readonly historyLines?: number | undefined;
}

const readBody = async (req: IncomingMessage): Promise<Buffer> => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  return req.headers["content-encoding"] === "gzip" ? gunzipSync(body) : body;
};

export interface RouterOptions {
  readonly store: FakeStore;
  readonly roots: GraphQLRoots;
  readonly faults: FaultQueue;
  /** undefined when a file_stream request for this run may go, else the seconds to wait */
  readonly takeToken: (run: string) => number | undefined;
  /** requests per second the file_stream limit allows (for RateLimit-Limit), 0 when off */
  readonly requestsPerSecond: number;
  /** API keys accepted; undefined: any non-empty key */
  readonly apiKeys: readonly string[] | undefined;
  /** performance.now() when the fake started */
  readonly started: number;
  readonly requests: RequestLogEntry[];
  readonly unserved: string[];
  readonly operations: Map<string, string>;
}

export const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void => {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(text);
};

const failWith = (res: ServerResponse, fault: Fault): void => {
  const { status, body, headers } = faultResponse(fault);
  send(res, status, body, headers);
};

export const createRouter = (options: RouterOptions): ((req: IncomingMessage, res: ServerResponse) => Promise<unknown>) => {
  const { store, roots, faults, takeToken, started, requests, unserved, operations } = options;
  const { getProject } = store;
  const schema = buildWandbSchema();
  const documents = new Map<string, DocumentNode>();
  const takeFault = faults.take;

  const authorized = (req: IncomingMessage): boolean => {
    const header = req.headers.authorization ?? "";
    const match = /^Basic\s+(.+)$/i.exec(header);
    if (!match) return false;
    const decoded = Buffer.from(match[1] as string, "base64").toString();
    const key = decoded.slice(decoded.indexOf(":") + 1);
    if (key === "") return false;
    return options.apiKeys ? options.apiKeys.includes(key) : true;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://fake");
    const path = url.pathname;
    const method = req.method ?? "GET";
    const log = (status: number, bytes: number, extra: Partial<RequestLogEntry> = {}) =>
      requests.push({ at: performance.now() - started, method, path, status, bytes, ...extra });
    const body = await readBody(req);

    if (method === "PUT" && path.startsWith("/upload/")) {
      const fault = takeFault("other", path, undefined);
      if (fault && !fault.afterApplying) {
        log(fault.status, body.length);
        return failWith(res, fault);
      }
      const [entity, project, runName, file] = path.slice("/upload/".length).split("/").map(decodeURIComponent);
      const run = getProject(entity as string, project as string)?.runs.get(runName as string);
      if (!run) {
        log(404, body.length);
        return send(res, 404, { error: "no such run" });
      }
      run.files.set(file as string, body);
      if (fault) {
        log(fault.status, body.length);
        return failWith(res, fault);
      }
      log(200, body.length);
      return send(res, 200, {});
    }
    if (method === "GET" && path.startsWith("/files-content/")) {
      const [entity, project, runName, file] = path.slice("/files-content/".length).split("/").map(decodeURIComponent);
      const content = getProject(entity as string, project as string)?.runs.get(runName as string)?.files.get(file as string);
      log(content ? 200 : 404, 0);
      if (!content) return send(res, 404, { error: "no such file" });
      res.writeHead(200, { "content-type": "application/octet-stream" });
      return res.end(content);
    }

    if (method === "POST" && path.startsWith("/sdk/otel/")) {
      // the SDK exports its own telemetry (OTLP) to the base URL: accepted and dropped
      log(200, body.length);
      return send(res, 200, {});
    }

    if (!authorized(req)) {
      log(401, body.length);
      return send(res, 401, { errors: [{ message: "unauthorized: a valid API key is required (Basic auth, user 'api')" }] });
    }

    if (method === "POST" && path === "/graphql") {
      let payload: { query?: string; variables?: Record<string, unknown>; operationName?: string };
      try {
        payload = JSON.parse(body.toString("utf8")) as typeof payload;
      } catch {
        log(400, body.length);
        return send(res, 400, { errors: [{ message: "request body is not JSON" }] });
      }
      const query = payload.query ?? "";
      let document = documents.get(query);
      try {
        if (!document) {
          document = parseGraphQL(query);
          documents.set(query, document);
        }
      } catch (error) {
        log(400, body.length);
        return send(res, 400, { errors: [{ message: error instanceof Error ? error.message : String(error) }] });
      }
      const operationName = operationNameOf(document, payload.operationName);
      if (operationName && !operations.has(operationName)) operations.set(operationName, query);
      const fault = takeFault("graphql", path, operationName);
      if (fault && !fault.afterApplying) {
        log(fault.status, body.length, { operation: operationName });
        return failWith(res, fault);
      }
      const result = executeGraphQL({
        schema,
        document,
        operationName: payload.operationName || undefined,
        variables: payload.variables ?? {},
        roots,
        context: undefined,
        onUnserved: (field) => {
          const what = `${operationName ?? "(anonymous)"}: ${field}`;
          if (!unserved.includes(what)) unserved.push(what);
        },
      });
      if (fault) {
        log(fault.status, body.length, { operation: operationName });
        return failWith(res, fault);
      }
      log(result.errors && result.data === null ? 400 : 200, body.length, { operation: operationName, variables: payload.variables ?? {} });
      return send(res, result.errors && result.data === null ? 400 : 200, result);
    }

    const stream = /^\/files\/([^/]+)\/([^/]+)\/([^/]+)\/file_stream$/.exec(path);
    if (method === "POST" && stream) {
      const [entity, projectName, runName] = stream.slice(1).map(decodeURIComponent) as [string, string, string];
      const runPath = `${entity}/${projectName}/${runName}`;
      const fault = takeFault("file_stream", path, undefined);
      if (fault && !fault.afterApplying) {
        log(fault.status, body.length, { run: runPath });
        return failWith(res, fault);
      }
      const wait = takeToken(runPath);
      if (wait !== undefined) {
        const reset = String(Math.max(1, Math.ceil(wait)));
        log(429, body.length, { run: runPath });
        return send(res, 429, { error: "rate limit exceeded: at most 2 file_stream requests per second per run" }, {
          "RateLimit-Limit": String(options.requestsPerSecond),
          "RateLimit-Remaining": "0",
          "RateLimit-Reset": reset,
          "Retry-After": reset,
        });
      }
      const run = getProject(entity, projectName)?.runs.get(runName);
      if (!run) {
        log(404, body.length, { run: runPath });
        return send(res, 404, { error: `run ${runPath} not found` });
      }
      let historyLines = 0;
      try {
        const parsed = parseJson(body.toString("utf8"));
        if (!isJsonObject(parsed)) throw new Error("file_stream body must be a JSON object");
        historyLines = applyFileStream(run, parsed);
      } catch (error) {
        log(400, body.length, { run: runPath });
        return send(res, 400, { error: error instanceof Error ? error.message : String(error) });
      }
      if (fault) {
        log(fault.status, body.length, { run: runPath, historyLines });
        return failWith(res, fault);
      }
      log(200, body.length, { run: runPath, historyLines });
      return send(res, 200, { exitcode: null, limits: {} });
    }

    const what = `${method} ${path}`;
    if (!unserved.includes(what)) unserved.push(what);
    log(404, body.length);
    return send(res, 404, { error: `the W&B fake does not serve ${what}` });
  };

  return handle;
};
