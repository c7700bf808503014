// One run's file_stream: history lines, the summary and completion go to
// POST /files/<entity>/<project>/<run>/file_stream, paced to W&B's limit
// (at most one request per `minIntervalMs`, 500 ms = 2 requests/s per run)
// and coalesced: whatever accumulates while a request is waiting or in flight
// goes in the next one. Every line has a fixed offset, so a request resent
// after a lost response overwrites the same lines (nothing duplicated), and
// lines stay queued until the server acknowledges them (nothing lost): a
// flush that fails leaves them for the next flush.

import { setTimeout as sleep } from "node:timers/promises";
import type { HttpClient, RetryPolicy } from "./http.js";
import { stringifyJson } from "./json.js";

export interface FileStreamOptions {
  /** at least this long between the starts of two requests, in ms (default 500) */
  readonly minIntervalMs: number;
  /** most history bytes in one request, counted as W&B's SDK counts them: the lines' lengths (default 10 MiB, the SDK's) */
  readonly maxRequestBytes: number;
  /** send an empty request after this long without one while the run is open, in ms (default 30 s) */
  readonly heartbeatMs: number;
  readonly retry?: RetryPolicy;
}

interface Waiter {
  readonly offset: number;
  readonly summaryVersion: number;
  readonly exitVersion: number;
  readonly uploadedVersion: number;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

export class FileStream {
  private pending: string[] = [];
  /** offset of pending[0] */
  private acked: number;
  private summary: string | undefined;
  private summaryVersion = 0;
  private ackedSummaryVersion = 0;
  private exitCode: number | undefined;
  private exitVersion = 0;
  private ackedExitVersion = 0;
  /** run files uploaded (PUT) but not yet reported: W&B's `uploaded` list, as the SDK sends it */
  private uploaded: string[] = [];
  private uploadedVersion = 0;
  private ackedUploadedVersion = 0;
  private pumping = false;
  private lastSentAt = Number.NEGATIVE_INFINITY;
  private waiters: Waiter[] = [];
  private heartbeat: NodeJS.Timeout | undefined;
  private closed = false;
  requestsSent = 0;

  constructor(
    private readonly http: HttpClient,
    private readonly path: string,
    startOffset: number,
    private readonly options: FileStreamOptions,
  ) {
    this.acked = startOffset;
  }

  /** Offset the next appended line gets. */
  get nextOffset(): number {
    return this.acked + this.pending.length;
  }

  append(lines: readonly string[]): void {
    for (const line of lines) this.pending.push(line);
  }

  setSummary(summary: Record<string, unknown>): void {
    this.summary = stringifyJson(summary);
    this.summaryVersion++;
  }

  /** Reports run files that were uploaded (W&B lists a file once its upload is reported). */
  markUploaded(paths: readonly string[]): void {
    if (paths.length === 0) return;
    this.uploaded.push(...paths);
    this.uploadedVersion++;
  }

  /** Marks the run complete with an exit code (sent once everything before it is). */
  complete(exitCode: number): void {
    this.exitCode = exitCode;
    this.exitVersion++;
  }

  /** Resolves once everything appended, set or completed so far is acknowledged by the server. */
  flush(): Promise<void> {
    const target = { offset: this.nextOffset, summaryVersion: this.summaryVersion, exitVersion: this.exitVersion, uploadedVersion: this.uploadedVersion };
    if (this.satisfied(target)) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.waiters.push({ ...target, resolve, reject });
      void this.pump();
    });
  }

  /** Keeps the run alive on the server (W&B marks silent runs crashed) until stopped. */
  startHeartbeat(): void {
    if (this.heartbeat || this.closed) return;
    this.heartbeat = setInterval(() => {
      if (this.pumping || performance.now() - this.lastSentAt < this.options.heartbeatMs) return;
      void this.send({}).catch(() => undefined);
    }, Math.max(1000, Math.floor(this.options.heartbeatMs / 3)));
    this.heartbeat.unref();
  }

  stopHeartbeat(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = undefined;
  }

  close(): void {
    this.closed = true;
    this.stopHeartbeat();
  }

  private satisfied(t: { offset: number; summaryVersion: number; exitVersion: number; uploadedVersion: number }): boolean {
    return this.acked >= t.offset && this.ackedSummaryVersion >= t.summaryVersion && this.ackedExitVersion >= t.exitVersion && this.ackedUploadedVersion >= t.uploadedVersion;
  }

  private hasUnsent(): boolean {
    return this.pending.length > 0 || this.ackedSummaryVersion < this.summaryVersion || this.ackedExitVersion < this.exitVersion || this.ackedUploadedVersion < this.uploadedVersion;
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.hasUnsent() && this.waiters.length > 0) {
        const wait = this.lastSentAt + this.options.minIntervalMs - performance.now();
        if (wait > 0) await sleep(wait);
        let bytes = 0;
        let count = 0;
        while (count < this.pending.length) {
          const size = (this.pending[count] as string).length;
          if (count > 0 && bytes + size > this.options.maxRequestBytes) break;
          bytes += size;
          count++;
        }
        const body: Record<string, unknown> = {};
        const files: Record<string, unknown> = {};
        if (count > 0) files["wandb-history.jsonl"] = { offset: this.acked, content: this.pending.slice(0, count) };
        const summaryVersion = this.summaryVersion;
        if (this.summary !== undefined && this.ackedSummaryVersion < summaryVersion) files["wandb-summary.json"] = { offset: 0, content: [this.summary] };
        if (Object.keys(files).length > 0) body.files = files;
        const uploadedVersion = this.uploadedVersion;
        const uploaded = this.uploaded.length;
        if (uploaded > 0) body.uploaded = this.uploaded.slice(0, uploaded);
        const exitVersion = this.exitVersion;
        const withExit = count === this.pending.length && this.exitCode !== undefined && this.ackedExitVersion < exitVersion;
        if (withExit) {
          body.complete = true;
          body.exitcode = this.exitCode;
        }
        try {
          await this.send(body);
        } catch (error) {
          const waiters = this.waiters;
          this.waiters = [];
          for (const w of waiters) w.reject(error);
          return;
        }
        this.pending = count === this.pending.length ? [] : this.pending.slice(count);
        this.acked += count;
        this.ackedSummaryVersion = Math.max(this.ackedSummaryVersion, summaryVersion);
        this.uploaded = this.uploaded.slice(uploaded);
        this.ackedUploadedVersion = Math.max(this.ackedUploadedVersion, uploadedVersion);
        if (withExit) this.ackedExitVersion = Math.max(this.ackedExitVersion, exitVersion);
        const remaining: Waiter[] = [];
        for (const w of this.waiters) {
          if (this.satisfied(w)) w.resolve();
          else remaining.push(w);
        }
        this.waiters = remaining;
      }
    } finally {
      this.pumping = false;
    }
  }

  private async send(body: Record<string, unknown>): Promise<void> {
    this.lastSentAt = performance.now();
    this.requestsSent++;
    // History lines are already JSON text: the body is assembled around them.
    await this.http.postJson(this.path, JSON.stringify(body), "send run data (file_stream)", this.options.retry);
    // Pace from the answer, not the start: retries after a 429 and slow uploads must not bunch requests up.
    this.lastSentAt = performance.now();
  }
}
