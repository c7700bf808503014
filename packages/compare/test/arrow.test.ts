// The Arrow output: built with apache-arrow, round-tripped through Arrow's IPC
// format, and read back by Python's pyarrow (the reader pandas, Polars and
// DuckDB use) from the repo's virtualenv. In CI (CI=true) a missing pyarrow
// is a failure, not a skip.

import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { tableFromIPC, tableToIPC } from "apache-arrow";
import { afterAll, describe, expect, test } from "vitest";
import { toArrow, toArrowIPC } from "../src/arrow.js";
import { type RunSeries, compareSeries } from "../src/index.js";

const execFileAsync = promisify(execFile);
const venvPython = fileURLToPath(new URL("../../../tooling/python/.venv/bin/python", import.meta.url));
const inCi = !["", "0", "false"].includes((process.env.CI ?? "").toLowerCase());

const runs: RunSeries[] = [
  { name: "run-si", metrics: { loss: { steps: [0, 1, 2], values: [3, 2, 0], unit: "J" } } },
  { name: "run-cgs", metrics: { loss: { steps: [0, 1, 2], values: [3e7, 2.5e7, 1e7], unit: "erg" } } },
  { name: "run-ev", metrics: { loss: { steps: [0, 2], values: [1e19, 5e18], unit: "eV" } } },
];
const comparison = (() => {
  const c = compareSeries(runs, "loss", { baseline: "run-si", align: "interpolate" });
  if (c._tag === "Left") throw new Error(c.left.message);
  return c.right;
})();

const work = mkdtempSync(path.join(tmpdir(), "dimexp-compare-arrow-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("toArrow", () => {
  test("one row per run, the columns of toRows(), units in the metadata", () => {
    const table = toArrow(comparison);
    expect(table.numRows).toBe(3);
    expect(table.schema.fields.map((f) => f.name)).toEqual([
      "metric",
      "run",
      "runId",
      "step",
      "value",
      "unit",
      "originalValue",
      "originalUnit",
      "baseline",
      "absoluteDiff",
      "differenceUnit",
      "relativeDiff",
      "isBaseline",
      "interpolated",
    ]);
    expect(table.schema.metadata.get("dimexp.units")).toBe('{"loss":"J"}');
    expect(table.schema.fields.find((f) => f.name === "value")?.metadata.get("unit")).toBe("J");
    const rows = table.toArray().map((r) => r.toJSON());
    expect(rows.map((r) => [r.run, r.value, r.originalValue, r.originalUnit])).toEqual([
      ["run-si", 0, 0, "J"],
      ["run-cgs", 1, 1e7, "erg"],
      ["run-ev", expect.closeTo(5e18 * 1.602176634e-19, 12), 5e18, "eV"],
    ]);
    // the baseline is 0: relative differences are undefined, so null in Arrow
    expect(rows.map((r) => r.relativeDiff)).toEqual([null, null, null]);
  });

  test("round-trips through tableToIPC / tableFromIPC, file and stream formats", () => {
    const table = toArrow(comparison);
    for (const format of ["file", "stream"] as const) {
      const back = tableFromIPC(tableToIPC(table, format));
      expect(back.numRows).toBe(3);
      expect(back.schema.metadata.get("dimexp.units")).toBe('{"loss":"J"}');
      expect(back.toArray().map((r) => r.toJSON())).toEqual(table.toArray().map((r) => r.toJSON()));
    }
    expect(tableFromIPC(toArrowIPC(comparison)).numRows).toBe(3);
  });

  test("the interpolated curves in long format", () => {
    const curves = toArrow(comparison, { curves: true });
    expect(curves.numRows).toBe(9);
    expect(curves.getChild("step")?.toArray()).toEqual(new Float64Array([0, 1, 2, 0, 1, 2, 0, 1, 2]));
    // run-ev logged steps 0 and 2 only: step 1 is interpolated, 7.5e18 eV
    expect(curves.getChild("value")?.get(7)).toBeCloseTo(7.5e18 * 1.602176634e-19, 12);
  });

  test("pyarrow reads the IPC file: same rows, dictionary columns, units in the metadata", async () => {
    if (!existsSync(venvPython)) {
      if (inCi) throw new Error(`${venvPython} is missing: npm run setup builds the Python virtualenv`);
      console.warn(`skipping the pyarrow check: ${venvPython} is missing (npm run setup builds it)`);
      return;
    }
    const file = path.join(work, "comparison.arrow");
    writeFileSync(file, toArrowIPC(comparison));
    const script = [
      "import json, sys",
      "try:",
      "    import pyarrow.ipc as ipc",
      "except ImportError:",
      "    print(json.dumps({'missing': True})); sys.exit(0)",
      "table = ipc.open_file(sys.argv[1]).read_all()",
      "print(json.dumps({",
      "  'columns': table.column_names,",
      "  'types': {f.name: str(f.type) for f in table.schema},",
      "  'units': table.schema.metadata[b'dimexp.units'].decode(),",
      "  'valueUnit': table.schema.field('value').metadata[b'unit'].decode(),",
      "  'rows': table.to_pylist(),",
      "}))",
    ].join("\n");
    const { stdout } = await execFileAsync(venvPython, ["-c", script, file]);
    const read = JSON.parse(stdout) as {
      missing?: boolean;
      columns: string[];
      types: Record<string, string>;
      units: string;
      valueUnit: string;
      rows: Array<Record<string, unknown>>;
    };
    if (read.missing) {
      if (inCi) throw new Error("pyarrow is not installed in tooling/python/.venv (it is in requirements.txt: npm run setup)");
      console.warn("skipping the pyarrow check: pyarrow is not installed in the venv");
      return;
    }
    expect(read.columns).toEqual(toArrow(comparison).schema.fields.map((f) => f.name));
    expect(read.types).toMatchObject({ run: "dictionary<values=string, indices=int32, ordered=0>", value: "double", isBaseline: "bool" });
    expect(read.units).toBe('{"loss":"J"}');
    expect(read.valueUnit).toBe("J");
    expect(read.rows.map((r) => [r.run, r.value, r.originalUnit, r.relativeDiff])).toEqual([
      ["run-si", 0, "J", null],
      ["run-cgs", 1, "erg", null],
      ["run-ev", expect.closeTo(0.80108831, 6), "eV", null],
    ]);
  });
});
