import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { VizException, metricHistorySpec } from "../src/index.js";
import { chartFormat, compileSpec, writeChart } from "../src/render/index.js";
import { compare, heatRuns } from "./fixtures.js";
import { pngSize } from "./png.js";

const dir = mkdtempSync(path.join(tmpdir(), "dimexp-viz-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const spec = metricHistorySpec(compare(heatRuns()), "loss", { width: 300, height: 200 });

describe("writeChart", () => {
  test("writes SVG, PNG and the Vega-Lite spec by extension, creating the folder", async () => {
    const svg = path.join(dir, "out", "loss.svg");
    const png = path.join(dir, "out", "loss.png");
    const json = path.join(dir, "out", "loss.vl.json");
    expect(await writeChart(spec, svg)).toMatchObject({ format: "svg" });
    expect(await writeChart(spec, png, { scale: 1 })).toMatchObject({ format: "png" });
    expect(await writeChart(spec, json)).toMatchObject({ format: "vl.json" });
    expect(readFileSync(svg, "utf8")).toContain("loss [J]");
    const size = pngSize(readFileSync(png));
    const svgWidth = Number(/width="(\d+)"/.exec(readFileSync(svg, "utf8"))?.[1]);
    expect(size.width).toBe(svgWidth);
    expect(JSON.parse(readFileSync(json, "utf8"))).toEqual(JSON.parse(JSON.stringify(spec)));
  });

  test("an unknown extension is an UnsupportedOutput error, and nothing is written", async () => {
    const file = path.join(dir, "loss.gif");
    const failure = await writeChart(spec, file).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(VizException);
    expect((failure as VizException).error._tag).toBe("UnsupportedOutput");
    expect(existsSync(file)).toBe(false);
    expect(chartFormat("a.VL.JSON")).toBe("vl.json");
  });

  test("compileSpec gives the Vega spec", async () => {
    const vega = (await compileSpec(spec)) as { $schema: string };
    expect(vega.$schema).toContain("vega/v");
  });
});
