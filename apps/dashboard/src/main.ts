// The dimexp dashboard: experiments, a unit-aware runs table, comparisons,
// live updates. State lives in the URL (state.ts); data comes from the JSON
// API of `dimexp ui` (api.ts), which does every unit conversion.

import "./style.css";
import type { Column, ExperimentSummary, InfoResponse, RunsChangedEvent, RunsResponse } from "@dimexp/cli/ui";
import { ApiFailure, api } from "./api.js";
import { loadVega } from "./charts.js";
import { arrayValues } from "./array-charts.js";
import { type ComparisonHandle, chartViews, refreshCharts, showComparison } from "./compare.js";
import { h } from "./dom.js";
import { OTHER_UNIT, renderTable } from "./table.js";
import { type ViewState, parseState, serializeState } from "./state.js";

interface App {
  state: ViewState;
  info: InfoResponse | undefined;
  experiments: ExperimentSummary[];
  experimentId: string | undefined;
  runs: RunsResponse | undefined;
  selected: Set<string>;
  highlighted: Set<string>;
  loading: AbortController | undefined;
  live: EventSource | undefined;
  comparison: ComparisonHandle | undefined;
  tableInteractive: boolean;
}

const app: App = {
  state: parseState(window.location.search),
  info: undefined,
  experiments: [],
  experimentId: undefined,
  runs: undefined,
  selected: new Set(),
  highlighted: new Set(),
  loading: undefined,
  live: undefined,
  comparison: undefined,
  tableInteractive: false,
};
app.selected = new Set(app.state.compare);

// ---- the page's frame ----------------------------------------------------------

const root = document.getElementById("app") as HTMLElement;
const experimentList = h("nav", { className: "experiments", "aria-label": "experiments" });
const backendLabel = h("div", { className: "backend" });
const filterInput = h("input", {
  type: "text",
  className: "filter",
  id: "filter",
  placeholder: "filter: params.domain_length >= 50 cm and metrics.loss < 1 J",
  spellcheck: "false",
  autocomplete: "off",
  "aria-label": "filter runs",
  value: app.state.filter,
});
const filterError = h("div", { className: "filter-error", role: "alert", hidden: true });
const systemSelect = h("select", { className: "system-select", "aria-label": "unit system for every column" });
const contextSelect = h("select", {
  className: "context-select",
  "aria-label": "context through which the filter and the sort compare quantities of different dimensions",
  title: "A filter compares quantities of different dimensions (a length logged in GeV⁻¹ with 50 cm) only through a context you choose.",
});
const countLabel = h("span", { className: "count" });
const compareButton = h("button", { className: "primary compare-button", disabled: true }, "Compare");
const clearButton = h("button", { className: "clear-button", disabled: true }, "Clear selection");
const liveLabel = h("span", { className: "live off", title: "live updates" }, "live");
const tableHolder = h("div", { className: "table-holder" }, h("div", { className: "placeholder" }, "loading…"));
const comparePanel = h("section", { className: "compare", hidden: true, "aria-label": "comparison" });
const notice = h("div", { className: "notice", hidden: true });

root.replaceChildren(
  h(
    "div",
    { className: "layout" },
    h("aside", { className: "sidebar" }, h("div", { className: "brand" }, "dimexp"), h("div", { className: "sidebar-title" }, "experiments"), experimentList, backendLabel),
    h(
      "main",
      {},
      h(
        "div",
        { className: "toolbar" },
        h("div", { className: "filter-wrap" }, h("div", { className: "filter-row" }, filterInput, h("label", { className: "context-label" }, "context ", contextSelect)), filterError),
        h(
          "div",
          { className: "toolbar-row" },
          h("label", {}, "units ", systemSelect),
          countLabel,
          h("span", { className: "spacer" }),
          liveLabel,
          clearButton,
          compareButton,
        ),
      ),
      notice,
      tableHolder,
      comparePanel,
    ),
  ),
);

// ---- URL state ----------------------------------------------------------------

