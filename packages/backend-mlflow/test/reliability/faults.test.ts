// Faults against the real server: every point exactly once.
//
// 1. A proxy in front of the shared server answers 429/503 itself, or lets the
//    server apply a request and then loses the response (dropped connection,
//    or a gateway's 504). The proxy's log proves no log-batch body was applied
//    twice — whether or not the server would have deduplicated it.
// 2. A server of its own is killed (SIGKILL, whole process group) while a
//    log-batch is in flight, and restarted on the same store: the run completes
//    and every point is there once.
import { DimArray, DimExperiment, type ExperimentBackend, q } from "@dimexp/core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { fetchTransport } from "../../src/internal/transport.js";
import { type FaultProxy, seeded, startFaultProxy } from "../support/fault-proxy.js";
import { type MlflowServer, startMlflowServer } from "../support/mlflow-server.js";
import { batch, describeWithServer, must, open, series, serverUrl, unique } from "../helpers.js";

interface Logged {
  steps: number[];
  values: number[];
  timestamps: number[];
}

const expectHistory = async (b: ExperimentBackend, runId: string, key: string, logged: Logged) => {
  const h = await must(b.getMetricHistory(runId, key));
  expect(h.values.length, `points of ${key}`).toBe(logged.values.length);
  expect([...h.steps]).toEqual(logged.steps);
  expect([...h.timestamps]).toEqual(logged.timestamps);
  logged.values.forEach((v, i) => {
    expect(Object.is(h.values[i], v), `${key}[${i}] = ${h.values[i]}, logged ${v}`).toBe(true);
  });
};

/** Logs `n` points of each key through DimExperiment, in many small batches; returns what was logged. */
const logThrough = async (
  exp: DimExperiment,
  runName: string,
  n: number,
  during?: (step: number) => Promise<void> | void,
): Promise<{ runId: string; logged: Map<string, Logged> }> => {
  const logged = new Map<string, Logged>([
    ["loss", { steps: [], values: [], timestamps: [] }],
    ["grad_norm", { steps: [], values: [], timestamps: [] }],
    ["energy", { steps: [], values: [], timestamps: [] }],
  ]);
  const t0 = 1_750_000_000_000;
  const run = await exp.startRun(runName, { tags: { solver: "fd" }, maxBufferedPoints: 1500, flushIntervalMs: 50 });
  run.logParam("domain_length", q(1, "m"));
  run.logParam("epochs", n);
  for (let step = 0; step < n; step++) {
    const timestamp = t0 + step;
    const values: Record<string, number> = {
      loss: 1 / (step + 1),
      grad_norm: step % 97 === 0 ? Number.POSITIVE_INFINITY : Math.cos(step),
      energy: step % 89 === 0 ? -0 : step * 1e-3,
    };
    run.logMetric("loss", q(values.loss as number, "J"), { step, timestamp });
    run.logMetric("grad_norm", values.grad_norm as number, { step, timestamp });
    run.logMetric("energy", q(values.energy as number, "erg"), { step, timestamp });
    for (const [key, value] of Object.entries(values)) {
      const l = logged.get(key) as Logged;
      l.steps.push(step);
      l.values.push(value);
      l.timestamps.push(timestamp);
    }
    if (step % 2500 === 0) {
      const field = DimArray.of([step, step + 0.5, -0], "K");
      if (field._tag === "Right") run.logArray("temperature", field.right, { step, timestamp });
      await during?.(step);
      await new Promise((r) => setImmediate(r));
    }
  }
  await run.end("FINISHED");
  for (const s of ["mean", "std", "min", "max"]) logged.delete(`temperature_${s}`);
  return { runId: run.id, logged };
};

