// Fault injection: failures queued for the next matching requests (by kind,
// path or GraphQL operation), optionally after the request was applied (a
// lost response), and the response a fault answers with.

export interface Fault {
  /** which requests: "graphql", "file_stream", or a RegExp on the path (default any) */
  readonly match?: "graphql" | "file_stream" | RegExp;
  /** GraphQL operation name to match */
  readonly operation?: string;
  readonly status: number;
  /** how many matching requests fail (default 1) */
  readonly times?: number;
  /** for 429: the RateLimit-Reset / Retry-After seconds (default 1) */
  readonly retryAfterSeconds?: number;
  /** apply the request, then answer with the failure (a lost response) */
  readonly afterApplying?: boolean;
}

export type RequestKind = "graphql" | "file_stream" | "other";

export interface FaultQueue {
  inject(fault: Fault): void;
  clear(): void;
  /** the first queued fault matching the request, used up by one */
  take(kind: RequestKind, path: string, operation: string | undefined): Fault | undefined;
}

export const createFaultQueue = (): FaultQueue => {
  const faults: Array<Fault & { remaining: number }> = [];
  const takeFault = (kind: RequestKind, path: string, operation: string | undefined): Fault | undefined => {
    const index = faults.findIndex((f) => {
      if (f.remaining <= 0) return false;
      if (f.operation !== undefined && f.operation !== operation) return false;
      if (f.match === undefined) return true;
      if (f.match instanceof RegExp) return f.match.test(path);
      return f.match === kind;
    });
    if (index < 0) return undefined;
    const fault = faults[index] as Fault & { remaining: number };
    fault.remaining--;
    if (fault.remaining <= 0) faults.splice(index, 1);
    return fault;
  };
  return {
    inject: (fault) => faults.push({ ...fault, remaining: fault.times ?? 1 }),
    clear: () => {
      faults.length = 0;
    },
    take: takeFault,
  };
};

/** The response a fault answers with: its status, W&B's rate-limit headers for a 429. */
export const faultResponse = (fault: Fault): { status: number; body: unknown; headers: Record<string, string> } => {
  const wait = String(fault.retryAfterSeconds ?? 1);
  const headers: Record<string, string> =
    fault.status === 429 ? { "RateLimit-Limit": "2", "RateLimit-Remaining": "0", "RateLimit-Reset": wait, "Retry-After": wait } : {};
  return { status: fault.status, body: { errors: [{ message: `injected ${fault.status}` }] }, headers };
};
