// `dimexp ui` on node:http: the dashboard's static files, the JSON API and the
// live-update stream, bound to 127.0.0.1 unless asked otherwise. While bound
// to loopback it answers only requests addressed to a loopback name (a DNS
// rebinding page cannot read your runs), sends no CORS headers (other sites
// cannot read the API), and the API is read-only.

import { existsSync } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { type IncomingMessage, type Server, type ServerResponse, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { dirname, extname, join, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import type { ExperimentBackend } from "@dimexp/core";
import type { ApiError } from "./api-types.js";
import { type UiApi, createUiApi } from "./api.js";
import { type LiveHub, createLiveHub } from "./live.js";
import { ApiProblem, invalidParameter } from "./problems.js";
import { QueryParams, checkId } from "./query-params.js";

export interface UiServerOptions {
  readonly backend: ExperimentBackend;
  /** the interface to bind: 127.0.0.1 (default), "::1", "0.0.0.0", a host name */
  readonly host?: string;
  /** 0 (default) picks a free port */
  readonly port?: number;
  /** the dashboard's built files (index.html, assets/); default: the copy shipped with @dimexp/cli */
  readonly assetsDir?: string;
  /** the credentials dimexp reads from here (tracking URI passwords, MLflow and W&B tokens) never appear in a response (default: process.env) */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** the tracking URI, when given explicitly (--tracking-uri): its password never appears either */
  readonly trackingUri?: string;
  readonly version?: string;
  /** live updates poll the backend this often (default 1000 ms) */
  readonly pollIntervalMs?: number;
  /** where to report backend errors met while polling (default: nowhere) */
  readonly log?: (line: string) => void;
}

export interface UiServer {
  /** http://127.0.0.1:<port>/ (IPv6 hosts in brackets) */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly assetsDir: string;
  /** whether the dashboard's files were found (the API works either way) */
  readonly hasAssets: boolean;
  readonly api: UiApi;
  /** Stops listening and ends open event streams; the backend is left open (it is the caller's). */
  close(): Promise<void>;
}

const here = (): string => {
  // tsup's shims give import.meta.url in the CommonJS build too
  return dirname(fileURLToPath(import.meta.url));
};

/**
 * Where the dashboard's built files are: dist/dashboard next to the CLI's
 * bundles (copied there by the CLI's build), or, when running from the CLI's
 * sources in this repository, its dist/dashboard.
 */
export const dashboardAssetsDir = (): string => {
  const dir = here();
  const candidates = [join(dir, "dashboard"), resolve(dir, "..", "..", "dist", "dashboard")];
  return candidates.find((c) => existsSync(join(c, "index.html"))) ?? (candidates[0] as string);
};

export const isLoopbackHost = (host: string): boolean => {
  const h = host.trim().toLowerCase().replace(/^\[|\]$/g, "");
  return h === "localhost" || h === "::1" || h.endsWith(".localhost") || /^127(?:\.\d{1,3}){3}$/.test(h) || h === "::ffff:127.0.0.1";
};

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".map": "application/json; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".woff2": "font/woff2",
};

// vega compiles its expressions with new Function: 'unsafe-eval' is the price of vega-embed.
const CSP =
  "default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; font-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

const COMMON_HEADERS: Readonly<Record<string, string>> = {
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "x-frame-options": "DENY",
  "cross-origin-resource-policy": "same-origin",
};

const send = (res: ServerResponse, status: number, type: string, body: string | Buffer, headers: Record<string, string> = {}, head = false): void => {
  res.writeHead(status, { ...COMMON_HEADERS, "content-type": type, "content-length": String(Buffer.byteLength(body)), ...headers });
  res.end(head ? undefined : body);
};

const sendError = (res: ServerResponse, api: UiApi, status: number, error: ApiError, head = false): void =>
  send(res, status, "application/json; charset=utf-8", api.serialize({ status, body: { error } }), { "cache-control": "no-store" }, head);

const missingAssetsPage = (dir: string): string => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>dimexp ui</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40em; margin: 3em auto">
<h1>The dashboard's files are missing</h1>
<p>This copy of <code>@dimexp/cli</code> has no built dashboard at <code>${dir.replace(/[<>&]/g, "")}</code>.
In the dimexp repository, run <code>pnpm build</code> (it builds <code>apps/dashboard</code> and copies it into the CLI);
from npm, reinstall <code>@dimexp/cli</code>. The JSON API works regardless: try <a href="/api/experiments">/api/experiments</a>.</p>
</body></html>`;

export const startUiServer = async (options: UiServerOptions): Promise<UiServer> => {
  const host = options.host ?? "127.0.0.1";
  const pollIntervalMs = options.pollIntervalMs ?? 1000;
  const assetsDir = resolve(options.assetsDir ?? dashboardAssetsDir());
  const hasAssets = existsSync(join(assetsDir, "index.html"));
  const api = createUiApi({
    backend: options.backend,
    pollIntervalMs,
    ...(options.env ? { env: options.env } : {}),
    ...(options.trackingUri !== undefined ? { trackingUri: options.trackingUri } : {}),
    ...(options.version ? { version: options.version } : {}),
  });
  const hub: LiveHub = createLiveHub(options.backend, pollIntervalMs, (message) => options.log?.(`live updates: ${api.redact(message)}`));
  const streams = new Set<ServerResponse>();
  const loopbackOnly = isLoopbackHost(host);
  const fileCache = new Map<string, Buffer>();

  const serveFile = async (res: ServerResponse, pathname: string, head: boolean): Promise<void> => {
    if (!hasAssets) {
      send(res, 503, "text/html; charset=utf-8", missingAssetsPage(assetsDir), { "cache-control": "no-store" }, head);
      return;
    }
    let relative: string;
    try {
      relative = decodeURIComponent(pathname);
    } catch {
      send(res, 400, "text/plain; charset=utf-8", "Bad path encoding.", {}, head);
      return;
    }
    if (relative.includes("\0") || relative.split(/[\\/]/).includes("..")) {
      send(res, 400, "text/plain; charset=utf-8", "Bad path.", {}, head);
      return;
    }
    // Paths without an extension are the page's own routes: serve the app.
    const isRoute = extname(relative) === "";
    const file = isRoute ? join(assetsDir, "index.html") : resolve(assetsDir, `.${relative}`);
    if (file !== assetsDir && !file.startsWith(assetsDir + sep)) {
      send(res, 400, "text/plain; charset=utf-8", "Bad path.", {}, head);
      return;
    }
    let body = fileCache.get(file);
    if (!body) {
      const info = await stat(file).catch(() => undefined);
      if (!info?.isFile()) {
        send(res, 404, "text/plain; charset=utf-8", `No such file: ${relative}`, { "cache-control": "no-store" }, head);
        return;
      }
      body = await readFile(file);
      fileCache.set(file, body);
    }
    const type = CONTENT_TYPES[extname(file)] ?? "application/octet-stream";
    const hashed = relative.startsWith("/assets/");
    const headers: Record<string, string> = { "cache-control": hashed ? "public, max-age=31536000, immutable" : "no-cache" };
    if (type.startsWith("text/html")) headers["content-security-policy"] = CSP;
    send(res, 200, type, body, headers, head);
  };

  const serveEvents = async (req: IncomingMessage, res: ServerResponse, query: URLSearchParams): Promise<void> => {
    let experimentId: string;
    try {
      const params = new QueryParams(query, ["experiment"]);
      const id = params.text("experiment", 200);
      if (id === undefined) throw invalidParameter("experiment", `"experiment" is required: the id of the experiment to watch.`);
      experimentId = (await api.experiment(checkId("experiment", id))).id;
    } catch (error) {
      if (error instanceof ApiProblem) sendError(res, api, error.status, error.body);
      else sendError(res, api, 500, { code: "InternalError", message: "Internal error opening the event stream." });
      return;
    }
    res.writeHead(200, {
      ...COMMON_HEADERS,
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-store",
      connection: "keep-alive",
    });
    res.write(`retry: 2000\nevent: ready\ndata: ${JSON.stringify({ experimentId, pollIntervalMs })}\n\n`);
    streams.add(res);
    const unsubscribe = hub.subscribe(experimentId, (event) => {
      res.write(`event: runs\ndata: ${JSON.stringify(api.redact.value(event))}\n\n`);
    });
    const heartbeat = setInterval(() => res.write(": keep-alive\n\n"), 15_000);
    heartbeat.unref?.();
    const stop = (): void => {
      clearInterval(heartbeat);
      unsubscribe();
      streams.delete(res);
    };
    req.on("close", stop);
    res.on("close", stop);
  };

  const server: Server = createServer((req, res) => {
    void (async () => {
      const method = req.method ?? "GET";
      const head = method === "HEAD";
      let url: URL;
      try {
        url = new URL(req.url ?? "/", "http://localhost");
      } catch {
        send(res, 400, "text/plain; charset=utf-8", "Bad request URL.");
        return;
      }
      if (loopbackOnly) {
        const hostHeader = (req.headers.host ?? "").replace(/:\d+$/, "");
        if (!isLoopbackHost(hostHeader)) {
          sendError(res, api, 421, {
            code: "InvalidParameter",
            param: "Host",
            message: `This dashboard serves only requests addressed to this machine (localhost, 127.0.0.1, [::1]), not ${JSON.stringify(hostHeader)}. To serve other hosts, start it with --host.`,
          });
          return;
        }
      }
      const pathname = url.pathname;
      if (pathname === "/api" || pathname.startsWith("/api/")) {
        if (pathname === "/api/events") {
          if (method !== "GET") {
            sendError(res, api, 405, { code: "MethodNotAllowed", message: `${method} is not allowed on /api/events: open it with GET (EventSource).` });
            return;
          }
          await serveEvents(req, res, url.searchParams);
          return;
        }
        const result = await api.handle({ method, path: pathname, query: url.searchParams });
        const headers: Record<string, string> = { "cache-control": "no-store" };
        if (result.status === 405) headers.allow = "GET, HEAD";
        send(res, result.status, "application/json; charset=utf-8", api.serialize(result), headers, head);
        return;
      }
      if (method !== "GET" && !head) {
        send(res, 405, "text/plain; charset=utf-8", `${method} is not allowed: the dashboard is read-only.`, { allow: "GET, HEAD" });
        return;
      }
      await serveFile(res, pathname, head);
    })().catch((error: unknown) => {
      options.log?.(`internal error: ${api.redact(error instanceof Error ? error.message : String(error))}`);
      if (!res.headersSent) sendError(res, api, 500, { code: "InternalError", message: "Internal error in the dashboard server." });
      else res.end();
    });
  });
  server.keepAliveTimeout = 5_000;

  await new Promise<void>((resolveListen, rejectListen) => {
    const onError = (error: Error): void => rejectListen(error);
    server.once("error", onError);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", onError);
      resolveListen();
    });
  });
  const address = server.address() as AddressInfo;
  // A wildcard bind is reachable here through loopback; that is the URL to open.
  const reachable = address.address === "0.0.0.0" ? "127.0.0.1" : address.address === "::" ? "::1" : address.address;
  const urlHost = reachable.includes(":") ? `[${reachable}]` : reachable;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${urlHost}:${address.port}/`,
    host,
    port: address.port,
    assetsDir,
    hasAssets,
    api,
    close() {
      closing ??= new Promise<void>((resolveClose) => {
        hub.close();
        for (const res of streams) res.end();
        streams.clear();
        server.close(() => resolveClose());
        server.closeAllConnections?.();
      });
      return closing;
    },
  };
};
