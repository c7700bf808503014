// HTTP to a W&B server: Basic auth with the API key ("api:<key>"), JSON in and
// out, and W&B's retry rules — 429 waits as long as the server says
// (RateLimit-Reset, Retry-After), 5xx, 408 and network failures back off
// exponentially with jitter — until a time budget runs out. Other 4xx fail at
// once. Messages never contain the key.

import { setTimeout as sleep } from "node:timers/promises";

export interface RetryPolicy {
  /** give up retrying after this long, in ms (default 10 min) */
  readonly maxElapsedMs: number;
  /** first backoff, in ms (default 500) */
  readonly initialDelayMs: number;
  /** longest backoff, in ms (default 30 s) */
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxElapsedMs: 10 * 60_000, initialDelayMs: 500, maxDelayMs: 30_000 };

export interface HttpClientOptions {
  readonly baseUrl: string;
  readonly apiKey: string;
  readonly retry: RetryPolicy;
  /** per-request timeout, in ms (default 120 s) */
  readonly timeoutMs?: number;
  readonly userAgent?: string;
}

export class HttpFailure extends Error {
  constructor(
    message: string,
    readonly status: number | undefined,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

export interface HttpResponse {
  readonly status: number;
  readonly text: string;
}

export interface RequestStats {
  requests: number;
  retries: number;
  rateLimited: number;
}

/** Seconds to wait that a 429 (or 503) response asks for, if it says. */
export const retryAfterSeconds = (headers: Headers): number | undefined => {
  const reset = headers.get("ratelimit-reset");
  const remaining = headers.get("ratelimit-remaining");
  if (reset !== null && (remaining === null || Number(remaining) <= 0)) {
    const seconds = Number(reset);
    if (Number.isFinite(seconds) && seconds >= 0) return seconds;
  }
  const after = headers.get("retry-after");
  if (after !== null) {
    const seconds = Number(after);
    if (Number.isFinite(seconds) && seconds >= 0) return seconds;
    const date = Date.parse(after);
    if (Number.isFinite(date)) return Math.max(0, (date - Date.now()) / 1000);
  }
  return undefined;
};

const describeNetworkError = (error: unknown): string => {
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  if (cause?.code) return `${cause.code}${cause.message ? ` (${cause.message})` : ""}`;
  return error instanceof Error ? error.message : String(error);
};

export class HttpClient {
  readonly stats: RequestStats = { requests: 0, retries: 0, rateLimited: 0 };
  private readonly authorization: string;

  constructor(private readonly options: HttpClientOptions) {
    this.authorization = `Basic ${Buffer.from(`api:${options.apiKey}`).toString("base64")}`;
  }

  get baseUrl(): string {
    return this.options.baseUrl;
  }

  /** POSTs JSON, retrying as W&B asks; resolves with a 2xx response or rejects with HttpFailure. */
  async postJson(path: string, body: string, what: string, retry: RetryPolicy = this.options.retry): Promise<HttpResponse> {
    const url = `${this.options.baseUrl.replace(/\/+$/, "")}${path}`;
    const response = await this.send(url, { method: "POST", body, headers: { authorization: this.authorization, "content-type": "application/json" } }, what, retry);
    return { status: response.status, text: new TextDecoder().decode(response.bytes) };
  }

  /**
   * PUTs a file to an upload URL from CreateRunFiles (a signed storage URL on
   * W&B: no API key is sent, only the headers W&B asked for), retrying as W&B asks.
   */
  async putFile(url: string, body: string | Uint8Array, headers: Readonly<Record<string, string>>, what: string): Promise<void> {
    await this.send(url, { method: "PUT", body, headers: { ...headers } }, what, this.options.retry);
  }

  /**
   * GETs a run file's URL (from the files query); the API key goes only to the
   * W&B server itself, never to another host (a storage URL). 404: undefined.
   */
  async getFile(url: string, what: string): Promise<Uint8Array | undefined> {
    const sameServer = new URL(url, this.options.baseUrl).origin === new URL(this.options.baseUrl).origin;
    try {
      return (await this.send(new URL(url, this.options.baseUrl).href, { method: "GET", headers: sameServer ? { authorization: this.authorization } : {} }, what, this.options.retry)).bytes;
    } catch (error) {
      if (error instanceof HttpFailure && error.status === 404) return undefined;
      throw error;
    }
  }

  private async send(
    url: string,
    init: { method: string; body?: string | Uint8Array; headers: Record<string, string> },
    what: string,
    retry: RetryPolicy,
  ): Promise<{ status: number; bytes: Uint8Array }> {
    const started = Date.now();
    let attempt = 0;
    for (;;) {
      attempt++;
      this.stats.requests++;
      let waitMs: number;
      let problem: string;
      let status: number | undefined;
      try {
        const response = await fetch(url, {
          method: init.method,
          headers: { ...init.headers, "user-agent": this.options.userAgent ?? "dimexp-backend-wandb" },
          ...(init.body !== undefined ? { body: init.body } : {}),
          signal: AbortSignal.timeout(this.options.timeoutMs ?? 120_000),
        });
        const bytes = new Uint8Array(await response.arrayBuffer());
        status = response.status;
        if (response.ok) return { status, bytes };
        const text = new TextDecoder().decode(bytes.subarray(0, 600));
        problem = `HTTP ${status}${text ? `: ${text.slice(0, 300)}` : ""}`;
        if (status === 429) {
          this.stats.rateLimited++;
          const seconds = retryAfterSeconds(response.headers);
          waitMs = seconds !== undefined ? seconds * 1000 + Math.random() * 100 : this.backoff(attempt);
        } else if (status >= 500 || status === 408) {
          const seconds = retryAfterSeconds(response.headers);
          waitMs = seconds !== undefined ? seconds * 1000 : this.backoff(attempt);
        } else {
          const hint =
            status === 401 || status === 403
              ? " — the server rejected the API key: check WANDB_API_KEY (https://wandb.ai/authorize)"
              : status === 404
                ? " — not found (check the entity, project and run, and WANDB_BASE_URL)"
                : "";
          throw new HttpFailure(`${what}: ${problem}${hint}`, status, false);
        }
      } catch (error) {
        if (error instanceof HttpFailure) throw error;
        problem = describeNetworkError(error);
        waitMs = this.backoff(attempt);
      }
      if (Date.now() + waitMs - started > retry.maxElapsedMs) {
        throw new HttpFailure(
          `${what}: ${problem} (gave up after ${attempt} attempt${attempt === 1 ? "" : "s"} in ${Math.round((Date.now() - started) / 1000)} s; ${this.options.baseUrl})`,
          status,
          true,
        );
      }
      this.stats.retries++;
      await sleep(waitMs);
    }
  }

  private backoff(attempt: number): number {
    const { initialDelayMs, maxDelayMs } = this.options.retry;
    const base = Math.min(maxDelayMs, initialDelayMs * 2 ** (attempt - 1));
    return base * (0.75 + Math.random() * 0.5);
  }
}
