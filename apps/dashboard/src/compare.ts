// The comparison of selected runs: each metric's history overlaid in one
// display unit (a selector per chart), each logged array against its index
// (array-charts.ts), the params that differ (each in one unit), parameter
// importance and parallel coordinates.

import type { CompareHistoryResponse, CompareResponse, UnitChoice } from "@dimexp/cli/ui";
import { ApiFailure, api } from "./api.js";
import { showArrayCharts } from "./array-charts.js";
import { type ChartView, type RenderedChart, renderChart } from "./charts.js";
import { h } from "./dom.js";
import { cellTitle, shortNumber } from "./format.js";
import { OTHER_UNIT, unitSelect } from "./table.js";

export interface CompareOptions {
  readonly runs: readonly string[];
  readonly system: string | undefined;
  /** column unit choices: a chart defaults to its metric column's unit */
  readonly units: Readonly<Record<string, string>>;
  readonly charts: Readonly<Record<string, string>>;
  readonly target: string | undefined;
  /** array key → unit or system of its chart (URL: array.<key>=<unit>) */
  readonly arrays?: Readonly<Record<string, string>>;
  onArrayUnit?(key: string, value: string | undefined): void;
  onChartUnit(metric: string, value: string | undefined): void;
  onTarget(metric: string): void;
  onClose(): void;
}

/** Charts drawn so far, by metric; exposed for tests and the benchmark. */
export const chartViews = new Map<string, ChartView>();
const rendered = new Map<string, RenderedChart>();

const MAX_CHARTS = 12;

const errorBox = (error: unknown): HTMLElement =>
  h("div", { className: "error-box" }, error instanceof ApiFailure ? error.error.message : error instanceof Error ? error.message : String(error));

/** The choice a chart uses: its own, else its metric column's (the page's system applies in the API). */
export const chartChoice = (options: Pick<CompareOptions, "charts" | "units">, metric: string): string | undefined =>
  options.charts[metric] ?? options.units[`metrics.${metric}`];

const askUnit = (what: string, choices: readonly UnitChoice[]): string | undefined => {
  const examples = choices
    .filter((c) => c.kind === "unit")
    .slice(0, 6)
    .map((c) => c.value)
    .join(", ");
  const answer = window.prompt(`Show ${what} in which unit? Any compatible unit (${examples}, …) or a system: si, cgs, natural.`);
  return answer?.trim() || undefined;
};

