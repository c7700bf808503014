// One HTTP exchange, over Node's fetch — or over node:https when TLS needs
// settings fetch cannot take without a dependency (MLFLOW_TRACKING_INSECURE_TLS,
// MLFLOW_TRACKING_SERVER_CERT_PATH). A network failure says whether the request
// certainly never reached the server (refused, unresolvable host): only then
// is re-sending a write safe without first checking what the server applied.

import * as http from "node:http";
import * as https from "node:https";

export interface HttpRequest {
  readonly method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string | Uint8Array | undefined;
  readonly timeoutMs: number;
}

export interface HttpResponse {
  readonly status: number;
  header(name: string): string | null;
  text(): Promise<string>;
  bytes(): Promise<Uint8Array>;
}

export type Transport = (request: HttpRequest) => Promise<HttpResponse>;

/** A request that got no HTTP response. `delivered` is false only when the server cannot have seen it. */
export class NetworkError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly delivered: boolean,
  ) {
    super(message);
    this.name = "NetworkError";
  }
}

const NOT_DELIVERED = new Set(["ECONNREFUSED", "UND_ERR_CONNECT_TIMEOUT", "ENOTFOUND", "EAI_AGAIN", "ENETUNREACH", "EHOSTUNREACH", "EADDRNOTAVAIL", "ERR_INVALID_URL"]);

const causeCode = (error: unknown): string => {
  let e: unknown = error;
  for (let depth = 0; depth < 4 && e; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") return code;
    const errors = (e as { errors?: unknown[] }).errors; // AggregateError (IPv4 + IPv6 attempts)
    if (Array.isArray(errors) && errors.length > 0) {
      const codes = errors.map(causeCode);
      return codes.every((c) => NOT_DELIVERED.has(c)) ? (codes[0] as string) : (codes.find((c) => !NOT_DELIVERED.has(c)) ?? "UNKNOWN");
    }
    e = (e as { cause?: unknown }).cause;
  }
  return (error as { name?: string })?.name === "TimeoutError" ? "ETIMEDOUT" : "UNKNOWN";
};

const networkError = (error: unknown, request: HttpRequest): NetworkError => {
  const code = causeCode(error);
  const what = code === "ETIMEDOUT" ? `no response within ${request.timeoutMs} ms` : code === "UNKNOWN" ? "network error" : code;
  return new NetworkError(`${request.method} ${request.url.pathname}: ${what}`, code, !NOT_DELIVERED.has(code));
};

export const fetchTransport: Transport = async (request) => {
  let response: Response;
  try {
    response = await fetch(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body as RequestInit["body"],
      signal: AbortSignal.timeout(request.timeoutMs),
    });
  } catch (error) {
    throw networkError(error, request);
  }
  let consumed: Promise<Uint8Array> | undefined;
  const bytes = () =>
    (consumed ??= response.arrayBuffer().then(
      (b) => new Uint8Array(b),
      (error) => {
        throw networkError(error, request);
      },
    ));
  return {
    status: response.status,
    header: (name) => response.headers.get(name),
    bytes,
    text: async () => new TextDecoder().decode(await bytes()),
  };
};

export interface TlsOptions {
  /** accept any certificate (MLFLOW_TRACKING_INSECURE_TLS) */
  readonly insecure?: boolean;
  /** PEM certificate(s) to trust (MLFLOW_TRACKING_SERVER_CERT_PATH) */
  readonly ca?: string | Buffer;
}

/** node:http(s) with keep-alive, for TLS settings fetch cannot take. */
export const nodeTransport = (tls: TlsOptions): Transport => {
  const httpsAgent = new https.Agent({ keepAlive: true, rejectUnauthorized: !tls.insecure, ...(tls.ca ? { ca: tls.ca } : {}) });
  const httpAgent = new http.Agent({ keepAlive: true });
  return (request) =>
    new Promise<HttpResponse>((resolve, reject) => {
      const secure = request.url.protocol === "https:";
      const req = (secure ? https : http).request(
        request.url,
        { method: request.method, headers: request.headers, agent: secure ? httpsAgent : httpAgent, timeout: request.timeoutMs },
        (res) => {
          const chunks: Buffer[] = [];
          const body = new Promise<Uint8Array>((ok, fail) => {
            res.on("data", (c: Buffer) => chunks.push(c));
            res.on("end", () => ok(new Uint8Array(Buffer.concat(chunks))));
            res.on("error", (e) => fail(networkError(e, request)));
          });
          body.catch(() => undefined);
          resolve({
            status: res.statusCode ?? 0,
            header: (name) => {
              const v = res.headers[name.toLowerCase()];
              return v === undefined ? null : Array.isArray(v) ? v.join(", ") : v;
            },
            bytes: () => body,
            text: async () => new TextDecoder().decode(await body),
          });
        },
      );
      req.on("timeout", () => req.destroy(Object.assign(new Error("timeout"), { code: "ETIMEDOUT" })));
      req.on("error", (e) => reject(networkError(e, request)));
      if (request.body !== undefined) req.end(request.body);
      else req.end();
    });
};
