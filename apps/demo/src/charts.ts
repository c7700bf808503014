// Part 1b: the runs just logged, compared with @dimexp/compare (run-si's loss
// in J against run-cgs's in erg, read back from the store) and charted with
// @dimexp/viz: the loss history, the final loss per run and the parameter
// importance over the sweep, each as SVG, PNG and a Vega-Lite spec, plus the
// comparison as CSV and an Apache Arrow file, all in one output folder.

import { mkdir, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { type RunComparison, compareRuns } from "@dimexp/compare";
import { toArrowIPC } from "@dimexp/compare/arrow";
import type { DimExperiment, Env, Run } from "@dimexp/core";
import { formatUnit } from "@dimexp/units";
import { type TopLevelSpec, metricHistorySpec, parameterImportance, parameterImportanceSpec, runComparisonSpec } from "@dimexp/viz";
import { writeChart } from "@dimexp/viz/render";
import { EXPERIMENT, type Invocation, loggedRun } from "./experiment.js";
import { num } from "./number-format.js";

export const DEFAULT_OUTPUT = "dimexp-demo-output";

/** Where the charts go: DIMEXP_DEMO_OUT, else ./dimexp-demo-output in the current directory. */
export const outputFolder = (env: Env = process.env): string => resolve(env.DIMEXP_DEMO_OUT?.trim() || DEFAULT_OUTPUT);

/** run-si against run-cgs, losses in a common unit, with run-si as the baseline: the demo's comparison, also after the round trip. */
export const compareSiCgs = (runs: readonly Run[], histories: DimExperiment): Promise<RunComparison> =>
  compareRuns(
    runs.filter((r) => r.name === "run-si" || r.name === "run-cgs"),
    "loss",
    { histories, baseline: "run-si" },
  );

export interface Charted {
  readonly folder: string;
  readonly comparison: RunComparison;
}

const printComparison = (comparison: RunComparison, print: (line: string) => void): void => {
  const m = comparison.metric("loss");
  if (!m) throw new Error("the comparison has no loss");
  const base = m.baseline.kind === "run" ? m.baseline.run.name : "the mean";
  print(`compareRuns([run-si, run-cgs], "loss", { histories: exp, baseline: "run-si" }): common unit ${m.unitLabel} (rule: ${m.rule}), baseline ${base}`);
  for (const e of m.entries) {
    const rel = Number.isNaN(e.relativeDiff) ? "n/a" : e.relativeDiff.toExponential(2);
    print(
      `  ${e.run.name}: final loss ${num(e.value)} ${m.unitLabel} (logged ${num(e.original.value)} ${e.original.unitLabel} at step ${e.step}); relative difference ${rel}`,
    );
  }
  for (const w of comparison.warningsFor("loss")) print(`  warning ${w._tag}: ${w.message}`);
};

/**
 * Compares and charts this invocation's runs, read back from the store by id,
 * and writes everything into the output folder; returns the folder and the
 * run-si/run-cgs comparison.
 */
export async function chartsDemo(exp: DimExperiment, invocation: Invocation, print: (line: string) => void, env: Env = process.env): Promise<Charted> {
  const folder = outputFolder(env);
  const runs: Run[] = [];
  for (const logged of invocation.runs) runs.push(await exp.getRun(logged.id));
  const comparison = await compareSiCgs(runs, exp);
  print("Compared with @dimexp/compare, histories read back from the store:");
  printComparison(comparison, print);
  const sweep = await compareRuns(runs, "loss", { histories: exp });
  const importance = parameterImportance(sweep, "loss");
  const top = importance.features[0];
  if (top) {
    print(
      `  parameter importance over the ${importance.runs} runs (random forest + correlation, params unit-normalised): ${top.label} importance ${top.importance.toFixed(2)}, correlation ${top.correlation.toFixed(2)}`,
    );
  }
  print("");

  const charts: Array<[string, TopLevelSpec]> = [
    ["loss-history", metricHistorySpec(comparison, "loss", { yScale: "log", title: "loss per step: run-si (J) and run-cgs (erg), in J" })],
    ["loss-comparison", runComparisonSpec(comparison, "loss", { title: "final loss, run-si vs run-cgs" })],
    ["loss-sweep", runComparisonSpec(sweep, "loss", { title: "final loss over the length sweep" })],
    ["loss-importance", parameterImportanceSpec(sweep, "loss")],
  ];
  await mkdir(folder, { recursive: true });
  const written: string[] = [];
  for (const [name, spec] of charts) {
    for (const extension of ["svg", "png", "vl.json"]) {
      const file = `${name}.${extension}`;
      await writeChart(spec, join(folder, file));
      written.push(file);
    }
  }
  await writeFile(join(folder, "loss-comparison.csv"), comparison.toCSV());
  await writeFile(join(folder, "loss-comparison.arrow"), toArrowIPC(comparison));
  written.push("loss-comparison.csv", "loss-comparison.arrow");
  const m = comparison.metric("loss");
  print(`Charts (axes in ${m ? formatUnit(m.unit, "unicode") : "?"}) and tables: ${written.length} files in ${folder}`);
  print(`  ${written.join(", ")}`);
  return { folder, comparison };
}

/**
 * The CLI commands that make the same comparison and chart. They name this
 * invocation's runs by id: after a second demo the names run-si and run-cgs
 * are shared by two runs each, and the CLI refuses an ambiguous name.
 */
export const compareHints = (invocation: Invocation): string[] => {
  const si = loggedRun(invocation, "run-si").id;
  const cgs = loggedRun(invocation, "run-cgs").id;
  return [
    `  pnpm --silent dimexp compare --experiment ${EXPERIMENT} ${si} ${cgs} --metric loss --json`,
    `  pnpm --silent dimexp plot --experiment ${EXPERIMENT} ${si} ${cgs} --metric loss --unit erg --out loss.png`,
  ];
};
