// Part 1c: this invocation's runs exported with @dimexp/io to JSON and to
// HDF5, each file imported into a fresh embedded store (SQLite in memory), and
// the run-si/run-cgs comparison made again there: it must be the one made on
// the original store, fact for fact, or the demo fails.

import { createLocalBackend } from "@dimexp/backend-local";
import type { RunComparison } from "@dimexp/compare";
import { DimExperiment, type Run } from "@dimexp/core";
import { exportExperiment, importExperiment } from "@dimexp/io";
import { join } from "node:path";
import { compareSiCgs } from "./charts.js";
import { EXPERIMENT, type Invocation } from "./experiment.js";
import { DemoFailure } from "./failure.js";
import { num } from "./number-format.js";
import { comparisonDifferences } from "./round-trip-check.js";
import { shellQuote } from "./shell.js";

export interface Exported {
  readonly json: string;
  readonly hdf5: string;
}

const size = (bytes: number): string => (bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} kB`);

/** Imports `file` into a new in-memory SQLite store and compares run-si with run-cgs there. */
const compareAfterImport = async (file: string): Promise<{ comparison: RunComparison; runs: number; points: number }> => {
  const fresh = createLocalBackend({ path: ":memory:" });
  if (fresh._tag === "Left") throw new Error(fresh.left.message);
  const imported = await importExperiment(file, { into: fresh.right });
  const copy = await DimExperiment.open(imported.experiment.name, { backend: fresh.right });
  try {
    const runs: Run[] = [];
    for (const run of imported.runs) runs.push(await copy.getRun(run.id));
    return { comparison: await compareSiCgs(runs, copy), runs: imported.runs.length, points: imported.points };
  } finally {
    await copy.close();
  }
};

/**
 * Exports the invocation's runs to `<folder>/heat-equation-pinn.json` and
 * `.h5`, checks that each file gives back the same comparison, and says how
 * to open the files.
 */
export async function roundTripDemo(
  exp: DimExperiment,
  invocation: Invocation,
  original: RunComparison,
  folder: string,
  print: (line: string) => void,
): Promise<Exported> {
  const files: Exported = { json: join(folder, `${EXPERIMENT}.json`), hdf5: join(folder, `${EXPERIMENT}.h5`) };
  const runIds = invocation.runs.map((l) => l.id);
  print("Exported with @dimexp/io, each file imported into a fresh embedded store (SQLite in memory) and compared again:");
  for (const [format, file] of [
    ["JSON", files.json],
    ["HDF5", files.hdf5],
  ] as const) {
    const written = await exportExperiment(exp, file, { runs: runIds });
    const after = await compareAfterImport(file);
    const differences = comparisonDifferences(original, after.comparison, "loss");
    if (differences.length > 0) {
      throw new DemoFailure(
        `the run-si/run-cgs comparison changed in the ${format} round trip (${file}), ${differences.length} difference(s): ${differences.slice(0, 3).join("; ")}`,
      );
    }
    print(`  ${format}: ${file} (${written.runs} runs, ${written.points} points, ${size(written.bytes)}) → ${after.runs} runs, ${after.points} points imported`);
  }
  const m = original.metric("loss");
  if (m) {
    const entries = m.entries.map(
      (e) => `${e.run.name} ${num(e.value)} ${m.unitLabel}${e.original.unitLabel === m.unitLabel ? "" : ` (logged ${num(e.original.value)} ${e.original.unitLabel})`} Δrel ${e.relativeDiff.toExponential(2)}`,
    );
    const points = m.entries.map((e) => e.history().values.length).join(" + ");
    print(
      `  the comparison after both round trips is identical to the original: common unit ${m.unitLabel} (${m.rule}), final loss ${entries.join(", ")}; every value and difference and all ${points} history points equal to the last bit`,
    );
  }
  print("Open the files:");
  const py = `import h5py; f = h5py.File(${JSON.stringify(files.hdf5)}); [print(r.attrs["name"], r["metrics/loss"].attrs["unit"], r["metrics/loss/values"][-1]) for r in f["runs"].values()]`;
  print(`  python3 -c ${shellQuote(py)}`);
  print(`  pnpm --silent dimexp import ${shellQuote(files.json)} --into sqlite:./${EXPERIMENT}-copy.db`);
  print(`  pnpm --silent dimexp import ${shellQuote(files.hdf5)} --into sqlite:./${EXPERIMENT}-copy.db`);
  return files;
}
