// Writing a core LogBatch to one run: at most once per batch id, and every
// chunk exactly once even when responses are lost.
//
// MLflow cannot deduplicate a re-sent log-batch in general (the SQL store
// drops only exact primary-key repeats, after an expensive recovery —
// mlflow#24577 — and nothing says other stores do), so a chunk is never sent
// again blindly: after a failure that may have reached the server (a lost or
// cut-off response, a timeout, a 5xx or 429 from a proxy), the writer first
// asks the server whether the chunk's witness point is there (one
// get-history-bulk-interval call on one step). Present: the chunk's points were
// applied — they commit in one transaction — and only its tags are checked
// (MLflow commits tags after points) and completed if missing. Absent: the
// chunk is sent again. A request that certainly never reached the server
// (connection refused) is simply sent again.
//
// Chunks with params go first, one at a time (a changed param is refused
// before any point is written); the other chunks are pipelined.

import type { KeyValue, LogBatch } from "@dimexp/core";
import type { ArtifactPlace } from "./artifact-store.js";
import { type KeyCursor, compareSortKeys, reconstruct, wireIdentity } from "./fidelity.js";
import { type Chunk, type PlannedBatch, planBatch } from "./plan.js";
import { fixesByMetric } from "./records.js";
import { RestError, type RestClient } from "./rest-client.js";
import { sleep } from "./retry.js";
import { type WireRun, recordOf, storedValue, wireNumber } from "./wire.js";

export interface RunState {
  readonly runId: string;
  readonly experimentId: string;
  /** where the run's artifacts (array files) go: the server's proxy, a local root, or nowhere (why) */
  readonly artifacts: ArtifactPlace;
  /** created by this backend: every cursor starts empty, nothing to load */
  readonly fresh: boolean;
  readonly cursors: Map<string, KeyCursor>;
  readonly loadedKeys: Set<string>;
  lastSequence: number;
  /** log batches to this run one after another */
  chain: Promise<unknown>;
  readonly plans: Map<string, BatchProgress>;
}

export interface BatchProgress {
  readonly fingerprint: string;
  readonly plan: PlannedBatch;
  readonly arrays: ReadonlyArray<{ readonly path: string; readonly body: string }>;
  readonly done: Set<number>;
  readonly arraysDone: Set<number>;
  /** cursors before planning, to undo a plan of which nothing was applied */
  readonly undo: ReadonlyArray<[string, KeyCursor | undefined]>;
}

/** Sequences sort in logging order: 11 base-36 digits of max(previous + 1, now × 1024). */
export const nextSequence = (state: RunState): string => {
  state.lastSequence = Math.max(state.lastSequence + 1, Date.now() * 1024);
  return state.lastSequence.toString(36).padStart(11, "0");
};

export const fingerprintOf = (batch: LogBatch): string =>
  `${batch.params.length}/${batch.tags.length}/${batch.metrics.map((m) => `${m.key}:${m.values.length}`).join(",")}/${batch.arrays.length}`;

export interface WriterContext {
  readonly client: RestClient;
  readonly maxInFlight: number;
  /** history page size for loading cursors of a run this backend did not create */
  readonly historyPageSize: number;
}

/** Reads one metric's stored history (server order) and its fix entries. */
export const readStoredHistory = async (
  client: RestClient,
  runId: string,
  key: string,
  pageSize: number,
): Promise<{ ts: Float64Array; step: Float64Array; value: Float64Array }> => {
  const ts: number[] = [];
  const step: number[] = [];
  const value: number[] = [];
  let token: string | undefined;
  do {
    const page = await client.metricHistoryPage(runId, key, pageSize, token);
    for (const m of page.metrics) {
      ts.push(wireNumber(m.timestamp));
      step.push(wireNumber(m.step));
      value.push(wireNumber(m.value));
    }
    token = page.nextPageToken;
  } while (token);
  return { ts: Float64Array.from(ts), step: Float64Array.from(step), value: Float64Array.from(value) };
};

