// Every chart, compiled by vega-lite and rendered (SVG with vega, PNG with
// resvg): the axis titles carry their units in the SVG text, the PNG has the
// expected size and is not blank.

import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { q } from "@dimexp/units";
import { compile } from "vega-lite";
import { describe, expect, test } from "vitest";
import {
  type TopLevelSpec,
  VizException,
  axisTitle,
  metricHistorySpec,
  parallelCoordinatesSpec,
  paramScatterSpec,
  parameterImportance,
  parameterImportanceSpec,
  runComparisonSpec,
} from "../src/index.js";
import { renderPngImage, renderSvg } from "../src/render/index.js";
import { compare, heatRuns, sweepRuns } from "./fixtures.js";
import { colourCount, decodePng, inkFraction, pngSize } from "./png.js";

/** The text content of the SVG's <text> elements, entities decoded. */
const svgTexts = (svg: string): string[] =>
  [...svg.matchAll(/<text[^>]*>(.*?)<\/text>/g)]
    .flatMap((m) => ((m[1] as string).includes("<tspan") ? [...(m[1] as string).matchAll(/<tspan[^>]*>([^<]*)<\/tspan>/g)].map((t) => t[1] as string) : [m[1] as string]))
    .map((t) => t.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, "&"));

const svgSize = (svg: string): { width: number; height: number } => {
  const m = /<svg[^>]*width="(\d+(?:\.\d+)?)"[^>]*height="(\d+(?:\.\d+)?)"/.exec(svg);
  if (!m) throw new Error("no SVG size");
  return { width: Number(m[1]), height: Number(m[2]) };
};

/** Compiles, renders both ways, checks the PNG; returns the SVG's texts. */
const renderChecked = async (spec: TopLevelSpec): Promise<string[]> => {
  const compiled = compile(spec);
  expect(compiled.spec.marks?.length ?? 0).toBeGreaterThan(0);
  const svg = await renderSvg(spec);
  const { width, height } = svgSize(svg);
  const image = await renderPngImage(spec, { scale: 2 });
  expect(pngSize(image.png)).toEqual({ width: Math.round(width * 2), height: Math.round(height * 2) });
  expect([image.width, image.height]).toEqual([Math.round(width * 2), Math.round(height * 2)]);
  const decoded = decodePng(image.png);
  // axes, text and marks: at least 2 % ink and more than a handful of colours
  expect(inkFraction(decoded)).toBeGreaterThan(0.02);
  expect(colourCount(decoded)).toBeGreaterThan(20);
  return svgTexts(svg);
};

const heat = compare(heatRuns(), { baseline: "run-si" });
const sweep = compare(sweepRuns());

describe("axis titles carry the unit", () => {
  test("brackets (default), slash with parentheses for compound units, LaTeX, and none for plain numbers", () => {
    const J = q(1, "J").unit;
    expect(axisTitle("loss", J)).toBe("loss [J]");
    expect(axisTitle("loss", q(1, "erg").unit, "slash")).toBe("loss / erg");
    expect(axisTitle("speed", q(1, "m/s").unit, "slash")).toBe("speed / (m/s)");
    expect(axisTitle("accel", q(1, "m/s^2").unit)).toBe("accel [m/s²]");
    expect(axisTitle("loss", J, "latex")).toBe("loss ($\\mathrm{J}$)");
    expect(axisTitle("accuracy", undefined)).toBe("accuracy");
  });
});

describe("metric history", () => {
  test("one line per run in the common unit, with the conversions noted", async () => {
    const spec = metricHistorySpec(heat, "loss");
    const texts = await renderChecked(spec);
    expect(texts).toContain("loss [J]");
    expect(texts).toContain("step");
    expect(texts).toContain("run-cgs: logged in erg, shown in J");
    expect(texts).toContain("run-ev: logged in eV, shown in J");
    const data = (spec.data as { values: Array<{ run: string; value: number }> }).values;
    expect(data).toHaveLength(300);
    expect(data.filter((d) => d.run === "run-cgs")[99]?.value).toBeCloseTo(1.2e-4, 15);
  });

  test("another display unit and the slash style: loss / erg", async () => {
    const texts = await renderChecked(metricHistorySpec(heat, "loss", { unit: "erg", axisStyle: "slash", yScale: "log" }));
    expect(texts).toContain("loss / erg");
    expect(texts).toContain("run-si: logged in J, shown in erg");
  });

  test("a unit system, and LaTeX titles", async () => {
    expect(await renderChecked(metricHistorySpec(heat, "loss", { system: "natural" }))).toContain("loss [GeV]");
    expect(await renderChecked(metricHistorySpec(heat, "loss", { axisStyle: "latex" }))).toContain("loss ($\\mathrm{J}$)");
  });

  test("long histories are thinned, keeping the ends and the extremes", () => {
    const long = compare([{ name: "long", metrics: { loss: { values: Float64Array.from({ length: 50_000 }, (_, i) => (i === 31_337 ? 99 : 1 / (i + 1))), unit: "J" } } }]);
    const data = (metricHistorySpec(long, "loss", { maxPoints: 500 }).data as { values: Array<{ step: number; value: number }> }).values;
    expect(data.length).toBeLessThanOrEqual(500);
    expect(data[0]?.step).toBe(0);
    expect(data.at(-1)?.step).toBe(49_999);
    expect(data.some((d) => d.value === 99)).toBe(true);
  });

  test("a display unit of the wrong dimension throws a VizException with the units error", () => {
    expect(() => metricHistorySpec(heat, "loss", { unit: "m" })).toThrow(VizException);
    expect(() => metricHistorySpec(heat, "loss", { unit: "m" })).toThrow(/Cannot convert J/);
    expect(() => metricHistorySpec(heat, "los")).toThrow(/no metric "los" \(it has: loss\)/);
  });
});