const writeUrl = (push = false): void => {
  const url = `${window.location.pathname}${serializeState(app.state)}`;
  if (url === `${window.location.pathname}${window.location.search}`) return;
  if (push) window.history.pushState(null, "", url);
  else window.history.replaceState(null, "", url);
};

/** Shown once the next runs request succeeds (set when a request's bad part is dropped and the runs reloaded). */
let noticeAfterReload: string | undefined;

const showNotice = (text: string | undefined): void => {
  notice.hidden = !text;
  notice.textContent = text ?? "";
};

// ---- the filter box ------------------------------------------------------------

const showFilterError = (failure: ApiFailure | undefined): void => {
  filterInput.classList.toggle("invalid", failure !== undefined);
  if (!failure) {
    filterError.hidden = true;
    filterError.replaceChildren();
    return;
  }
  const { error } = failure;
  const position = error.position ?? 0;
  const query = app.state.filter;
  filterError.hidden = false;
  filterError.replaceChildren(
    h("div", { className: "filter-error-message" }, error.problem ? `At position ${position}: ${error.problem}` : error.message.split("\n")[0] ?? error.message),
    h("pre", { className: "filter-caret", "data-position": position }, `${query}\n${" ".repeat(Math.max(0, position))}^`),
  );
  // put the cursor where the problem is
  if (document.activeElement === filterInput) {
    const at = Math.min(position, filterInput.value.length);
    filterInput.setSelectionRange(at, at);
  }
};

let filterTimer: ReturnType<typeof setTimeout> | undefined;
const applyFilter = (): void => {
  if (filterTimer) clearTimeout(filterTimer);
  if (app.state.filter === filterInput.value) return;
  app.state.filter = filterInput.value;
  writeUrl();
  void loadRuns();
};
filterInput.addEventListener("input", () => {
  if (filterTimer) clearTimeout(filterTimer);
  filterTimer = setTimeout(applyFilter, 500);
});
filterInput.addEventListener("keydown", (e) => {
  if (e.key === "Enter") applyFilter();
  if (e.key === "Escape") {
    filterInput.value = "";
    applyFilter();
  }
});

// ---- the context selector ----------------------------------------------------------

/** The selector's options: none, each context, and the URL's combination when it names several. */
const drawContextSelect = (): void => {
  const contexts = app.info?.contexts ?? [];
  const chosen = app.state.context.join(",");
  const options = [h("option", { value: "" }, "none"), ...contexts.map((c) => h("option", { value: c.id, title: c.description }, c.id))];
  if (app.state.context.length > 1) options.push(h("option", { value: chosen }, app.state.context.join(" + ")));
  contextSelect.replaceChildren(...options);
  contextSelect.value = chosen;
};

contextSelect.addEventListener("change", () => {
  app.state.context = contextSelect.value ? contextSelect.value.split(",") : [];
  writeUrl();
  void loadRuns();
});

// ---- the runs table ------------------------------------------------------------

const updateSelectionControls = (): void => {
  const n = app.selected.size;
  compareButton.disabled = n === 0;
  clearButton.disabled = n === 0;
  compareButton.textContent = n > 0 ? `Compare ${n} run${n === 1 ? "" : "s"}` : "Compare";
};

const askUnit = (column: Column): string | undefined => {
  const examples = column.choices
    .filter((c) => c.kind === "unit")
    .slice(0, 6)
    .map((c) => c.value)
    .join(", ");
  const answer = window.prompt(`Show ${column.id} (${column.dimension ?? "values"}) in which unit? Any compatible unit (${examples}, …) or a system: si, cgs, natural.`);
  return answer?.trim() || undefined;
};

