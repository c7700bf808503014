// The comparison's array charts: for each array the compared runs logged
// (logArray), each run's latest array drawn value against index, every run in
// one unit chosen per chart (kept in the URL as array.<key>=<unit>); runs that
// lack it, kept no full array, or cannot be shown in that unit are named.

import type { CompareArrayInfo, CompareArrayResponse } from "@dimexp/cli/ui";
import { ApiFailure, api } from "./api.js";
import { type ChartView, type RenderedChart, renderChart } from "./charts.js";
import { h } from "./dom.js";
import { OTHER_UNIT, unitSelect } from "./table.js";

export interface ArrayChartOptions {
  readonly runs: readonly string[];
  /** the page's system: every chart without a unit of its own */
  readonly system: string | undefined;
  /** array key → unit or system */
  readonly units: Readonly<Record<string, string>>;
  onUnit(key: string, value: string | undefined): void;
}

/** Array charts drawn so far, by key; exposed for tests. */
export const arrayViews = new Map<string, ChartView>();
const rendered = new Map<string, RenderedChart>();

/** The rows an array chart draws ({ run, index, value }), read back from its vega view (tests). */
export const arrayValues = (key: string): Array<Record<string, unknown>> | undefined => {
  const view = arrayViews.get(key);
  if (!view) return undefined;
  const state = view.getState({ data: () => true, signals: () => false, recurse: true }) as { data?: Record<string, unknown> };
  let best: Array<Record<string, unknown>> = [];
  for (const rows of Object.values(state.data ?? {})) {
    if (!Array.isArray(rows)) continue;
    const drawn = rows.filter((r) => r && typeof r === "object" && "run" in r && "value" in r && "index" in r) as Array<Record<string, unknown>>;
    if (drawn.length > best.length) best = drawn;
  }
  return best.map(({ run, index, value }) => ({ run, index, value }));
};

/** At most this many array charts per comparison (the rest are listed). */
const MAX_ARRAY_CHARTS = 6;

const errorBox = (error: unknown): HTMLElement =>
  h("div", { className: "error-box" }, error instanceof ApiFailure ? error.error.message : error instanceof Error ? error.message : String(error));

const draw = async (card: HTMLElement, key: string, options: ArrayChartOptions, signal: AbortSignal): Promise<CompareArrayResponse | undefined> => {
  const body = card.querySelector<HTMLElement>(".chart-body") as HTMLElement;
  const notes = card.querySelector<HTMLElement>(".chart-notes") as HTMLElement;
  card.classList.add("loading");
  try {
    const response = await api.compareArray(options.runs, key, { unit: options.units[key], system: options.system }, signal);
    if (signal.aborted) return undefined;
    const holder = h("div", { className: "vega-holder" });
    body.replaceChildren(holder);
    rendered.get(key)?.finalize();
    const chart = await renderChart(holder, response.spec);
    if (signal.aborted) {
      chart.finalize();
      return undefined;
    }
    rendered.set(key, chart);
    arrayViews.set(key, chart.view);
    card.dataset.unit = response.unit ?? "";
    notes.replaceChildren(...response.warnings.map((w) => h("div", { className: "warning" }, w)));
    return response;
  } catch (error) {
    if (!signal.aborted) body.replaceChildren(errorBox(error));
    return undefined;
  } finally {
    card.classList.remove("loading");
  }
};

const arrayCard = (info: CompareArrayInfo, options: ArrayChartOptions, signal: AbortSignal): { card: HTMLElement; drawn: Promise<unknown> } => {
  const current = options.units[info.key];
  const choose = (value: string | undefined): void => {
    options.onUnit(info.key, value);
    void draw(card, info.key, { ...options, units: { ...options.units, [info.key]: value as string } }, signal);
  };
  const select = unitSelect(
    info.choices,
    current,
    options.system ? options.system.toUpperCase() : `as logged (${info.unit ?? "no unit"})`,
    (value) => {
      if (value !== OTHER_UNIT) return choose(value || undefined);
      const examples = info.choices
        .filter((c) => c.kind === "unit")
        .slice(0, 6)
        .map((c) => c.value)
        .join(", ");
      const typed = window.prompt(`Show the array ${info.key} in which unit? Any compatible unit (${examples}, …) or a system: si, cgs, natural.`)?.trim();
      if (!typed) {
        select.value = current ?? "";
        return;
      }
      choose(typed);
    },
    `unit for the ${info.key} array chart`,
  );
  select.dataset.array = info.key;
  const card = h(
    "section",
    { className: "chart-card array-card", "data-array": info.key },
    h(
      "header",
      {},
      h("span", { className: "chart-runs" }, `array ${info.key}: ${info.runs} run${info.runs === 1 ? "" : "s"}, value against index`),
      h("label", { className: "chart-unit" }, "unit ", select),
    ),
    h("div", { className: "chart-body" }, h("div", { className: "placeholder" }, "loading…")),
    h("div", { className: "chart-notes" }),
  );
  return { card, drawn: draw(card, info.key, options, signal) };
};

/** Fills `container` with a chart per array (or nothing when the runs logged none); resolves when all are drawn. */
export const showArrayCharts = (container: HTMLElement, arrays: readonly CompareArrayInfo[], options: ArrayChartOptions, signal: AbortSignal): Promise<unknown> => {
  for (const chart of rendered.values()) chart.finalize();
  rendered.clear();
  arrayViews.clear();
  if (arrays.length === 0) {
    container.replaceChildren();
    container.hidden = true;
    return Promise.resolve();
  }
  container.hidden = false;
  const cards = arrays.slice(0, MAX_ARRAY_CHARTS).map((a) => arrayCard(a, options, signal));
  container.replaceChildren(
    h("h3", { className: "array-charts-title" }, "arrays"),
    h("div", { className: "charts" }, ...cards.map((c) => c.card)),
    ...(arrays.length > MAX_ARRAY_CHARTS ? [h("p", { className: "muted" }, `Not charted: ${arrays.slice(MAX_ARRAY_CHARTS).map((a) => a.key).join(", ")}.`)] : []),
  );
  return Promise.all(cards.map((c) => c.drawn));
};
