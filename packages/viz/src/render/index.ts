// @dimexp/viz/render (Node only): a Vega-Lite spec → SVG (vega-lite compiles,
// vega renders headless) → PNG (resvg, a Rust SVG renderer shipped as
// prebuilt npm binaries: no canvas, no browser). vega, vega-lite and resvg
// are imported lazily, on the first render: loading this module costs nothing,
// works from CommonJS (vega-lite is ESM with top-level await, which require()
// cannot load), and a missing optional peer is reported by name.

import { mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import type { TopLevelSpec } from "vega-lite";
import { VizException } from "../errors.js";

type VegaLite = typeof import("vega-lite");
type Vega = typeof import("vega");
type Resvg = typeof import("@resvg/resvg-js");

const load = async <T>(name: string, importer: () => Promise<T>): Promise<T> => {
  try {
    return await importer();
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND") {
      throw new VizException({
        _tag: "RendererMissing",
        packageName: name,
        message: `@dimexp/viz/render needs ${name}, which is not installed: npm install ${name} (the renderer's peers are vega, vega-lite and @resvg/resvg-js).`,
      });
    }
    throw error;
  }
};

let vegaLite: Promise<VegaLite> | undefined;
let vega: Promise<Vega> | undefined;
let resvg: Promise<Resvg> | undefined;
const loadVegaLite = () => (vegaLite ??= load("vega-lite", () => import("vega-lite")));
const loadVega = () => (vega ??= load("vega", () => import("vega")));
const loadResvg = () => (resvg ??= load("@resvg/resvg-js", () => import("@resvg/resvg-js")));

export interface SvgOptions {
  /** multiplies the chart's size (default 1) */
  readonly scale?: number | undefined;
}

export interface PngOptions {
  /** pixels per SVG unit (default 2, for sharp text on high-density screens) */
  readonly scale?: number | undefined;
  /** family used for the generic sans-serif Vega asks for (default "DejaVu Sans"; system fonts are searched) */
  readonly fontFamily?: string | undefined;
  /** extra font files to load (.ttf/.otf), for machines without system fonts */
  readonly fontFiles?: readonly string[] | undefined;
}

/** The Vega spec vega-lite compiles a Vega-Lite spec to (for tools that take Vega). */
export const compileSpec = async (spec: TopLevelSpec): Promise<object> => {
  const vl = await loadVegaLite();
  return vl.compile(spec).spec;
};

/** The chart as SVG text. Axis titles (with their units) are SVG text, searchable and selectable. */
export const renderSvg = async (spec: TopLevelSpec, options: SvgOptions = {}): Promise<string> => {
  const [vl, vg] = await Promise.all([loadVegaLite(), loadVega()]);
  const view = new vg.View(vg.parse(vl.compile(spec).spec), { renderer: "none" });
  try {
    return await view.toSVG(options.scale ?? 1);
  } finally {
    view.finalize();
  }
};

export interface RenderedPng {
  readonly png: Uint8Array;
  readonly width: number;
  readonly height: number;
}

/** The chart as a PNG image, with its size in pixels. */
export const renderPngImage = async (spec: TopLevelSpec, options: PngOptions = {}): Promise<RenderedPng> => {
  const svg = await renderSvg(spec);
  const { Resvg } = await loadResvg();
  const family = options.fontFamily ?? "DejaVu Sans";
  const image = new Resvg(svg, {
    fitTo: { mode: "zoom", value: options.scale ?? 2 },
    font: {
      loadSystemFonts: true,
      fontFiles: options.fontFiles ? [...options.fontFiles] : [],
      defaultFontFamily: family,
      sansSerifFamily: family,
    },
  }).render();
  return { png: new Uint8Array(image.asPng()), width: image.width, height: image.height };
};

/** The chart as PNG bytes. */
export const renderPng = async (spec: TopLevelSpec, options: PngOptions = {}): Promise<Uint8Array> => (await renderPngImage(spec, options)).png;

export type ChartFormat = "svg" | "png" | "vl.json";

/** The format a file name asks for: .svg, .png, or .vl.json / .json (the Vega-Lite spec itself). */
export const chartFormat = (file: string): ChartFormat | undefined => {
  const lower = file.toLowerCase();
  if (lower.endsWith(".svg")) return "svg";
  if (lower.endsWith(".png")) return "png";
  if (lower.endsWith(".json")) return "vl.json";
  return undefined;
};

/**
 * Writes the chart to `file` in the format its extension names (.svg, .png,
 * .vl.json), creating the folder; returns the format and the bytes written.
 */
export const writeChart = async (
  spec: TopLevelSpec,
  file: string,
  options: PngOptions = {},
): Promise<{ readonly format: ChartFormat; readonly bytes: number }> => {
  const format = chartFormat(file);
  if (!format) {
    throw new VizException({
      _tag: "UnsupportedOutput",
      file,
      message: `Cannot tell the chart format of ${JSON.stringify(file)}: name it .svg, .png or .vl.json.`,
    });
  }
  const content =
    format === "svg" ? Buffer.from(await renderSvg(spec), "utf8") : format === "png" ? await renderPng(spec, options) : Buffer.from(`${JSON.stringify(spec, null, 2)}\n`, "utf8");
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, content);
  return { format, bytes: content.length };
};
