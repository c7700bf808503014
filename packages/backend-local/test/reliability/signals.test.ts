// Core's exit handling against a real store: SIGTERM/SIGINT end open runs
// KILLED after flushing, then the process dies of the same signal; a process
// that simply ends flushes what it buffered.

import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { freshPath, must, openAt, tempDir } from "./helpers.js";

const dir = tempDir("signals");
const fixture = fileURLToPath(new URL("./fixtures/signal-run.mjs", import.meta.url));
const POINTS = 25_000;

const runChild = (file: string, mode: "wait" | "exit", signal?: NodeJS.Signals) =>
  new Promise<{ code: number | null; signal: NodeJS.Signals | null; runId: string; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [fixture, file, String(POINTS), mode], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stderr.on("data", (c) => (stderr += c));
    child.stdout.on("data", (c) => {
      stdout += c;
      if (signal && /^ready /m.test(stdout)) child.kill(signal);
    });
    child.on("error", reject);
    child.on("exit", (code, sig) => {
      const runId = /^ready ([0-9a-f]{32})$/m.exec(stdout)?.[1];
      if (!runId) reject(new Error(`child never got ready (${code}, ${sig}): ${stderr}`));
      else resolve({ code, signal: sig, runId, stderr });
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
