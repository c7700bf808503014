// distinctTagValues — the unit groups core asks for before it pushes a
// unit-aware filter down — on a real MLflow server: exact values, read from a
// run per distinct value rather than from every run (a run comes back whole
// from MLflow: reading 10,000 of them per tag key took minutes), and the
// request counts `dimexp runs ls --stats` prints.

import { expect, it } from "vitest";
import { NetworkError, type Transport, fetchTransport } from "../src/internal/transport.js";
import { type MlflowBackend, requestStatsOf } from "../src/index.js";
import { describeWithServer, must, open, unique } from "./helpers.js";

/** A transport that counts requests and the runs that search responses carry. */
const countingTransport = () => {
  const counts = { requests: 0, searches: 0, runsSearched: 0 };
  const transport: Transport = async (request) => {
    counts.requests++;
    const response = await fetchTransport(request);
    if (request.url.pathname.endsWith("/runs/search")) {
      counts.searches++;
      const body = JSON.parse(await response.text()) as { runs?: unknown[] };
      counts.runsSearched += body.runs?.length ?? 0;
    }
    return response;
  };
  return { counts, transport };
};

const ODD = `it's "odd"`; // no MLflow string literal can hold both quotes: that key is paged, not probed

/** 30 runs: loss in J (10), erg (10), eV (5) or unitless (5); a `note` tag that is sometimes ODD. */
const seed = async (backend: MlflowBackend): Promise<string> => {
  const experiment = await must(backend.getOrCreateExperiment(unique("distinct-tags")));
  const units = [...Array(10).fill("J"), ...Array(10).fill("erg"), ...Array(5).fill("eV"), ...Array(5).fill(undefined)] as Array<string | undefined>;
  for (const [i, unit] of units.entries()) {
    const tags: Record<string, string> = { note: i % 10 === 3 ? ODD : "plain" };
    if (unit) {
      tags["unit.loss"] = unit;
      tags["dimexp.metric.loss"] = JSON.stringify({ unit, dimension: ["2", "1", "-2", "0", "0", "0", "0"] });
    }
    await must(backend.createRun(experiment.id, { name: `run-${i}`, startTime: 1_700_000_000_000 + i, tags }));
  }
  return experiment.id;
};

describeWithServer("distinctTagValues on MLflow", () => {
  it("finds every value of each key from a run per value, not from every run", async () => {
    const writer = open();
    const experimentId = await seed(writer);
    await must(writer.close());

    const { counts, transport } = countingTransport();
    const backend = open({ transport });
    const values = await must(backend.distinctTagValues(experimentId, ["unit.loss", "dimexp.metric.loss", "not.there"]));
    expect(values["unit.loss"]).toEqual(["J", "eV", "erg"]);
    expect(values["dimexp.metric.loss"]?.map((v) => JSON.parse(v).unit).sort()).toEqual(["J", "eV", "erg"]);
    expect(values["not.there"]).toEqual([]);
    // per key at most (values + 1) one-run searches: 4 + 4 + 1 runs at most, where reading the
    // runs that have the tag would be 25 + 25 (and 30 for a scan)
    expect(counts.runsSearched).toBeLessThanOrEqual(9);
    expect(counts.searches).toBeLessThanOrEqual(9);
    await must(backend.close());
  });

  it("pages through a key whose values the filter language cannot quote, and still finds them all", async () => {
    const writer = open();
    const experimentId = await seed(writer);
    await must(writer.close());
    const backend = open();
    const values = await must(backend.distinctTagValues(experimentId, ["note"]));
    expect(values.note).toEqual([ODD, "plain"].sort());
    await must(backend.close());
  });

  it("counts its requests and the runs they brought back (what runs ls --stats prints)", async () => {
    const writer = open();
    const experimentId = await seed(writer);
    await must(writer.close());

    const { counts, transport } = countingTransport();
    const backend = open({ transport });
    expect(requestStatsOf(backend)).toEqual({ requests: 0, runsFetched: 0 });
    const runs = await must(backend.searchRuns(experimentId, { filter: [[{ source: "tags", key: "unit.loss", op: "=", value: "erg" }]] }));
    expect(runs).toHaveLength(10);
    await must(backend.getRun(runs[0]?.info.id as string));
    expect(requestStatsOf(backend)).toEqual({ requests: counts.requests, runsFetched: 11 });
    await must(backend.close());
  });

  it("counts a retried request each time it is sent", async () => {
    let failures = 1;
    const flaky: Transport = async (request) => {
      if (failures-- > 0) throw new NetworkError(`${request.method} ${request.url.pathname}: ECONNREFUSED`, "ECONNREFUSED", false);
      return fetchTransport(request);
    };
    const backend = open({ transport: flaky, retry: { baseDelayMs: 1, maxDelayMs: 1 } });
    await must(backend.listExperiments());
    expect(requestStatsOf(backend)?.requests).toBe(2);
    await must(backend.close());
  });
});

it("has no request counts for a backend that is not MLflow's", () => {
  expect(requestStatsOf({ kind: "local" } as Parameters<typeof requestStatsOf>[0])).toBeUndefined();
});
