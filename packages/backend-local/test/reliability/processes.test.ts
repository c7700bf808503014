// Real processes against one file: a writer killed with SIGKILL mid-write, and
// two writers at once. The children run the built package (dist/), which
// global-setup.ts builds when it is stale.

import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { batch, freshPath, must, openAt, tempDir } from "../helpers.js";

const dir = tempDir("processes");
const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));

const integrity = (file: string): string => {
  const db = new Database(file, { readonly: true });
  try {
    return db.pragma("integrity_check", { simple: true }) as string;
  } finally {
    db.close();
  }
};

const exited = (child: ChildProcess) =>
  new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal })),
  );

describe("a writer killed with SIGKILL", () => {
  for (const [round, killAfter] of [
    [1, 3],
    [2, 12],
    [3, 25],
  ] as const) {
    it(`leaves a clean store holding every batch it reported durable (round ${round}, kill after ${killAfter}+ batches)`, async () => {
      const file = freshPath(dir, "killed");
      const points = 20_000;
      const child = spawn(process.execPath, [fixture("log-until-killed.mjs"), file, String(points)], { stdio: ["ignore", "pipe", "pipe"] });
      let stdout = "";
      let stderr = "";
      child.stderr.on("data", (chunk) => (stderr += chunk));
      const done = exited(child);
      await new Promise<void>((resolve, reject) => {
        child.stdout.on("data", (chunk) => {
          stdout += chunk;
          const reported = stdout.match(/^done \d+$/gm)?.length ?? 0;
          // kill at a random moment inside a later batch, not right after a report
          if (reported >= killAfter && !child.killed) setTimeout(() => child.kill("SIGKILL"), Math.random() * 15);
          if (child.killed) resolve();
        });
        void done.then(({ code }) => (child.killed ? resolve() : reject(new Error(`child exited early (${code}): ${stderr}`))));
      });
      expect((await done).signal).toBe("SIGKILL");
      const reported = [...stdout.matchAll(/^done (\d+)$/gm)].map((m) => Number(m[1]));
      const runId = /^run ([0-9a-f]{32})$/m.exec(stdout)?.[1];
      expect(runId).toBeDefined();
      expect(reported.length).toBeGreaterThanOrEqual(killAfter);

      // reopening recovers the WAL; the file is consistent
      const store = openAt(file);
      expect(integrity(file)).toBe("ok");
      const raw = new Database(file, { readonly: true });
      const applied = new Set(raw.prepare("SELECT id FROM batches").pluck().all() as string[]);
      raw.close();
      for (const i of reported) expect(applied.has(`batch-${i}`), `batch ${i} was reported durable`).toBe(true);
      // whole batches only: at most one batch beyond the last report (committed, not yet printed)
      expect(applied.size - reported.length).toBeGreaterThanOrEqual(0);
      expect(applied.size - reported.length).toBeLessThanOrEqual(1);
      const history = await must(store.getMetricHistory(runId!, "x"));
      expect(history.values.length).toBe(applied.size * points);
      for (let k = 0; k < history.values.length; k += 997) expect(history.values[k]).toBe(k);
      const record = await must(store.getRun(runId!));
      expect(record?.tags.last_batch).toBe(String(applied.size - 1));
      expect(record?.params).toEqual({ points: String(points) });
      expect((await must(store.getArrays(runId!, "snapshot"))).length).toBe(Math.ceil(applied.size / 5));
      // and it takes new writes
      await must(store.logBatch(runId!, batch({ tags: [{ key: "after", value: "crash" }] })));
      await must(store.close());
      expect(integrity(file)).toBe("ok");
    });
  }
});

describe("two processes writing one file at the same time", () => {
  it.each([
    ["SQLite's busy handler waits (default busyTimeoutMs)", undefined],
    ["busyTimeoutMs 0: SQLite gives up at once, the backoff loop retries", 0],
  ] as const)("apply all 100 batches (and 100 to a shared run) and neither sees an error — %s", async (_, busyTimeoutMs) => {
    const file = freshPath(dir, "two-writers");
    const setup = openAt(file);
    const experiment = await must(setup.getOrCreateExperiment("shared-run-home"));
    const sharedRun = await must(setup.createRun(experiment.id, { name: "shared", startTime: 0, tags: {} }));
    await must(setup.close());

    const startAt = Date.now() + 1_500; // both are loaded by then: they start together
    const children = ["alpha", "beta"].map((label) => {
      const args = [fixture("concurrent-writer.mjs"), file, label, String(startAt), "50", sharedRun.id];
      if (busyTimeoutMs !== undefined) args.push(String(busyTimeoutMs));
      const child = spawn(process.execPath, args, {
        stdio: ["ignore", "pipe", "pipe"],
      });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (chunk) => (stdout += chunk));
      child.stderr.on("data", (chunk) => (stderr += chunk));
      return exited(child).then(({ code }) => ({ code, stdout, stderr }));
    });
    const results = await Promise.all(children);
    const summaries = results.map((r) => {
      expect(r.stderr).toBe("");
      return JSON.parse(r.stdout) as { label: string; experimentId: string; runId: string; completed: number; errors: string[] };
    });
    for (const [i, s] of summaries.entries()) {
      expect(s.errors, s.label).toEqual([]);
      expect(s.completed).toBe(50);
      expect(results[i]?.code).toBe(0);
    }
    // they raced to create the experiment and got the same one
    expect(summaries[0]?.experimentId).toBe(summaries[1]?.experimentId);

    expect(integrity(file)).toBe("ok");
    const store = openAt(file);
    const raw = new Database(file, { readonly: true });
    const applied = raw.prepare("SELECT id FROM batches").pluck().all() as string[];
    raw.close();
    for (const label of ["alpha", "beta"]) {
      for (let i = 0; i < 50; i++) {
        expect(applied).toContain(`${label}-own-${i}`);
        expect(applied).toContain(`${label}-shared-${i}`);
      }
    }
    for (const s of summaries) {
      const history = await must(store.getMetricHistory(s.runId, "loss"));
      expect(history.values.length).toBe(50 * 500);
      expect([...history.values.subarray(0, 3)]).toEqual([0, 1, 2]);
      expect((await must(store.getRun(s.runId)))?.tags.progress).toBe("49");
    }
    const shared = await must(store.getRun(sharedRun.id));
    expect(shared?.tags).toEqual({ "progress.alpha": "49", "progress.beta": "49" });
    for (const label of ["alpha", "beta"]) expect((await must(store.getMetricHistory(sharedRun.id, label))).values.length).toBe(500);
    const runs = await must(store.searchRuns(summaries[0]!.experimentId));
    expect(runs.map((r) => r.info.name).sort()).toEqual(["alpha", "beta"]);
    await must(store.close());
  });
});
