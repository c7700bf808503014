// The file_stream side of the fake: what a POST to
// /files/<entity>/<project>/<run>/file_stream does to a run (history,
// summary, events and log lines at their offsets; uploaded files; the final
// exit code), and W&B's per-run rate limit on those requests.

import { type JsonValue, dataRecord, isJsonObject, parseJson } from "../internal/json.js";
import { type FakeRun, nowIso } from "./store.js";

const STEP = /"_step"\s*:\s*(-?[0-9.eE+]+)/;

/** Applies one file_stream request body to the run; returns how many history lines it held. */
export const applyFileStream = (run: FakeRun, body: Record<string, JsonValue>): number => {
  let historyLines = 0;
  const files = isJsonObject(body.files) ? body.files : {};
  for (const [name, chunk] of Object.entries(files)) {
    if (!isJsonObject(chunk)) continue;
    const offset = typeof chunk.offset === "number" ? chunk.offset : 0;
    const content = Array.isArray(chunk.content) ? chunk.content.map(String) : [];
    if (name === "wandb-history.jsonl") {
      historyLines += content.length;
      if (offset > run.history.length) throw new Error(`history offset ${offset} is past the end (${run.history.length} lines)`);
      content.forEach((line, k) => {
        run.history[offset + k] = line;
        run.historySteps[offset + k] = Number(STEP.exec(line)?.[1] ?? Number.NaN);
      });
    } else if (name === "wandb-summary.json") {
      const last = content[content.length - 1];
      if (last !== undefined) {
        const summary = parseJson(last);
        if (isJsonObject(summary)) run.summary = Object.assign(dataRecord(), summary);
      }
    } else if (name === "wandb-events.jsonl") {
      content.forEach((line, k) => {
        run.events[offset + k] = line;
      });
    } else if (name === "output.log") {
      content.forEach((line, k) => {
        run.logs[offset + k] = line;
      });
    }
  }
  if (Array.isArray(body.uploaded)) for (const name of body.uploaded) if (typeof name === "string") run.uploaded.add(name);
  if (body.complete === true) {
    const code = typeof body.exitcode === "number" ? body.exitcode : 0;
    run.exitcode = code;
    run.state = code === 0 ? "finished" : "failed";
  } else if (run.state !== "running" && Object.keys(files).length > 0) {
    run.state = "running";
  }
  run.heartbeatAt = nowIso();
  return historyLines;
};

export interface RateLimit {
  readonly requestsPerSecond: number;
  readonly burst: number;
}

/** A token bucket per key (a run path): undefined when a request may go, else the seconds to wait. */
export const createRateLimiter = (limit: RateLimit | false): ((key: string) => number | undefined) => {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const takeToken = (key: string): number | undefined => {
    if (!limit) return undefined;
    const t = performance.now();
    const bucket = buckets.get(key) ?? { tokens: limit.burst, at: t };
    bucket.tokens = Math.min(limit.burst, bucket.tokens + ((t - bucket.at) / 1000) * limit.requestsPerSecond);
    bucket.at = t;
    buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return undefined;
    }
    return (1 - bucket.tokens) / limit.requestsPerSecond;
  };
  return takeToken;
};
