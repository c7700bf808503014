// @dimexp/viz/render (Node only): a Vega-Lite spec → SVG (vega-lite compiles,
// vega renders headless) → PNG (resvg, a Rust SVG renderer shipped as
// prebuilt npm binaries: no canvas, no browser). vega, vega-lite and resvg
// are imported lazily, on the first render: loading this module costs nothing,
// works from CommonJS (vega-lite is ESM with top-level await, which require()
// cannot load), and a missing optional peer is reported by name.

import { mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { pipe } from "fp-ts/lib/function.js";
import * as TE from "fp-ts/lib/TaskEither.js";
import type { TopLevelSpec } from "vega-lite";
import { type RendererMissing, type RenderFailed, type RenderStage, type VizError, rendererMissing, renderFailed, unsupportedOutput } from "../errors.js";
import { toPromise } from "../internal/to-promise.js";

type VegaLite = typeof import("vega-lite");
type Vega = typeof import("vega");
type Resvg = typeof import("@resvg/resvg-js");

// Node caches a module after its first import(): no cache of our own.
const load = <T>(name: string, importer: () => Promise<T>): TE.TaskEither<RendererMissing | RenderFailed, T> =>
  TE.tryCatch(importer, (error) => {
    const code = (error as { code?: string } | null)?.code;
    return code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND" ? rendererMissing(name, error) : renderFailed("load", error, name);
  });

const loadVegaLite = () => load<VegaLite>("vega-lite", () => import("vega-lite"));
const loadVega = () => load<Vega>("vega", () => import("vega"));
const loadResvg = () => load<Resvg>("@resvg/resvg-js", () => import("@resvg/resvg-js"));

/** One step of a renderer: its failure (whatever the library threw) becomes a RenderFailed of that stage. */
const step = <A>(stage: RenderStage, run: () => A | Promise<A>, what?: string): TE.TaskEither<RenderFailed, A> =>
  TE.tryCatch(
    async () => run(),
    (cause) => renderFailed(stage, cause, what),
  );

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

/** The Vega spec vega-lite compiles a Vega-Lite spec to (for tools that take Vega); its twin compileSpecTask never rejects. */
export const compileSpecTask = (spec: TopLevelSpec): TE.TaskEither<VizError, object> =>
  pipe(
    loadVegaLite(),
    TE.chainW((vl) => step("compile", () => vl.compile(spec).spec as object)),
  );

export const compileSpec = (spec: TopLevelSpec): Promise<object> => toPromise(compileSpecTask(spec));

/** The chart as SVG text. Axis titles (with their units) are SVG text, searchable and selectable. */
export const renderSvgTask = (spec: TopLevelSpec, options: SvgOptions = {}): TE.TaskEither<VizError, string> =>
  pipe(
    TE.Do,
    TE.apSW("vega", compileSpecTask(spec)),
    TE.apSW("vg", loadVega()),
    TE.chainW(({ vega, vg }) =>
      step("render", async () => {
        const view = new vg.View(vg.parse(vega as Parameters<Vega["parse"]>[0]), { renderer: "none" });
        try {
          return await view.toSVG(options.scale ?? 1);
        } finally {
          view.finalize();
        }
      }),
    ),
  );

export const renderSvg = (spec: TopLevelSpec, options: SvgOptions = {}): Promise<string> => toPromise(renderSvgTask(spec, options));

export interface RenderedPng {
  readonly png: Uint8Array;
  readonly width: number;
  readonly height: number;
}

/** The chart as a PNG image, with its size in pixels. */
export const renderPngImageTask = (spec: TopLevelSpec, options: PngOptions = {}): TE.TaskEither<VizError, RenderedPng> =>
  pipe(
    TE.Do,
    TE.apSW("svg", renderSvgTask(spec)),
    TE.apSW("resvg", loadResvg()),
    TE.chainW(({ svg, resvg }) =>
      step("rasterize", () => {
        const family = options.fontFamily ?? "DejaVu Sans";
        const image = new resvg.Resvg(svg, {
          fitTo: { mode: "zoom", value: options.scale ?? 2 },
          font: {
            loadSystemFonts: true,
            fontFiles: options.fontFiles ? [...options.fontFiles] : [],
            defaultFontFamily: family,
            sansSerifFamily: family,
          },
        }).render();
        return { png: new Uint8Array(image.asPng()), width: image.width, height: image.height };
      }),
    ),
  );

export const renderPngImage = (spec: TopLevelSpec, options: PngOptions = {}): Promise<RenderedPng> => toPromise(renderPngImageTask(spec, options));

/** The chart as PNG bytes. */
export const renderPngTask = (spec: TopLevelSpec, options: PngOptions = {}): TE.TaskEither<VizError, Uint8Array> =>
  pipe(
    renderPngImageTask(spec, options),
    TE.map((image) => image.png),
  );

export const renderPng = (spec: TopLevelSpec, options: PngOptions = {}): Promise<Uint8Array> => toPromise(renderPngTask(spec, options));

export type ChartFormat = "svg" | "png" | "vl.json";

/** The format a file name asks for: .svg, .png, or .vl.json / .json (the Vega-Lite spec itself). */
export const chartFormat = (file: string): ChartFormat | undefined => {
  const lower = file.toLowerCase();
  if (lower.endsWith(".svg")) return "svg";
  if (lower.endsWith(".png")) return "png";
  if (lower.endsWith(".json")) return "vl.json";
  return undefined;
};

export interface WrittenChart {
  readonly format: ChartFormat;
  readonly bytes: number;
}

const contentOf = (spec: TopLevelSpec, format: ChartFormat, options: PngOptions): TE.TaskEither<VizError, Uint8Array> => {
  switch (format) {
    case "svg":
      return pipe(
        renderSvgTask(spec),
        TE.map((svg) => Buffer.from(svg, "utf8")),
      );
    case "png":
      return renderPngTask(spec, options);
    case "vl.json":
      return TE.right(Buffer.from(`${JSON.stringify(spec, null, 2)}\n`, "utf8"));
  }
};

/**
 * Writes the chart to `file` in the format its extension names (.svg, .png,
 * .vl.json), creating the folder; returns the format and the bytes written.
 * Left: UnsupportedOutput for another extension, before anything renders.
 */
export const writeChartTask = (spec: TopLevelSpec, file: string, options: PngOptions = {}): TE.TaskEither<VizError, WrittenChart> => {
  const format = chartFormat(file);
  if (!format) return TE.left(unsupportedOutput(file));
  return pipe(
    contentOf(spec, format, options),
    TE.chainW((content) =>
      step(
        "write",
        async (): Promise<WrittenChart> => {
          await mkdir(dirname(file), { recursive: true });
          await writeFile(file, content);
          return { format, bytes: content.length };
        },
        file,
      ),
    ),
  );
};

export const writeChart = (spec: TopLevelSpec, file: string, options: PngOptions = {}): Promise<WrittenChart> => toPromise(writeChartTask(spec, file, options));