/** The cursors of metrics this backend did not write from the start (a resumed run). */
const loadCursors = async (ctx: WriterContext, state: RunState, keys: readonly string[]): Promise<void> => {
  const missing = keys.filter((k) => !state.fresh && !state.loadedKeys.has(k));
  if (missing.length === 0) return;
  const run = await ctx.client.getRun(state.runId);
  const fixes = fixesByMetric(recordOf(run?.data?.tags));
  for (const key of missing) {
    const stored = await readStoredHistory(ctx.client, state.runId, key, ctx.historyPageSize);
    const n = stored.ts.length;
    const cursor: KeyCursor = { high: undefined, last: undefined };
    if (n > 0) {
      // the server's order is by sort key: its last point is the largest
      const v = stored.value[n - 1] as number;
      cursor.high = { ts: stored.ts[n - 1] as number, step: stored.step[n - 1] as number, sort: Number.isNaN(v) ? 0 : storedValue(v) };
      const logged = reconstruct(stored, fixes.get(key) ?? []);
      cursor.last = { ts: logged.ts[n - 1] as number, step: logged.step[n - 1] as number, value: logged.value[n - 1] as number };
      // a fixed point may sort later than its stored neighbours' keys suggest
      for (let i = 0; i < n; i++) {
        const sv = stored.value[i] as number;
        const k = { ts: stored.ts[i] as number, step: stored.step[i] as number, sort: Number.isNaN(sv) ? 0 : sv };
        if (compareSortKeys(k, cursor.high) > 0) cursor.high = k;
      }
    }
    state.cursors.set(key, cursor);
    state.loadedKeys.add(key);
  }
};

/** Plans a batch (or finds the plan of an earlier attempt with the same id). */
export const planFor = async (ctx: WriterContext, state: RunState, batch: LogBatch, arrayPath: (key: string, seq: string, step: number) => string, encodeArray: (i: number) => string): Promise<BatchProgress> => {
  const fingerprint = fingerprintOf(batch);
  const existing = state.plans.get(batch.id);
  if (existing && existing.fingerprint === fingerprint) return existing;
  if (existing) undoPlan(state, batch.id);
  await loadCursors(ctx, state, batch.metrics.map((m) => m.key));
  const undo: Array<[string, KeyCursor | undefined]> = batch.metrics.map((m) => {
    const c = state.cursors.get(m.key);
    return [m.key, c ? { high: c.high, last: c.last } : undefined];
  });
  const plan = planBatch(state.runId, batch, state.cursors, () => nextSequence(state));
  const arrays = batch.arrays.map((a, i) => ({ path: arrayPath(a.key, nextSequence(state), a.step), body: encodeArray(i) }));
  const progress: BatchProgress = { fingerprint, plan, arrays, done: new Set(), arraysDone: new Set(), undo };
  state.plans.set(batch.id, progress);
  return progress;
};

/** Forgets a plan of which nothing was applied, restoring the cursors it advanced (else keeps it). */
export const undoPlan = (state: RunState, batchId: string): void => {
  const progress = state.plans.get(batchId);
  // once a chunk is applied the plan stays: sending the batch again must skip it
  if (!progress || progress.done.size > 0) return;
  state.plans.delete(batchId);
  for (const [key, cursor] of progress.undo) {
    if (cursor === undefined) state.cursors.delete(key);
    else state.cursors.set(key, cursor);
  }
};

type Verdict = "applied" | "absent";

/** Whether a chunk whose outcome is unknown was applied (its points commit together). */
const verifyChunk = async (ctx: WriterContext, state: RunState, chunk: Chunk): Promise<Verdict> => {
  if (chunk.points === 0) return "absent"; // params and tags only: repeating them is harmless
  const { client } = ctx;
  if (chunk.witness) {
    const { key, stepText, identity } = chunk.witness;
    const found = await client.metricHistoryAtSteps(state.runId, key, stepText, stepText, 2500);
    const has = (list: typeof found) => list.some((m) => wireIdentity(wireNumber(m.timestamp), wireNumber(m.step), wireNumber(m.value)) === identity);
    if (has(found)) return "applied";
    if (found.length < 2500) return "absent";
    // more points on that one step than the interval call returns: read them all
    const stored = await readStoredHistory(client, state.runId, key, ctx.historyPageSize);
    for (let i = 0; i < stored.ts.length; i++) {
      if (wireIdentity(stored.ts[i] as number, stored.step[i] as number, stored.value[i] as number) === identity) return "applied";
    }
    return "absent";
  }
  // Every point of the chunk is out of order: its fix tags are the evidence. (The
  // server commits tags just after points; should it die in between, the chunk is
  // sent again, and the SQL store drops exact repeats of points.)
  const run = await client.getRun(state.runId);
  const tags = recordOf(run?.data?.tags);
  const fixTags = chunk.tags.filter((t) => t.key.startsWith("dimexp.fix."));
  return fixTags.length > 0 && fixTags.every((t) => tags[t.key] === t.value) ? "applied" : "absent";
};

