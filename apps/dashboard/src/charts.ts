// vega-embed, loaded on first use: the runs table does not wait for vega's
// ~1 MB to download and parse; the page prefetches it once the table is up.

import type { ChartSpec } from "@dimexp/cli/ui";

type Embed = typeof import("vega-embed").default;
export type ChartView = Awaited<ReturnType<Embed>>["view"];

let loading: Promise<Embed> | undefined;

export const loadVega = (): Promise<Embed> => {
  loading ??= import("vega-embed").then((m) => m.default);
  return loading;
};

export interface RenderedChart {
  readonly view: ChartView;
  finalize(): void;
}

/** Renders a Vega-Lite spec into `el` (SVG, so axis titles and labels are text), resolved once drawn. */
export const renderChart = async (el: HTMLElement, spec: ChartSpec): Promise<RenderedChart> => {
  const embed = await loadVega();
  const result = await embed(el, spec as Parameters<Embed>[1], {
    renderer: "svg",
    actions: { export: true, source: false, compiled: false, editor: false },
    // vega-embed's theme-independent defaults, plus tooltips
    tooltip: true,
  });
  await result.view.runAsync();
  return { view: result.view, finalize: () => result.finalize() };
};
