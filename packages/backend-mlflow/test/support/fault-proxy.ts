// An HTTP proxy in front of the real MLflow server that injects faults: it
// answers 429/503 itself (the server never sees the request), or forwards a
// request and then loses the response (drops the connection, or answers 504
// as a gateway whose upstream was too slow) — the server did apply it. It
// records every request with what the server answered, so a test can prove
// that no log-batch body was ever applied twice.

import { createHash } from "node:crypto";
import { type IncomingMessage, type ServerResponse, createServer, request } from "node:http";
import type { AddressInfo } from "node:net";

export type Fault = "pass" | "429" | "503" | "drop-response" | "gateway-timeout";

export interface ProxiedRequest {
  readonly method: string;
  readonly path: string;
  readonly bodyHash: string;
  readonly points: number;
  readonly fault: Fault;
  /** what the server answered (undefined when it never saw the request) */
  upstreamStatus: number | undefined;
}

export interface FaultProxy {
  readonly url: string;
  readonly log: readonly ProxiedRequest[];
  setFaults(decide: (request: { method: string; path: string; body: string; index: number }) => Fault): void;
  close(): Promise<void>;
}

export const startFaultProxy = async (upstream: string): Promise<FaultProxy> => {
  const target = new URL(upstream);
  const log: ProxiedRequest[] = [];
  let decide: (request: { method: string; path: string; body: string; index: number }) => Fault = () => "pass";
  let index = 0;

  const forward = (req: IncomingMessage, body: Buffer): Promise<{ status: number; headers: IncomingMessage["headers"]; body: Buffer }> =>
    new Promise((resolve, reject) => {
      const headers = { ...req.headers, host: target.host };
      delete headers["content-length"];
      const up = request(
        { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...headers, "content-length": String(body.length) } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }));
          res.on("error", reject);
        },
      );
      up.on("error", reject);
      up.end(body);
    });

  const handle = async (req: IncomingMessage, res: ServerResponse, body: Buffer) => {
    const path = (req.url ?? "").split("?")[0] as string;
    const text = body.toString("utf8");
    const fault = decide({ method: req.method ?? "GET", path, body: text, index: index++ });
    const entry: ProxiedRequest = {
      method: req.method ?? "GET",
      path,
      bodyHash: createHash("sha256").update(body).digest("hex"),
      points: (text.match(/"timestamp":/g) ?? []).length,
      fault,
      upstreamStatus: undefined,
    };
    log.push(entry);
    if (fault === "429" || fault === "503") {
      res.writeHead(Number(fault), { "content-type": "application/json", ...(fault === "429" ? { "retry-after": "0" } : {}) });
      res.end(JSON.stringify({ error_code: fault === "429" ? "REQUEST_LIMIT_EXCEEDED" : "TEMPORARILY_UNAVAILABLE", message: "injected by the fault proxy" }));
      return;
    }
    let answer: Awaited<ReturnType<typeof forward>>;
    try {
      answer = await forward(req, body);
    } catch {
      res.socket?.destroy();
      return;
    }
    entry.upstreamStatus = answer.status;
    if (fault === "drop-response") {
      res.socket?.destroy();
      return;
    }
    if (fault === "gateway-timeout") {
      res.writeHead(504, { "content-type": "text/html" });
      res.end("<html><body><h1>504 Gateway Time-out</h1></body></html>");
      return;
    }
    const headers = { ...answer.headers };
    delete headers["transfer-encoding"];
    headers["content-length"] = String(answer.body.length);
    res.writeHead(answer.status, headers);
    res.end(answer.body);
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => void handle(req, res, Buffer.concat(chunks)));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    log,
    setFaults: (d) => {
      decide = d;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};

/** A seeded random number generator, so a failing fault schedule can be replayed. */
export const seeded = (seed: number) => {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
};