/** After a chunk's points were found applied: make sure its params and tags were too. */
const completeChunk = async (ctx: WriterContext, state: RunState, chunk: Chunk): Promise<void> => {
  if (chunk.tags.length === 0 && chunk.params.length === 0) return;
  const run: WireRun | undefined = await ctx.client.getRun(state.runId);
  const tags = recordOf(run?.data?.tags);
  const params = recordOf(run?.data?.params);
  const missingTags = chunk.tags.filter((t) => tags[t.key] !== t.value);
  const missingParams = chunk.params.filter((p) => params[p.key] === undefined);
  if (missingTags.length === 0 && missingParams.length === 0) return;
  const kv = (list: readonly KeyValue[]) => list.map((x) => ({ key: x.key, value: x.value }));
  await ctx.client.logBatchIdempotent(JSON.stringify({ run_id: state.runId, params: kv(missingParams), tags: kv(missingTags), metrics: [] }));
};

/** Sends one chunk so that it is applied exactly once; rejects with the last RestError when retries run out. */
export const sendChunk = async (ctx: WriterContext, state: RunState, chunk: Chunk): Promise<void> => {
  const { client } = ctx;
  const policy = client.policy;
  const started = Date.now();
  let uncertain = false;
  let lastError: unknown;
  for (let attempt = 0; ; attempt++) {
    try {
      if (uncertain) {
        const verdict = await verifyChunk(ctx, state, chunk);
        if (verdict === "applied") {
          await completeChunk(ctx, state, chunk);
          return;
        }
        uncertain = false;
      }
      await client.logBatchOnce(chunk.body);
      return;
    } catch (error) {
      if (!(error instanceof RestError) || !error.retryable) throw error;
      lastError = error;
      // a write that may have reached the server must be checked before it is repeated
      if (error.delivered) uncertain = true;
      // after a timeout (ours, or a gateway's 504) the server may still be working on it: give it time
      const grace = error.code === "ETIMEDOUT" || error.status === 504 ? Math.min(5000, policy.maxDelayMs) : 0;
      const delay = client.backoff(attempt, error) + grace;
      if (attempt + 1 >= policy.maxAttempts || Date.now() - started + delay > policy.budgetMs) throw lastError;
      client.reportRetry({ method: "POST", path: "/api/2.0/mlflow/runs/log-batch", attempt: attempt + 1, delayMs: Math.round(delay), reason: error.message });
      await sleep(delay);
    }
  }
};

/** Runs tasks with at most `limit` at a time; stops starting new ones after a failure and rethrows the first. */
export const pool = async <T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<void> => {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (failure === undefined && next < items.length) {
      const item = items[next++] as T;
      try {
        await task(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  if (failure) throw failure.error;
};

/** Writes a planned batch: head chunks one by one, then arrays and the rest in parallel. */
export const writePlanned = async (
  ctx: WriterContext,
  state: RunState,
  progress: BatchProgress,
  uploadArray: (path: string, body: string) => Promise<void>,
): Promise<void> => {
  const { plan } = progress;
  for (let i = 0; i < plan.headCount; i++) {
    const chunk = plan.chunks[i] as Chunk;
    if (progress.done.has(chunk.index)) continue;
    await sendChunk(ctx, state, chunk);
    progress.done.add(chunk.index);
  }
  await pool(
    progress.arrays.map((a, i) => ({ ...a, i })).filter((a) => !progress.arraysDone.has(a.i)),
    ctx.maxInFlight,
    async (a) => {
      await uploadArray(a.path, a.body);
      progress.arraysDone.add(a.i);
    },
  );
  await pool(
    plan.chunks.slice(plan.headCount).filter((c) => !progress.done.has(c.index)),
    ctx.maxInFlight,
    async (chunk) => {
      await sendChunk(ctx, state, chunk);
      progress.done.add(chunk.index);
    },
  );
};