describeWithServer("faults", () => {
  let proxy: FaultProxy;
  beforeAll(async () => {
    proxy = await startFaultProxy(serverUrl());
  });
  afterAll(async () => {
    await proxy?.close();
  });

  it("loses nothing and applies nothing twice through 429s, 503s, dropped responses and gateway timeouts", async () => {
    const random = seeded(20_261_127);
    proxy.setFaults(({ path, method }) => {
      if (path === "/health") return "pass";
      const r = random();
      if (path.endsWith("/runs/log-batch") || path.endsWith("/runs/create") || method === "PUT") {
        return r < 0.12 ? "429" : r < 0.24 ? "503" : r < 0.4 ? "drop-response" : r < 0.48 ? "gateway-timeout" : "pass";
      }
      return r < 0.1 ? "503" : r < 0.15 ? "drop-response" : "pass";
    });
    const faulty = open({ retry: { maxAttempts: 40, baseDelayMs: 10, maxDelayMs: 200, budgetMs: 120_000 } }, proxy.url);
    const direct = open();
    const exp = await DimExperiment.open(unique("faults"), { backend: faulty, onWarning: () => undefined });
    const { runId, logged } = await logThrough(exp, "through-the-proxy", 12_000);

    // and the contract's awkward batch: specials, then a point earlier in time
    const special = [1.5, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, 1e-300, 1.7976931348623157e308];
    const run2 = await must(faulty.createRun(exp.id, { name: "specials", startTime: Date.now(), tags: {} }));
    await must(faulty.logBatch(run2.id, batch({ params: [{ key: "lr", value: "0.1" }], metrics: [series("m", special)] })));
    await must(faulty.logBatch(run2.id, batch({ metrics: [series("m", [7], [100])] })));
    proxy.setFaults(() => "pass");

    for (const [key, l] of logged) await expectHistory(direct, runId, key, l);
    await expectHistory(direct, run2.id, "m", {
      values: [...special, 7],
      steps: [0, 1, 2, 3, 4, 5, 6, 100],
      timestamps: [...special.map((_, i) => 1_700_000_000_000 + i), 1_700_000_000_000],
    });
    const arrays = await must(direct.getArrays(runId, "temperature"));
    expect(arrays.map((a) => a.step)).toEqual([0, 2500, 5000, 7500, 10000]);
    expect(Object.is(arrays[0]?.data[2], -0)).toBe(true);
    const record = await must(direct.getRun(runId));
    expect(record?.params).toEqual({ domain_length: "1", epochs: "12000" });
    expect(record?.tags["unit.loss"]).toBe("J");
    expect(record?.metrics.grad_norm?.value).toBe(Math.cos(11_999));
    const runs = await must(direct.searchRuns(exp.id));
    expect(runs.map((r) => r.info.name).sort()).toEqual(["specials", "through-the-proxy"]);

    // The proof: every log-batch body the server applied, it applied once.
    const applied = new Map<string, number>();
    for (const r of proxy.log) {
      if (r.path.endsWith("/runs/log-batch") && r.upstreamStatus === 200) applied.set(r.bodyHash, (applied.get(r.bodyHash) ?? 0) + 1);
    }
    const twice = [...applied.values()].filter((n) => n > 1).length;
    expect(twice, "log-batch bodies applied more than once").toBe(0);
    const lostAfterApplying = proxy.log.filter(
      (r) => r.path.endsWith("/runs/log-batch") && r.points > 0 && r.upstreamStatus === 200 && (r.fault === "drop-response" || r.fault === "gateway-timeout"),
    ).length;
    const refused = proxy.log.filter((r) => r.path.endsWith("/runs/log-batch") && (r.fault === "429" || r.fault === "503")).length;
    expect(lostAfterApplying).toBeGreaterThan(3);
    expect(refused).toBeGreaterThan(3);
    console.log(
      `fault proxy: ${proxy.log.length} requests, ${applied.size} log-batch bodies applied once each, ${lostAfterApplying} applied but answer lost, ${refused} refused with 429/503`,
    );
    await direct.close()();
    await faulty.close()();
  });
});

describeWithServer("server killed mid-run", () => {
  let own: MlflowServer;
  beforeAll(async () => {
    own = await startMlflowServer();
  });
  afterAll(async () => {
    await own?.stop();
  });

  it("completes the run with every point exactly once after the server is killed and restarted", async () => {
    let logBatches = 0;
    const retries: string[] = [];
    let killed: Promise<void> | undefined;
    const outage = async () => {
      await own.kill();
      await new Promise((r) => setTimeout(r, 1000));
      await own.restart();
    };
    const backend = open(
      {
        retry: { maxAttempts: 60, baseDelayMs: 100, maxDelayMs: 2000, budgetMs: 120_000 },
        onRetry: (event) => retries.push(`${event.path}: ${event.reason.replace(/^\S+ \S+: /, "")}`),
        // kill the server just as the 12th log-batch request leaves: it is in flight
        transport: (request) => {
          if (request.url.pathname.endsWith("/runs/log-batch") && ++logBatches === 12) killed = outage();
          return fetchTransport(request);
        },
      },
      own.url,
    );
    const exp = await DimExperiment.open(unique("killed"), { backend, onWarning: () => undefined });
    const { runId, logged } = await logThrough(exp, "survivor", 10_000);
    await killed;
    expect(killed, "the server was killed during the run").toBeDefined();
    const direct = open({}, own.url);
    for (const [key, l] of logged) await expectHistory(direct, runId, key, l);
    const run = await exp.getRun(runId);
    expect(run.status).toBe("FINISHED");
    expect(retries.length).toBeGreaterThan(0);
    console.log(`killed server: ${retries.length} retries; first: ${retries[0]}; kinds: ${[...new Set(retries.map((r) => r.replace(/\d+ ms/g, "…")))].slice(0, 4).join(" | ")}`);
    await direct.close()();
    await backend.close()();
  });
});
