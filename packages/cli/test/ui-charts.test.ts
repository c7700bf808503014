// The dashboard's chart specs compile in vega as sent: the pan/zoom param must
// not be copied into every layer of a layered spec (vega refuses the duplicate
// "zoom" signals), which happened for a history chart with a one-point run.
import { compareRuns } from "@dimexp/compare";
import { DimExperiment, createMemoryBackend, q } from "@dimexp/core";
import { renderSvg } from "@dimexp/viz/render";
import { describe, expect, it } from "vitest";
import { historyChart } from "../src/ui/charts.js";

describe("dashboard chart specs", () => {
  it("a history chart with a one-point run (SI, CGS and natural units) compiles and renders", async () => {
    const exp = await DimExperiment.open("charts", { backend: createMemoryBackend() });
    await exp.withRun("si", (run) => {
      for (let step = 0; step < 5; step++) run.logMetric("loss", q(1 / (step + 1), "J"), { step });
    });
    await exp.withRun("cgs", (run) => run.logMetric("loss", q(3e6, "erg"), { step: 0 }));
    await exp.withRun("natural", (run) => {
      for (let step = 0; step < 3; step++) run.logMetric("loss", q(2e9 / (step + 1), "GeV"), { step });
    });
    const comparison = await compareRuns(await exp.listRuns(), "loss", { histories: exp });
    const spec = historyChart(comparison, "loss", 100) as Record<string, unknown>;
    // vega-lite cannot size "container" outside a page: give it a width, as the page does
    const svg = await renderSvg({ ...spec, width: 400, autosize: undefined } as never);
    expect(svg).toContain("<svg");
    expect(svg).toContain("loss");
  });
});
