// Core's exit handling against a real store: SIGTERM/SIGINT end open runs
// KILLED after flushing, then the process dies of the same signal — also
// while the program loops on `await run.flush()`; a process that simply ends
// flushes what it buffered.

import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { freshPath, must, openAt, tempDir } from "../helpers.js";

const dir = tempDir("signals");
const fixture = fileURLToPath(new URL("../fixtures/signal-run.mjs", import.meta.url));
const flushLoop = fileURLToPath(new URL("../fixtures/flush-loop.mjs", import.meta.url));
const POINTS = 25_000;

const runChild = (file: string, mode: "wait" | "exit" | "flush-loop", signal?: NodeJS.Signals) =>
  new Promise<{ code: number | null; signal: NodeJS.Signals | null; runId: string; stdout: string; stderr: string }>((resolve, reject) => {
    const args = mode === "flush-loop" ? [flushLoop, file] : [fixture, file, String(POINTS), mode];
    const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    let signalled = false;
    child.stderr.on("data", (c) => (stderr += c));
    child.stdout.on("data", (c) => {
      stdout += c;
      // once: a second SIGINT/SIGTERM means "stop now" and would cut the final flush short
      if (signal && !signalled && /^ready /m.test(stdout)) {
        signalled = true;
        child.kill(signal);
      }
    });
    child.on("error", reject);
    child.on("exit", (code, sig) => {
      const runId = /^ready ([0-9a-f]{32})$/m.exec(stdout)?.[1];
      if (!runId) reject(new Error(`child never got ready (${code}, ${sig}): ${stderr}`));
      else resolve({ code, signal: sig, runId, stdout, stderr });
    });
  });

describe("process exit", () => {
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    it(`${signal} ends the open run KILLED after flushing every point, then exits by ${signal}`, async () => {
      const file = freshPath(dir, signal);
      const child = await runChild(file, "wait", signal);
      expect(child.signal).toBe(signal);
      const store = openAt(file);
      const run = await must(store.getRun(child.runId));
      expect(run?.info.status).toBe("KILLED");
      expect(run?.info.endTime).toBeGreaterThan(0);
      const history = await must(store.getMetricHistory(child.runId, "loss"));
      expect(history.values.length).toBe(POINTS);
      expect(history.values[POINTS - 1]).toBe(1 / POINTS);
      await must(store.close());
    });
  }

  // The program awaits run.flush() after every point: against this store the
  // writes settle in microtasks, and before flush() yielded to the event loop
  // the signal was never handled (the run ended FINISHED, exit 0).
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    it(`${signal} stops a loop of \`await run.flush()\`: the run ends KILLED with every point, and the process dies by ${signal}`, async () => {
      const file = freshPath(dir, `flush-loop-${signal}`);
      const child = await runChild(file, "flush-loop", signal);
      expect(child.signal).toBe(signal);
      expect(child.stdout).not.toContain("finished");
      expect(child.stderr).toBe("");
      const store = openAt(file);
      const run = await must(store.getRun(child.runId));
      expect(run?.info.status).toBe("KILLED");
      expect(run?.info.endTime).toBeGreaterThan(0);
      // every point logged made it: steps 0..n-1 without a gap, the right values
      const history = await must(store.getMetricHistory(child.runId, "loss"));
      const n = history.values.length;
      expect(n).toBeGreaterThanOrEqual(100);
      expect([...history.steps]).toEqual(Array.from({ length: n }, (_, i) => i));
      expect([...history.values]).toEqual(Array.from({ length: n }, (_, i) => 1 / (i + 1)));
      expect(run?.metrics.loss?.step).toBe(n - 1);
      await must(store.close());
    });
  }

  it("a process that ends without end() still flushes its buffered points", async () => {
    const file = freshPath(dir, "natural-exit");
    const child = await runChild(file, "exit");
    expect(child.code).toBe(0);
    const store = openAt(file);
    const history = await must(store.getMetricHistory(child.runId, "loss"));
    expect(history.values.length).toBe(POINTS);
    await must(store.close());
  });
});