const drawTable = (): void => {
  if (!app.runs) return;
  renderTable(tableHolder, app.runs, {
    sort: app.state.sort,
    units: app.state.units,
    system: app.state.system,
    selected: app.selected,
    highlighted: app.highlighted,
    onSort: (id) => {
      const [field, direction] = (app.state.sort ?? "").split(/\s+/);
      app.state.sort = field !== id ? `${id} asc` : direction === "asc" ? `${id} desc` : undefined;
      writeUrl();
      void loadRuns();
    },
    onUnit: (column, value) => {
      let chosen: string | undefined = value || undefined;
      if (value === OTHER_UNIT) {
        chosen = askUnit(column);
        if (chosen === undefined) {
          drawTable();
          return;
        }
      }
      if (chosen === undefined) delete app.state.units[column.id];
      else app.state.units[column.id] = chosen;
      writeUrl();
      void loadRuns().then(() => {
        if (app.comparison && column.source === "metrics" && app.state.charts[column.key] === undefined) openComparison();
      });
    },
    onSelect: (id, selected) => {
      if (selected) app.selected.add(id);
      else app.selected.delete(id);
      tableHolder.querySelector(`tr[data-run="${CSS.escape(id)}"]`)?.classList.toggle("selected", selected);
      updateSelectionControls();
    },
    onSelectAll: (selected) => {
      for (const r of app.runs?.runs ?? []) {
        if (selected) app.selected.add(r.id);
        else app.selected.delete(r.id);
      }
      drawTable();
      updateSelectionControls();
    },
  });
  const runs = app.runs;
  countLabel.textContent = `${runs.runs.length === runs.total ? runs.total : `${runs.runs.length} of ${runs.total}`} run${runs.total === 1 ? "" : "s"}${runs.filter ? " matching" : ""}`;
  updateSelectionControls();
};

const loadRuns = async (quiet = false): Promise<void> => {
  const experimentId = app.experimentId;
  if (experimentId === undefined) return;
  app.loading?.abort();
  const controller = new AbortController();
  app.loading = controller;
  if (!quiet) tableHolder.classList.add("busy");
  try {
    const response = await api.runs(experimentId, app.state, controller.signal);
    if (controller.signal.aborted) return;
    app.runs = response;
    showFilterError(undefined);
    // a notice about what the reload dropped (a bad context or unit) outlives that reload
    showNotice(noticeAfterReload);
    noticeAfterReload = undefined;
    drawTable();
    if (!app.tableInteractive) {
      app.tableInteractive = true;
      performance.mark("dimexp:table-interactive");
      // vega is needed only for a comparison: fetch it now, off the critical path
      const idle = window.requestIdleCallback ?? ((f: () => void) => setTimeout(f, 50));
      idle(() => void loadVega());
    }
  } catch (error) {
    if (controller.signal.aborted) return;
    if (error instanceof ApiFailure && error.error.param === "filter") showFilterError(error);
    else if (error instanceof ApiFailure && error.error.param === "context") {
      // a context the server does not know (a hand-edited URL): say why, and drop it
      showNotice(error.message);
      noticeAfterReload = error.message;
      app.state.context = [];
      drawContextSelect();
      writeUrl();
      void loadRuns();
    } else if (error instanceof ApiFailure && error.error.param?.startsWith("unit.")) {
      // an impossible unit: say why, and drop it from the state
      showNotice(error.message);
      noticeAfterReload = error.message;
      delete app.state.units[error.error.param.slice(5)];
      writeUrl();
      void loadRuns();
    } else showNotice(error instanceof Error ? error.message : String(error));
  } finally {
    if (app.loading === controller) app.loading = undefined;
    tableHolder.classList.remove("busy");
  }
};

// ---- comparison ----------------------------------------------------------------

