// A unit-aware filter on a real MLflow server fetches each matching run once:
// runs dimexp wrote carry both its own unit tag (dimexp.metric.loss) and
// dimtensor's (unit.loss), so core plans a search for each kind of group; the
// dimtensor groups' searches leave out the runs the dimexp groups already
// brought (MLflow returns runs whole: on 10,000 runs of 100 params and 100
// metrics, fetching each twice doubled the time of `runs ls --filter`). A run
// Python dimtensor wrote (unit.loss alone) is still found.

import { DimExperiment, q } from "@dimexp/core";
import { expect, it } from "vitest";
import { type Transport, fetchTransport } from "../src/internal/transport.js";
import { batch, describeWithServer, must, open, series, unique } from "./helpers.js";

describeWithServer("searchRuns on MLflow: one fetch per matching run", () => {
  it("fetches every match once, dimtensor-only runs included", async () => {
    const name = unique("search-waves");
    const writer = await DimExperiment.open(name, { backend: open(), onWarning: () => undefined });
    const logged: Array<[string, number, string]> = [
      ["j-low", 0.5, "J"],
      ["j-high", 3, "J"],
      ["erg-low", 5e6, "erg"],
      ["ev-low", 1e18, "eV"],
    ];
    for (const [run, value, unit] of logged) await writer.withRun(run, (r) => r.logMetric("loss", q(value, unit)));
    // what Python dimtensor writes: the metric and unit.loss, no dimexp tag
    const raw = open();
    const info = await must(raw.createRun(writer.id, { name: "dimtensor-only", startTime: Date.now(), tags: { "unit.loss": "J" } }));
    await must(raw.logBatch(info.id, batch({ metrics: [series("loss", [0.2])] })));
    await must(raw.close());
    await writer.close();

    let searched = 0;
    const transport: Transport = async (request) => {
      const response = await fetchTransport(request);
      const body = typeof request.body === "string" ? (JSON.parse(request.body) as { filter?: string }) : {};
      // the unit-group probes of distinctTagValues read one run per value; count the searches proper
      if (request.url.pathname.endsWith("/runs/search") && !body.filter?.includes("IS NOT NULL")) {
        // read before adding: `searched += await …` would add to a stale value (the searches run side by side)
        const runs = ((JSON.parse(await response.text()) as { runs?: unknown[] }).runs ?? []).length;
        searched += runs;
      }
      return response;
    };
    const reader = await DimExperiment.open(name, { backend: open({ transport }), onWarning: () => undefined });
    const found = await reader.listRuns({ filter: "metrics.loss < 1 J" });
    expect(found.map((r) => r.name).sort()).toEqual(["dimtensor-only", "erg-low", "ev-low", "j-low"]);
    expect(searched).toBe(4);
    await reader.close();
  });
});
