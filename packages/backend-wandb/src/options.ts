// Options of the W&B backend, and reading them from W&B's own environment
// variables (WANDB_API_KEY, WANDB_BASE_URL, WANDB_ENTITY, WANDB_PROJECT,
// WANDB_MODE, WANDB_DIR) and from ~/.netrc, where `wandb login` keeps keys.

import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import path from "node:path";
import type { RetryPolicy } from "./internal/http.js";

export type WandbMode = "online" | "offline" | "disabled";

export interface WandbBackendOptions {
  /** W&B entity (user or team); online, the API key's default entity when omitted */
  readonly entity?: string | undefined;
  /** W&B project holding the runs; dimexp experiments are run groups in it */
  readonly project: string;
  /** "online" (default), "offline" (write .wandb files for `wandb sync`) or "disabled" (keep nothing) */
  readonly mode?: WandbMode | undefined;
  /** API key (online) */
  readonly apiKey?: string | undefined;
  /** server URL (default https://api.wandb.ai) */
  readonly baseUrl?: string | undefined;
  /** offline: the folder in which `wandb/offline-run-…` folders are made (default: the working directory) */
  readonly dir?: string | undefined;
  /** notes and job type written on new runs */
  readonly notes?: string | undefined;
  readonly jobType?: string | undefined;
  /** retrying failed requests (default: up to 10 minutes, backoff from 0.5 s to 30 s) */
  readonly retry?: Partial<RetryPolicy> | undefined;
  /** file_stream pacing per run (default 500 ms: W&B allows 2 requests/s per run) */
  readonly fileStreamIntervalMs?: number | undefined;
  /** most history bytes per file_stream request (default 10 MiB, as W&B's SDK) */
  readonly fileStreamMaxBytes?: number | undefined;
  /** idle heartbeat for open runs (default 30 s) */
  readonly heartbeatMs?: number | undefined;
}

export const DEFAULT_BASE_URL = "https://api.wandb.ai";

export type Env = Readonly<Record<string, string | undefined>>;

/** W&B's spellings of its modes (`dryrun` is offline, `run` is online). */
export const parseMode = (text: string | undefined): WandbMode | undefined => {
  const t = text?.trim().toLowerCase();
  if (!t) return undefined;
  if (t === "online" || t === "run") return "online";
  if (t === "offline" || t === "dryrun") return "offline";
  if (t === "disabled") return "disabled";
  return undefined;
};

/** The API key `wandb login` stored in ~/.netrc (or $NETRC) for the server's host. */
export const apiKeyFromNetrc = (baseUrl: string, env: Env = process.env): string | undefined => {
  let host: string;
  try {
    host = new URL(baseUrl).hostname;
  } catch {
    return undefined;
  }
  const file = env.NETRC ?? path.join(env.HOME ?? homedir(), ".netrc");
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
  const tokens = text.split(/\s+/).filter((t) => t !== "");
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i] !== "machine" || tokens[i + 1] !== host) continue;
    for (let j = i + 2; j < tokens.length && tokens[j] !== "machine"; j++) {
      if (tokens[j] === "password") return tokens[j + 1];
    }
  }
  return undefined;
};