const drawHistory = async (card: HTMLElement, metric: string, options: CompareOptions, signal: AbortSignal): Promise<CompareHistoryResponse | undefined> => {
  const body = card.querySelector<HTMLElement>(".chart-body") as HTMLElement;
  const notes = card.querySelector<HTMLElement>(".chart-notes") as HTMLElement;
  card.classList.add("loading");
  try {
    const response = await api.compareHistory(options.runs, metric, { unit: chartChoice(options, metric), system: options.system }, signal);
    if (signal.aborted) return undefined;
    const holder = h("div", { className: "vega-holder" });
    body.replaceChildren(holder);
    rendered.get(metric)?.finalize();
    const chart = await renderChart(holder, response.spec);
    if (signal.aborted) {
      chart.finalize();
      return undefined;
    }
    rendered.set(metric, chart);
    chartViews.set(metric, chart.view);
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

const chartCard = (metric: CompareResponse["metrics"][number], options: CompareOptions, signal: AbortSignal): { card: HTMLElement; drawn: Promise<unknown> } => {
  const current = chartChoice(options, metric.key);
  const select = unitSelect(
    metric.choices,
    current,
    options.system ? options.system.toUpperCase() : `common (${metric.unit ?? "no unit"})`,
    (value) => {
      if (value === OTHER_UNIT) {
        const typed = askUnit(metric.key, metric.choices);
        if (!typed) {
          select.value = current ?? "";
          return;
        }
        options.onChartUnit(metric.key, typed);
        return;
      }
      options.onChartUnit(metric.key, value || undefined);
    },
    `unit for the ${metric.key} chart`,
  );
  select.dataset.chart = metric.key;
  const card = h(
    "section",
    { className: "chart-card", "data-metric": metric.key },
    h("header", {}, h("span", { className: "chart-runs" }, `${metric.runs} run${metric.runs === 1 ? "" : "s"} log ${metric.key}`), h("label", { className: "chart-unit" }, "unit ", select)),
    h("div", { className: "chart-body" }, h("div", { className: "placeholder" }, "loading…")),
    h("div", { className: "chart-notes" }),
  );
  return { card, drawn: drawHistory(card, metric.key, options, signal) };
};

const paramDiffTable = (response: CompareResponse): HTMLElement => {
  if (response.paramDiff.length === 0) {
    return h("p", { className: "muted" }, response.runs.length > 1 ? "Every param is the same in these runs." : "One run: nothing to diff.");
  }
  return h(
    "table",
    { className: "param-diff" },
    h("thead", {}, h("tr", {}, h("th", {}, "param"), ...response.runs.map((r) => h("th", { title: r.id }, r.name)))),
    h(
      "tbody",
      {},
      ...response.paramDiff.map((row) =>
        h(
          "tr",
          { "data-param": row.key },
          h("th", {}, row.key, row.unit ? h("span", { className: "unit" }, ` [${row.unit}]`) : null),
          ...row.values.map((cell) =>
            h(
              "td",
              { className: `${typeof cell.value === "number" ? "num" : "text"}${cell.logged ? " converted" : ""}`, title: cellTitle(cell) },
              shortNumber(cell.value),
              cell.logged ? h("span", { className: "logged" }, ` (${shortNumber(cell.logged.value)} ${cell.logged.unit ?? ""})`) : null,
            ),
          ),
        ),
      ),
    ),
  );
};

export interface ComparisonHandle {
  /** resolves when the first (target) chart is drawn */
  readonly firstChart: Promise<unknown>;
  /** resolves when everything is drawn */
  readonly done: Promise<unknown>;
  abort(): void;
}

/** Fills `panel` with the comparison of `options.runs`. */
export const showComparison = (panel: HTMLElement, options: CompareOptions): ComparisonHandle => {
  const controller = new AbortController();
  const { signal } = controller;
  panel.hidden = false;
  const chartsGrid = h("div", { className: "charts" });
  const arrayCharts = h("div", { className: "array-charts", hidden: true });
  const diff = h("div", { className: "diff" }, h("div", { className: "placeholder" }, "loading…"));
  const importance = h("div", { className: "importance" }, h("div", { className: "placeholder" }, "…"));
  const parallel = h("div", { className: "parallel" }, h("div", { className: "placeholder" }, "…"));
  const warnings = h("div", { className: "warnings" });
  const targetSelect = h("select", { className: "target-select", "aria-label": "metric to rank params against" });
  panel.replaceChildren(
    h(
      "header",
      { className: "compare-head" },
      h("h2", {}, `Comparing ${options.runs.length} run${options.runs.length === 1 ? "" : "s"}`),
      h("button", { className: "close", onclick: () => options.onClose(), title: "close the comparison" }, "×"),
    ),
    warnings,
    chartsGrid,
    arrayCharts,
    h(
      "div",
      { className: "compare-grid" },
      h("section", { className: "card" }, h("h3", {}, "params that differ"), diff),
      h("section", { className: "card" }, h("header", { className: "row" }, h("h3", {}, "parameter importance"), h("label", {}, "against ", targetSelect)), importance),
    ),
    h("section", { className: "card" }, parallel),
  );
  for (const chart of rendered.values()) chart.finalize();
  rendered.clear();
  chartViews.clear();

  let resolveFirst: (value: unknown) => void = () => undefined;
  const firstChart = new Promise((r) => {
    resolveFirst = r;
  });
  const done = (async () => {
    let response: CompareResponse;
    try {
      response = await api.compare(options.runs, { system: options.system, target: options.target, units: options.units }, signal);
    } catch (error) {
      if (!signal.aborted) panel.replaceChildren(h("header", { className: "compare-head" }, h("h2", {}, "Comparison"), h("button", { className: "close", onclick: () => options.onClose() }, "×")), errorBox(error));
      resolveFirst(undefined);
      return;
    }
    if (signal.aborted) return;
    const ordered = [...response.metrics].sort((a, b) => (a.key === response.target ? -1 : b.key === response.target ? 1 : 0)).slice(0, MAX_CHARTS);
    const cards = ordered.map((m) => chartCard(m, options, signal));
    chartsGrid.replaceChildren(...cards.map((c) => c.card));
    if (response.metrics.length > MAX_CHARTS) chartsGrid.append(h("p", { className: "muted" }, `${response.metrics.length - MAX_CHARTS} more metrics not charted.`));
    void (cards[0]?.drawn ?? Promise.resolve()).then(resolveFirst);

    warnings.replaceChildren(...response.warnings.map((w) => h("div", { className: "warning" }, w)));
    diff.replaceChildren(paramDiffTable(response));
    if (response.sameParams.length > 0) diff.append(h("p", { className: "muted same" }, `Same in every run: ${response.sameParams.join(", ")}`));
    targetSelect.replaceChildren(...response.metrics.map((m) => h("option", { value: m.key }, m.key)));
    targetSelect.value = response.target ?? "";
    targetSelect.onchange = () => options.onTarget(targetSelect.value);
    const side = async (el: HTMLElement, part: CompareResponse["importance"], name: string): Promise<void> => {
      if (!part.spec) {
        el.replaceChildren(h("p", { className: "muted" }, part.note ?? ""));
        return;
      }
      const holder = h("div", { className: "vega-holder" });
      el.replaceChildren(holder);
      const chart = await renderChart(holder, part.spec);
      if (signal.aborted) chart.finalize();
      else rendered.set(name, chart);
    };
    // the first chart gets the main thread to itself; the side charts follow
    await cards[0]?.drawn;
    if (signal.aborted) return;
    await Promise.all([
      ...cards.map((c) => c.drawn),
      showArrayCharts(arrayCharts, response.arrays ?? [], {
        runs: options.runs,
        system: options.system,
        units: options.arrays ?? {},
        onUnit: (key, value) => options.onArrayUnit?.(key, value),
      }, signal),
      side(importance, response.importance, "@importance").catch((e) => importance.replaceChildren(errorBox(e))),
      side(parallel, response.parallel, "@parallel").catch((e) => parallel.replaceChildren(errorBox(e))),
    ]);
  })();
  return { firstChart, done, abort: () => controller.abort() };
};

/** Redraws the charts of the runs that changed (live updates), keeping everything else. */
export const refreshCharts = async (panel: HTMLElement, options: CompareOptions): Promise<void> => {
  const controller = new AbortController();
  const cards = [...panel.querySelectorAll<HTMLElement>(".chart-card")];
  await Promise.all(cards.map((card) => drawHistory(card, card.dataset.metric as string, options, controller.signal)));
};