describe("run comparison", () => {
  test("a bar per run in the common unit, labelled with what each logged", async () => {
    const texts = await renderChecked(runComparisonSpec(heat, "loss"));
    expect(texts).toContain("loss [J]");
    expect(texts).toContain("run-si (logged 1.2e-4 J)");
    expect(texts).toContain("run-cgs (logged 1200 erg)");
    expect(texts).toContain("run-ev (logged 9.362e14 eV)");
    expect(texts).toContain("last value; baseline run-si");
  });
});

describe("parameter importance", () => {
  test("computed on unit-normalised params: the length matters, and correlates positively", () => {
    const result = parameterImportance(sweep, "loss");
    expect(result.runs).toBe(16);
    expect(result.features[0]?.feature).toBe("domain_length");
    expect(result.features[0]?.label).toBe("domain_length [m]");
    expect(result.features[0]?.importance).toBeGreaterThan(0.8);
    expect(result.features[0]?.correlation).toBeGreaterThan(0.95);
    expect(result.features.reduce((s, f) => s + f.importance, 0)).toBeCloseTo(1, 12);
    expect(result.features.map((f) => f.feature).sort()).toEqual(["domain_length", "learning_rate", "scheme = crank-nicolson", "scheme = explicit"]);
    // deterministic
    expect(parameterImportance(sweep, "loss")).toEqual(result);
  });

  test("without unit normalisation the same data would mislead: cm values read as m scramble the correlation", () => {
    const raw = sweepRuns().map((r) => {
      const length = r.params?.domain_length as { value: number };
      return { ...r, params: { ...r.params, domain_length: length.value } };
    });
    const scrambled = parameterImportance(compare(raw), "loss").features.find((f) => f.feature === "domain_length");
    expect(scrambled?.correlation).toBeLessThan(0.5);
  });

  test("constant params are left out, with the reason", () => {
    const result = parameterImportance(heat, "loss");
    expect(result.skipped).toEqual([{ param: "scheme", reason: "constant" }]);
  });

  test("the chart: importance and correlation bars, params labelled with their units", async () => {
    const texts = await renderChecked(parameterImportanceSpec(sweep, "loss"));
    expect(texts).toContain("domain_length [m]");
    expect(texts).toContain("learning_rate [1/s]");
    expect(texts).toContain("importance");
    expect(texts).toContain("correlation");
    expect(texts).toContain("parameter importance for loss [J]");
  });
});

describe("parallel coordinates and scatter", () => {
  test("parallel coordinates: an axis per differing param and metric, titled with units", async () => {
    const texts = await renderChecked(parallelCoordinatesSpec(sweep, { axisStyle: "slash" }));
    expect(texts).toContain("domain_length / m");
    expect(texts).toContain("learning_rate / (1/s)");
    expect(texts).toContain("loss / J");
    expect(texts).toContain("0.2");
    expect(texts).toContain("1.7");
  });

  test("param vs metric scatter, both axes in their units (the param in cm on request)", async () => {
    const texts = await renderChecked(paramScatterSpec(sweep, "domain_length", "loss", { paramUnit: "cm", unit: "erg" }));
    expect(texts).toContain("domain_length [cm]");
    expect(texts).toContain("loss [erg]");
    expect(texts).toContain("sweep-3");
    expect(() => paramScatterSpec(sweep, "length", "loss")).toThrow(/no param "length"/);
  });
});

describe("the main entry stays free of rendering dependencies", () => {
  test("dist/index.js and dist/index.cjs import no vega, vega-lite or resvg", () => {
    for (const file of ["index.js", "index.cjs"]) {
      const code = readFileSync(fileURLToPath(new URL(`../dist/${file}`, import.meta.url)), "utf8");
      expect(code).not.toMatch(/(from\s+|require\(|import\()\s*['"](vega|vega-lite|@resvg\/resvg-js)['"]/);
    }
  });
});
