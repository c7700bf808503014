// MLflow-specific behaviour against the real server, beyond the contract:
// what the server itself keeps (so a change in MLflow shows up here), deleted
// experiments, resuming runs from another process, search pushdown details,
// and batches at the server's limits.
import { DimExperiment, q } from "@dimexp/core";
import { expect, it } from "vitest";
import { RestClient } from "../src/internal/rest-client.js";
import { retryPolicy } from "../src/internal/retry.js";
import { fetchTransport } from "../src/internal/transport.js";
import { batch, describeWithServer, failure, must, open, series, serverUrl, unique } from "./helpers.js";

const rest = () =>
  new RestClient({ baseUrl: new URL(serverUrl()), transport: fetchTransport, retry: retryPolicy({}), timeoutMs: 30_000 });

describeWithServer("MLflow backend on the real server", () => {
  it("documents what the server keeps of NaN, ±Infinity, -0 and fractional steps (why fix entries exist)", async () => {
    const client = rest();
    const expId = await client.createExperiment(unique("raw"), []);
    const run = await client.createRunOnce({ experiment_id: String(expId), run_name: "raw", start_time: 1, tags: [] });
    const id = run.info.run_id;
    await client.logBatchOnce(
      JSON.stringify({
        run_id: id,
        metrics: [
          { key: "m", value: "NaN", timestamp: 10, step: 0 },
          { key: "m", value: "Infinity", timestamp: 11, step: 1 },
          { key: "m", value: "-Infinity", timestamp: 12, step: 2 },
          { key: "m", value: -0, timestamp: 13, step: 3 },
          { key: "m", value: 5, timestamp: 5, step: 9 },
        ],
      }),
    );
    const page = await client.metricHistoryPage(id, "m", 100, undefined);
    // sorted by timestamp, not in logging order; Infinity clamped; -0 lost; NaN kept
    expect(page.metrics.map((m) => [m.timestamp, m.value])).toEqual([
      [5, 5],
      [10, "NaN"],
      [11, 1.7976931348623157e308],
      [12, -1.7976931348623157e308],
      [13, 0],
    ]);
    // a fractional step is not refused: it is silently stored as something else
    await client.logBatchOnce(JSON.stringify({ run_id: id, metrics: [{ key: "f", value: 1, timestamp: 7, step: 1.5 }] }));
    const f = await client.metricHistoryPage(id, "f", 100, undefined);
    expect(f.metrics[0]?.step).not.toBe(1.5);
    // and through the backend, every one of them comes back exactly, in logging order
    const b = open();
    const r = await must(b.createRun(String(expId), { name: "exact", startTime: Date.now(), tags: {} }));
    const logged = { key: "m", values: Float64Array.from([Number.NaN, Number.POSITIVE_INFINITY, -0, 5, 6]), steps: Float64Array.from([0, 1.5, 2, 9, -0]), timestamps: Float64Array.from([10, 11, 12.25, 5, 13]) };
    await must(b.logBatch(r.id, batch({ metrics: [logged] })));
    const h = await must(b.getMetricHistory(r.id, "m"));
    for (const [got, want] of [
      [h.values, logged.values],
      [h.steps, logged.steps],
      [h.timestamps, logged.timestamps],
    ] as const) {
      expect(got.length).toBe(want.length);
      want.forEach((x, i) => {
        expect(Object.is(got[i], x), `${i}: ${got[i]} vs ${x}`).toBe(true);
      });
    }
    await b.close()();
  });

  it("refuses the name of a deleted experiment, or restores it when asked", async () => {
    const name = unique("deleted");
    const b = open();
    const exp = await must(b.getOrCreateExperiment(name));
    await rest().deleteExperiment(exp.id);
    expect(await must(b.findExperiment(name))).toBeUndefined();
    const refused = await failure(b.getOrCreateExperiment(name));
    expect(refused.message).toContain("was deleted on the server");
    expect(refused.message).toContain("restore");
    const restoring = open({ onDeletedExperiment: "restore" });
    expect((await must(restoring.getOrCreateExperiment(name))).id).toBe(exp.id);
    expect((await must(b.findExperiment(name)))?.id).toBe(exp.id);
  });

  it("continues a run from another process, keeping values and logging order exact", async () => {
    const first = open();
    const exp = await DimExperiment.open(unique("resume"), { backend: first, onWarning: () => undefined });
    let runId = "";
    await exp.withRun("long", async (run) => {
      runId = run.id;
      for (let step = 0; step < 1500; step++) run.logMetric("loss", q(1 / (step + 1), "J"), { step, timestamp: 1_700_000_000_000 + step });
      run.logMetric("loss", q(Number.POSITIVE_INFINITY, "J"), { step: 1500, timestamp: 1_700_000_001_500 });
    });
    await first.close()();
    // a new backend (another process, say): its writer knows nothing of the run yet
    const second = open();
    const again = await DimExperiment.open(exp.name, { backend: second, onWarning: () => undefined });
    const resumed = await again.resumeRun(runId);
    resumed.logMetric("loss", q(7, "J"), { step: 1501, timestamp: 1_700_000_000_003 }); // earlier in time than most
    resumed.logMetric("loss", q(8, "J"), { step: 1502, timestamp: 1_700_000_002_000 });
    await resumed.end("FINISHED");
    const h = await again.metricHistory(runId, "loss");
    expect(h.values.length).toBe(1503);
    expect([...h.steps]).toEqual(Array.from({ length: 1503 }, (_, i) => i));
    expect(h.values[1500]).toBe(Number.POSITIVE_INFINITY);
    expect([...h.values.slice(1501)]).toEqual([7, 8]);
    expect(String((await again.getRun(runId)).metric("loss"))).toBe("8 J");
    await second.close()();
  });

  it("pushes down `in`, quotes, names and statuses, and orders and limits", async () => {
    const b = open();
    const exp = await must(b.getOrCreateExperiment(unique("search")));
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      const r = await must(b.createRun(exp.id, { name: `r-${String.fromCharCode(102 - i)}`, startTime: 1_700_000_000_000 + i, tags: {} }));
      ids.push(r.id);
      await must(
        b.logBatch(
          r.id,
          batch({
            tags: [
              { key: "solver", value: ["fd", "fem", "it's"][i % 3] as string },
              { key: "odd key: x/y", value: String(i % 2) },
            ],
            metrics: [series("score", [i === 5 ? Number.POSITIVE_INFINITY : i])],
          }),
        ),
      );
      if (i % 2) await must(b.updateRun(r.id, { status: "FINISHED", endTime: Date.now() }));
    }
    const names = async (filter: Parameters<typeof b.searchRuns>[1]) => (await must(b.searchRuns(exp.id, filter))).map((r) => r.info.name).sort();
    expect(await names({ filter: [[{ source: "tags", key: "solver", op: "in", value: ["fem", "it's"] }]] })).toEqual(["r-a", "r-b", "r-d", "r-e"]);
    expect(await names({ filter: [[{ source: "tags", key: "odd key: x/y", op: "=", value: "1" }]] })).toEqual(["r-a", "r-c", "r-e"]);
    expect(await names({ filter: [[{ source: "attributes", key: "status", op: "in", value: ["FINISHED", "KILLED"] }]] })).toEqual(["r-a", "r-c", "r-e"]);
    expect(await names({ filter: [[{ source: "attributes", key: "name", op: "like", value: "r-_" }, { source: "metrics", key: "score", op: ">=", value: 4 }]] })).toEqual([
      "r-a",
      "r-b",
    ]);
    expect(await names({ filter: [[{ source: "metrics", key: "score", op: "=", value: Number.POSITIVE_INFINITY }]] })).toEqual(["r-a"]);
    expect(await names({ filter: [[{ source: "attributes", key: "run_id", op: "in", value: [ids[0] as string, ids[1] as string] }]] })).toEqual(["r-e", "r-f"]);
    const byName = await must(b.searchRuns(exp.id, { orderBy: { key: "name", descending: false }, limit: 2 }));
    expect(byName.map((r) => r.info.name)).toEqual(["r-a", "r-b"]);
    const newest = await must(b.searchRuns(exp.id, { limit: 1 }));
    expect(newest[0]?.info.name).toBe("r-a");
    expect((await must(b.getRun(ids[5] as string)))?.metrics.score?.value).toBe(Number.POSITIVE_INFINITY);
    expect(await must(b.getRun("not a run id"))).toBeUndefined();
    expect(await must(b.getRun("run-si"))).toBeUndefined();
    await b.close()();
  });

  it("asks the server one search per unit group, the threshold in each group's unit", async () => {
    const searches: string[] = [];
    const b = open({
      transport: (request) => {
        if (request.url.pathname.endsWith("/runs/search")) searches.push((JSON.parse(String(request.body)) as { filter?: string }).filter ?? "");
        return fetchTransport(request);
      },
    });
    const exp = await DimExperiment.open(unique("pushdown"), { backend: b, onWarning: () => undefined });
    for (const [name, value, unit] of [
      ["si-low", 0.1, "J"],
      ["si-high", 5, "J"],
      ["cgs-low", 1e6, "erg"],
      ["cgs-high", 9e7, "erg"],
    ] as const) {
      await exp.withRun(name, async (run) => run.logMetric("loss", q(value, unit)));
    }
    searches.length = 0;
    const low = await exp.listRuns({ filter: "metrics.loss < 0.4 J" });
    expect(low.map((r) => r.name).sort()).toEqual(["cgs-low", "si-low"]);
    // first the unit groups (the distinct values of each unit tag, probed or paged: no metric bound),
    // then one search per group and unit tag (core also plans the groups of dimtensor's unit.<name>
    // tags, for runs Python logged)
    const groupSearches = searches.filter((s) => !s.includes("metrics.`loss`"));
    expect(groupSearches.some((s) => s.startsWith("tags.`dimexp.metric.loss` IS NOT NULL"))).toBe(true);
    expect(groupSearches.some((s) => s.startsWith("tags.`unit.loss` IS NOT NULL"))).toBe(true);
    const perGroup = searches.filter((s) => s.includes("metrics.`loss`")).sort();
    expect(perGroup.length).toBe(4);
    expect(perGroup.filter((s) => s.endsWith("metrics.`loss` < 0.4")).every((s) => s.includes('"unit":"J"') || s.includes("= 'J'"))).toBe(true);
    expect(perGroup.filter((s) => s.endsWith("metrics.`loss` < 4000000")).every((s) => s.includes('"unit":"erg"') || s.includes("= 'erg'"))).toBe(true);
    expect(perGroup.filter((s) => s.endsWith("< 0.4")).length).toBe(2);
    await b.close()();
  });

  it("splits batches at 100 params, 100 tags, 1000 points and 1 MB", async () => {
    const b = open();
    const exp = await must(b.getOrCreateExperiment(unique("limits")));
    const r = await must(b.createRun(exp.id, { name: "big", startTime: Date.now(), tags: {} }));
    const params = Array.from({ length: 230 }, (_, i) => ({ key: `p${i}`, value: `${i}`.repeat(1000).slice(0, 5000) }));
    const tags = Array.from({ length: 230 }, (_, i) => ({ key: `t${i}`, value: "x".repeat(7000) }));
    const longKey = `k${"y".repeat(190)}`;
    await must(b.logBatch(r.id, batch({ params, tags, metrics: [series(longKey, Array.from({ length: 4321 }, (_, i) => i / 7))] })));
    const got = await must(b.getRun(r.id));
    expect(Object.keys(got?.params ?? {}).length).toBe(230);
    expect(Object.keys(got?.tags ?? {}).filter((k) => k.startsWith("t")).length).toBe(230);
    expect((await must(b.getMetricHistory(r.id, longKey))).values.length).toBe(4321);
    const tooLong = await failure(b.logBatch(r.id, batch({ params: [{ key: "huge", value: "z".repeat(6001) }] })));
    expect(tooLong._tag).toBe("InvalidValue");
    await b.close()();
  });

  it("deletes and restores runs", async () => {
    const b = open();
    const exp = await must(b.getOrCreateExperiment(unique("delete")));
    const r = await must(b.createRun(exp.id, { name: "gone", startTime: Date.now(), tags: {} }));
    await must(b.deleteRun(r.id));
    expect(await must(b.getRun(r.id))).toBeUndefined();
    expect((await failure(b.logBatch(r.id, batch({ metrics: [series("x", [1])] }))))._tag).toBe("NotFound");
    await must(b.restoreRun(r.id));
    expect((await must(b.getRun(r.id)))?.info.name).toBe("gone");
    await b.close()();
  });
});
