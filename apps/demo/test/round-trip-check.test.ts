// The demo's round-trip verdict is computed: two comparisons are "identical"
// only when every fact a reader sees is equal (Object.is), and any change — one
// ulp in a history point, another logged unit, another baseline — is named.

import { compareRuns } from "@dimexp/compare";
import { DimExperiment, createMemoryBackend, q } from "@dimexp/core";
import { describe, expect, test } from "vitest";
import { comparisonDifferences, comparisonFacts } from "../src/round-trip-check.js";

interface Variant {
  readonly cgsUnit?: "erg" | "J";
  readonly bump?: { readonly step: number; readonly by: number };
  readonly baseline?: string;
}

/** run-si (J) and run-cgs (erg) with the same 10-step loss curve, compared as the demo does. */
const comparison = async (variant: Variant = {}) => {
  const exp = await DimExperiment.open("heat-equation-pinn", { backend: createMemoryBackend(), onWarning: () => undefined });
  const loss = (step: number) => 60 / (1 + step);
  await exp.withRun("run-si", (run) => {
    for (let step = 0; step < 10; step++) run.logMetric("loss", q(loss(step), "J"), { step });
  });
  await exp.withRun("run-cgs", (run) => {
    for (let step = 0; step < 10; step++) {
      let joules = loss(step);
      if (variant.bump?.step === step) joules += variant.bump.by;
      run.logMetric("loss", variant.cgsUnit === "J" ? q(joules, "J") : q(joules * 1e7, "erg"), { step });
    }
  });
  const runs = [await exp.getRun("run-si"), await exp.getRun("run-cgs")];
  return compareRuns(runs, "loss", { histories: exp, baseline: variant.baseline ?? "run-si" });
};

describe("comparisonDifferences", () => {
  test("the same runs compared twice: no difference, and the facts cover every history point", async () => {
    const a = await comparison();
    const b = await comparison();
    expect(comparisonDifferences(a, b, "loss")).toEqual([]);
    const facts = comparisonFacts(a, "loss");
    expect(facts.get("common unit")).toBe("J");
    expect(facts.get("run-cgs: logged unit")).toBe("erg");
    expect(facts.get("run-cgs: points")).toBe(10);
    expect(facts.has("run-cgs: point 9 value")).toBe(true);
  });

  test("one point changed in the middle of a history (not the final value) is found", async () => {
    const differences = comparisonDifferences(await comparison(), await comparison({ bump: { step: 4, by: 1e-9 } }), "loss");
    expect(differences).toHaveLength(1);
    expect(differences[0]).toMatch(/^run-cgs: point 4 value: \S+ before, \S+ after$/);
  });

  test("the final value changed: the value, the logged value and both differences are named", async () => {
    const differences = comparisonDifferences(await comparison(), await comparison({ bump: { step: 9, by: 1e-6 } }), "loss");
    const keys = differences.map((d) => d.slice(0, d.indexOf(": ", d.indexOf(": ") + 1)));
    expect(keys).toEqual(
      expect.arrayContaining(["run-cgs: final loss", "run-cgs: logged value", "run-cgs: absolute difference", "run-cgs: relative difference", "run-cgs: point 9 value"]),
    );
  });

  test("the same numbers logged in another unit are a different comparison", async () => {
    const differences = comparisonDifferences(await comparison(), await comparison({ cgsUnit: "J" }), "loss");
    expect(differences).toContain("run-cgs: logged unit: erg before, J after");
  });

  test("another baseline is a different comparison", async () => {
    const differences = comparisonDifferences(await comparison(), await comparison({ baseline: "run-cgs" }), "loss");
    expect(differences).toContain("baseline: run-si before, run-cgs after");
  });
});
