// Live updates: while a page listens (Server-Sent Events on /api/events), the
// server polls the backend once per interval for each watched experiment and
// tells every listener which runs changed — a new latest point, a new status,
// a new run. One poll serves every listener of an experiment; none runs when
// nobody listens. Polling works for every backend (MLflow and W&B have no push).

import type { ExperimentBackend, RunRecord } from "@dimexp/core";
import type { RunsChangedEvent } from "./api-types.js";

export type LiveListener = (event: RunsChangedEvent) => void;

/** What makes a run "changed": status, end, name, and each metric's latest point. */
export const runFingerprint = (r: RunRecord): string => {
  let text = `${r.info.status}|${r.info.endTime ?? ""}|${r.info.name}|${Object.keys(r.params).length}|${Object.keys(r.tags).length}`;
  for (const [k, m] of Object.entries(r.metrics)) text += `|${k}:${m.step}:${m.timestamp}:${m.value}`;
  return text;
};

interface Watch {
  readonly listeners: Set<LiveListener>;
  snapshot: Map<string, string> | undefined;
  timer: ReturnType<typeof setTimeout> | undefined;
  polling: boolean;
}

export interface LiveHub {
  /** Starts watching (the first listener starts the poll); returns the unsubscribe function. */
  subscribe(experimentId: string, listener: LiveListener): () => void;
  /** Stops every poll. */
  close(): void;
}

export const createLiveHub = (
  backend: ExperimentBackend,
  intervalMs: number,
  onError: (message: string) => void = () => undefined,
): LiveHub => {
  const watches = new Map<string, Watch>();
  let closed = false;

  const poll = async (experimentId: string, watch: Watch): Promise<void> => {
    if (watch.polling || closed) return;
    watch.polling = true;
    try {
      const found = await backend.searchRuns(experimentId)();
      if (found._tag === "Left") {
        onError(found.left.message);
        return;
      }
      const next = new Map<string, string>();
      for (const r of found.right) next.set(r.info.id, runFingerprint(r));
      const previous = watch.snapshot;
      watch.snapshot = next;
      if (!previous) return;
      const changed: string[] = [];
      const added: string[] = [];
      for (const [id, fp] of next) {
        const before = previous.get(id);
        if (before === undefined) added.push(id);
        else if (before !== fp) changed.push(id);
      }
      const removed = [...previous.keys()].filter((id) => !next.has(id));
      if (changed.length + added.length + removed.length === 0) return;
      const event: RunsChangedEvent = { experimentId, changed, added, removed };
      for (const listener of watch.listeners) listener(event);
    } finally {
      watch.polling = false;
      if (!closed && watches.get(experimentId) === watch && watch.listeners.size > 0) {
        watch.timer = setTimeout(() => void poll(experimentId, watch), intervalMs);
        watch.timer.unref?.();
      }
    }
  };

  return {
    subscribe(experimentId, listener) {
      let watch = watches.get(experimentId);
      if (!watch) {
        watch = { listeners: new Set(), snapshot: undefined, timer: undefined, polling: false };
        watches.set(experimentId, watch);
        watch.listeners.add(listener);
        void poll(experimentId, watch);
      } else watch.listeners.add(listener);
      const current = watch;
      return () => {
        current.listeners.delete(listener);
        if (current.listeners.size === 0) {
          if (current.timer) clearTimeout(current.timer);
          watches.delete(experimentId);
        }
      };
    },
    close() {
      closed = true;
      for (const w of watches.values()) if (w.timer) clearTimeout(w.timer);
      watches.clear();
    },
  };
};