const openComparison = (): void => {
  app.comparison?.abort();
  if (app.state.compare.length === 0) {
    comparePanel.hidden = true;
    comparePanel.replaceChildren();
    app.comparison = undefined;
    return;
  }
  const started = performance.now();
  performance.mark("dimexp:compare-start");
  const handle = showComparison(comparePanel, {
    runs: app.state.compare,
    system: app.state.system,
    units: app.state.units,
    charts: app.state.charts,
    target: app.state.target,
    arrays: app.state.arrays,
    onArrayUnit: (key, value) => {
      // the chart redraws itself; the URL keeps the choice
      if (value === undefined) delete app.state.arrays[key];
      else app.state.arrays[key] = value;
      writeUrl();
    },
    onChartUnit: (metric, value) => {
      if (value === undefined) delete app.state.charts[metric];
      else app.state.charts[metric] = value;
      writeUrl();
      openComparison();
    },
    onTarget: (metric) => {
      app.state.target = metric;
      writeUrl();
      openComparison();
    },
    onClose: () => {
      app.state.compare = [];
      writeUrl(true);
      openComparison();
    },
  });
  app.comparison = handle;
  void handle.firstChart.then(() => {
    if (app.comparison !== handle) return;
    performance.mark("dimexp:compare-chart");
    dimexp.lastCompareMs = performance.now() - started;
  });
};

compareButton.addEventListener("click", () => {
  const order = new Map((app.runs?.runs ?? []).map((r, i) => [r.id, i]));
  app.state.compare = [...app.selected].sort((a, b) => (order.get(a) ?? 1e9) - (order.get(b) ?? 1e9));
  writeUrl(true);
  openComparison();
  comparePanel.scrollIntoView({ behavior: "smooth", block: "start" });
});
clearButton.addEventListener("click", () => {
  app.selected.clear();
  drawTable();
});

// ---- units for the whole page ----------------------------------------------------

systemSelect.addEventListener("change", () => {
  app.state.system = systemSelect.value || undefined;
  writeUrl();
  void loadRuns();
  if (app.state.compare.length > 0) openComparison();
});

// ---- live updates --------------------------------------------------------------

let refreshTimer: ReturnType<typeof setTimeout> | undefined;
const onRunsChanged = (event: RunsChangedEvent): void => {
  for (const id of [...event.changed, ...event.added]) app.highlighted.add(id);
  if (refreshTimer) return;
  refreshTimer = setTimeout(() => {
    refreshTimer = undefined;
    const touched = new Set(app.highlighted);
    void loadRuns(true).then(() => {
      setTimeout(() => {
        for (const id of touched) app.highlighted.delete(id);
        for (const id of touched) tableHolder.querySelector(`tr[data-run="${CSS.escape(id)}"]`)?.classList.remove("updated");
      }, 1500);
    });
    if (app.comparison && app.state.compare.some((id) => touched.has(id))) {
      void refreshCharts(comparePanel, {
        runs: app.state.compare,
        system: app.state.system,
        units: app.state.units,
        charts: app.state.charts,
        target: app.state.target,
        onChartUnit: () => undefined,
        onTarget: () => undefined,
        onClose: () => undefined,
      });
    }
  }, 250);
};

const connectLive = (): void => {
  app.live?.close();
  if (app.experimentId === undefined || typeof EventSource === "undefined") return;
  const source = new EventSource(`api/events?experiment=${encodeURIComponent(app.experimentId)}`);
  source.addEventListener("ready", () => {
    liveLabel.className = "live on";
    liveLabel.title = `live: the server checks for new points every ${(app.info?.pollIntervalMs ?? 1000) / 1000} s`;
  });
  source.addEventListener("runs", (e) => onRunsChanged(JSON.parse((e as MessageEvent<string>).data) as RunsChangedEvent));
  source.addEventListener("error", () => {
    liveLabel.className = "live off";
    liveLabel.title = "live updates: reconnecting…";
  });
  app.live = source;
};

// ---- experiments -----------------------------------------------------------------

const drawExperiments = (): void => {
  experimentList.replaceChildren(
    ...app.experiments.map((e) =>
      h(
        "a",
        {
          href: `?experiment=${encodeURIComponent(e.name)}`,
          className: e.id === app.experimentId ? "active" : "",
          "data-experiment": e.id,
          onclick: (event: Event) => {
            event.preventDefault();
            selectExperiment(e, true);
          },
        },
        h("span", { className: "exp-name" }, e.name),
        h("span", { className: "exp-count" }, String(e.runs)),
      ),
    ),
  );
};

