// `dimexp runs ls --stats` against a real MLflow server: the line on stderr
// counts the REST calls the listing made and the runs that came back, checked
// against a proxy that sees every request; on a local store it says that only
// MLflow's calls are counted. Without the venv it skips locally and fails in CI.

import { mkdtempSync, rmSync } from "node:fs";
import { type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createMlflowBackend } from "@dimexp/backend-mlflow";
import { DimExperiment, q } from "@dimexp/core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type MlflowServer, isCi, mlflowMissing, startMlflowServer } from "../../backend-mlflow/test/support/mlflow-server.js";
import { run } from "./helpers.js";

const missing = mlflowMissing();
if (missing && isCi()) throw new Error(`CI=true: runs ls --stats needs a real MLflow server, and ${missing}`);

const FILTER = "params.domain_length >= 50 cm and metrics.loss < 1 J";
const STATS = /^stats: (\d+) REST calls?, (\d+) runs? fetched \((http:\/\/127\.0\.0\.1:\d+)\)\.\n$/;

/** An HTTP proxy in front of the server that counts requests and the runs search and get answers carry. */
const countingProxy = async (target: string) => {
  const seen = { requests: 0, runs: 0 };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      seen.requests++;
      const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
      const answer = await fetch(`${target}${req.url}`, { method: req.method, headers: { "content-type": req.headers["content-type"] ?? "application/json" }, body });
      const text = await answer.text();
      if (answer.ok && /\/runs\/(search|get)/.test(req.url ?? "")) {
        const parsed = JSON.parse(text) as { runs?: unknown[]; run?: unknown };
        seen.runs += parsed.runs?.length ?? (parsed.run ? 1 : 0);
      }
      res.writeHead(answer.status, { "content-type": answer.headers.get("content-type") ?? "application/json" });
      res.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, close: () => new Promise((r) => server.close(r)) };
};

describe.skipIf(missing !== undefined)(`dimexp runs ls --stats on MLflow${missing ? ` (skipped: ${missing})` : ""}`, () => {
  let server: MlflowServer;
  let proxy: Awaited<ReturnType<typeof countingProxy>>;
  const experiment = `stats-${Date.now().toString(36)}`;

  beforeAll(async () => {
    server = await startMlflowServer();
    const backend = createMlflowBackend({ trackingUri: server.url });
    if (backend._tag === "Left") throw new Error(backend.left.message);
    const exp = await DimExperiment.open(experiment, { backend: backend.right, onWarning: () => undefined });
    const runs: Array<[string, number, string, number, string]> = [
      ["si-long", 1, "m", 0.5, "J"],
      ["cgs-long", 80, "cm", 2e6, "erg"],
      ["si-short", 0.2, "m", 0.1, "J"],
      ["cgs-lossy", 90, "cm", 3e7, "erg"],
      ["ev-long", 0.7, "m", 1e18, "eV"],
    ];
    for (const [name, length, lengthUnit, loss, lossUnit] of runs) {
      await exp.withRun(name, (r) => {
        r.logParam("domain_length", q(length, lengthUnit));
        r.logMetric("loss", q(loss, lossUnit));
      });
    }
    await exp.close();
    proxy = await countingProxy(server.url);
  }, 300_000);

  afterAll(async () => {
    await proxy?.close();
    await server?.stop();
  });

  test("prints the REST calls and runs fetched that the proxy saw, on stderr only", async () => {
    const before = { ...proxy.seen };
    const result = await run("runs", "ls", "--tracking-uri", proxy.url, "-e", experiment, "--filter", FILTER, "--columns", "domain_length,loss", "--stats");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^3 runs of experiment/);
    expect(result.stdout).not.toContain("stats:");
    const m = STATS.exec(result.stderr);
    expect(m, result.stderr).not.toBeNull();
    expect(Number(m?.[1])).toBe(proxy.seen.requests - before.requests);
    expect(Number(m?.[2])).toBe(proxy.seen.runs - before.runs);
    expect(m?.[3]).toBe(proxy.url);
  });

  test("with --json too; and nothing on stderr without --stats", async () => {
    const withStats = await run("runs", "ls", "--tracking-uri", proxy.url, "-e", experiment, "--json", "--stats");
    expect(JSON.parse(withStats.stdout)).toHaveLength(5);
    expect(withStats.stderr).toMatch(STATS);
    const without = await run("runs", "ls", "--tracking-uri", proxy.url, "-e", experiment, "--json");
    expect(without.stderr).toBe("");
  });
});

describe("dimexp runs ls --stats on a local store", () => {
  let dir = "";
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "dimexp-cli-stats-"));
    const exp = await DimExperiment.open("heat", { backend: join(dir, "runs.db"), onWarning: () => undefined });
    await exp.withRun("run-si", (r) => r.logParam("domain_length", q(1, "m")));
    await exp.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test("says that only MLflow's REST calls are counted", async () => {
    const result = await run("runs", "ls", "--tracking-uri", join(dir, "runs.db"), "-e", "heat", "--stats");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("run-si");
    expect(result.stderr).toMatch(/^stats: .*runs\.db is a local store; only MLflow's REST calls are counted\.\n$/);
  });
});