const selectExperiment = (experiment: ExperimentSummary, userAction: boolean): void => {
  if (userAction && experiment.id !== app.experimentId) {
    app.state = { ...app.state, experiment: experiment.name, filter: "", sort: undefined, units: {}, compare: [], charts: {}, target: undefined, arrays: {} };
    app.selected.clear();
    filterInput.value = "";
    writeUrl(true);
    openComparison();
  }
  app.experimentId = experiment.id;
  document.title = `${experiment.name} · dimexp`;
  drawExperiments();
  connectLive();
  void loadRuns();
};

window.addEventListener("popstate", () => {
  app.state = parseState(window.location.search);
  filterInput.value = app.state.filter;
  systemSelect.value = app.state.system ?? "";
  drawContextSelect();
  app.selected = new Set(app.state.compare);
  const experiment = app.experiments.find((e) => e.name === app.state.experiment) ?? app.experiments[0];
  if (experiment) selectExperiment(experiment, false);
  openComparison();
});

// ---- start -----------------------------------------------------------------------

/** What tests and the benchmark read. */
const dimexp = {
  ready: undefined as Promise<void> | undefined,
  lastCompareMs: undefined as number | undefined,
  charts: chartViews,
  /** The rows an array chart draws ({ run, index, value }). */
  arrayValues,
  /** The rows a chart draws ({ run, step, value }), read back from its vega view. */
  chartValues(metric: string): Array<Record<string, unknown>> | undefined {
    const view = chartViews.get(metric);
    if (!view) return undefined;
    const state = view.getState({ data: () => true, signals: () => false, recurse: true }) as { data?: Record<string, unknown> };
    let best: Array<Record<string, unknown>> = [];
    for (const rows of Object.values(state.data ?? {})) {
      if (!Array.isArray(rows)) continue;
      const drawn = rows.filter((r) => r && typeof r === "object" && "run" in r && "value" in r && "step" in r) as Array<Record<string, unknown>>;
      if (drawn.length > best.length) best = drawn;
    }
    return best.map(({ run, step, value }) => ({ run, step, value }));
  },
};
(window as unknown as { __dimexp: typeof dimexp }).__dimexp = dimexp;

const start = async (): Promise<void> => {
  const [info, list] = await Promise.all([api.info(), api.experiments()]);
  app.info = info;
  app.experiments = [...list.experiments];
  backendLabel.textContent = `${info.backend.kind} · ${info.backend.location}`;
  backendLabel.title = `dimexp ${info.version}, ${info.backend.kind} backend at ${info.backend.location}`;
  systemSelect.replaceChildren(h("option", { value: "" }, "as logged"), ...info.systems.map((s) => h("option", { value: s.id, title: s.description }, s.label)));
  systemSelect.value = app.state.system ?? "";
  drawContextSelect();
  if (app.experiments.length === 0) {
    tableHolder.replaceChildren(h("div", { className: "placeholder" }, `No experiments in ${info.backend.location} yet. Log a run, then reload.`));
    return;
  }
  const wanted = app.state.experiment;
  const experiment = app.experiments.find((e) => e.name === wanted) ?? app.experiments.find((e) => e.id === wanted) ?? app.experiments[0];
  if (!experiment) return;
  if (wanted !== undefined && experiment.name !== wanted && experiment.id !== wanted) showNotice(`No experiment "${wanted}" here; showing ${experiment.name}.`);
  app.state.experiment = experiment.name;
  writeUrl();
  selectExperiment(experiment, false);
  if (app.state.compare.length > 0) openComparison();
};

dimexp.ready = start().catch((error: unknown) => {
  tableHolder.replaceChildren(h("div", { className: "error-box" }, `Cannot reach the dimexp API: ${error instanceof Error ? error.message : String(error)}`));
});
