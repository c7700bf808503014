// The runs table: params and latest metrics with their units, sortable by
// any column, a unit selector under every column that has units, a checkbox
// per run for comparison.

import type { Cell, Column, RunRow, RunsResponse, UnitChoice } from "@dimexp/cli/ui";
import { h } from "./dom.js";
import { cellTitle, shortNumber, timeAgo } from "./format.js";

export interface TableHandlers {
  readonly sort: string | undefined;
  readonly units: Readonly<Record<string, string>>;
  readonly system: string | undefined;
  readonly selected: ReadonlySet<string>;
  readonly highlighted: ReadonlySet<string>;
  onSort(columnId: string): void;
  onUnit(column: Column, value: string): void;
  onSelect(runId: string, selected: boolean): void;
  onSelectAll(selected: boolean): void;
}

export const OTHER_UNIT = "__other__";

const sortState = (sort: string | undefined, id: string): "asc" | "desc" | undefined => {
  if (!sort) return undefined;
  const [field, direction] = sort.split(/\s+/);
  if (field !== id) return undefined;
  return direction?.toLowerCase() === "desc" ? "desc" : "asc";
};

/** The unit selector of a column or chart: as logged (or the page's system), systems, units, other…. */
export const unitSelect = (
  choices: readonly UnitChoice[],
  current: string | undefined,
  fallbackLabel: string,
  onChange: (value: string) => void,
  label: string,
): HTMLSelectElement => {
  const select = h("select", { className: "unit-select", "aria-label": label, title: label });
  select.append(h("option", { value: "" }, fallbackLabel));
  const systems = choices.filter((c) => c.kind === "system");
  const units = choices.filter((c) => c.kind === "unit");
  if (systems.length > 0) select.append(h("optgroup", { label: "system" }, ...systems.map((c) => h("option", { value: c.value }, c.label))));
  const unitGroup = h("optgroup", { label: "unit" }, ...units.map((c) => h("option", { value: c.value }, c.label)));
  if (current && !choices.some((c) => c.value === current)) unitGroup.prepend(h("option", { value: current }, current));
  select.append(unitGroup, h("option", { value: OTHER_UNIT }, "other unit…"));
  select.value = current ?? "";
  select.addEventListener("change", () => onChange(select.value));
  return select;
};

const cellNode = (cell: Cell | undefined, column: string): HTMLTableCellElement => {
  if (!cell) return h("td", { className: "num missing", "data-column": column }, "–");
  const numeric = typeof cell.value === "number" || cell.value === "NaN" || cell.value === "Infinity" || cell.value === "-Infinity";
  const classes = [numeric ? "num" : "text", cell.logged ? "converted" : "", cell.conversionError ? "conversion-error" : ""].filter(Boolean).join(" ");
  return h(
    "td",
    { className: classes, title: cellTitle(cell), "data-column": column },
    h("span", { className: "value" }, shortNumber(cell.value)),
    cell.unit ? h("span", { className: "unit" }, cell.unit) : null,
    cell.conversionError ? h("span", { className: "warn", "aria-label": "not converted" }, "⚠") : null,
  );
};

const statusNode = (status: string): HTMLElement => h("span", { className: `status status-${status.toLowerCase()}` }, status.toLowerCase());

export const renderTable = (container: HTMLElement, response: RunsResponse, handlers: TableHandlers): void => {
  const { columns, runs } = response;
  const params = columns.filter((c) => c.source === "params");
  const metrics = columns.filter((c) => c.source === "metrics");
  const allSelected = runs.length > 0 && runs.every((r) => handlers.selected.has(r.id));

  const groupRow = h(
    "tr",
    { className: "groups" },
    h("th", { colspan: 3 }),
    params.length > 0 ? h("th", { colspan: params.length, className: "group params" }, "params") : null,
    metrics.length > 0 ? h("th", { colspan: metrics.length, className: "group metrics" }, "metrics (latest)") : null,
  );

  const header = (c: Column): HTMLTableCellElement => {
    const state = sortState(handlers.sort, c.id);
    const button = h(
      "button",
      {
        className: `sort${state ? ` sorted-${state}` : ""}`,
        title: `sort by ${c.id}${c.dimension ? ` (${c.dimension})` : ""}`,
        "data-column": c.id,
        onclick: () => handlers.onSort(c.id),
      },
      c.key,
      h("span", { className: "arrow" }, state === "asc" ? "▲" : state === "desc" ? "▼" : "↕"),
    );
    const own = handlers.units[c.id];
    const fallback = handlers.system && !own ? `${handlers.system.toUpperCase()}` : c.loggedUnits.length > 0 ? `as logged` : "";
    const selector =
      c.choices.length > 0
        ? unitSelect(c.choices, own, fallback || "as logged", (value) => handlers.onUnit(c, value), `unit for ${c.id}`)
        : c.loggedUnits.length > 0
          ? h("span", { className: "unit-fixed", title: "logged in a unit this dashboard cannot convert" }, c.loggedUnits.join(", "))
          : null;
    if (selector instanceof HTMLSelectElement) selector.dataset.column = c.id;
    return h("th", { className: `col ${c.source}`, "data-column": c.id }, h("div", { className: "col-head" }, button, selector));
  };

  const nameSort = sortState(handlers.sort, "name");
  const headRow = h(
    "tr",
    {},
    h(
      "th",
      { className: "select" },
      h("input", {
        type: "checkbox",
        "aria-label": "select all runs",
        checked: allSelected,
        onchange: (e: Event) => handlers.onSelectAll((e.target as HTMLInputElement).checked),
      }),
    ),
    h(
      "th",
      { className: "name" },
      h("button", { className: `sort${nameSort ? ` sorted-${nameSort}` : ""}`, onclick: () => handlers.onSort("name") }, "run", h("span", { className: "arrow" }, nameSort === "asc" ? "▲" : nameSort === "desc" ? "▼" : "↕")),
    ),
    h("th", { className: "status-col" }, "status"),
    ...params.map(header),
    ...metrics.map(header),
  );

  const body = h("tbody");
  const fragment = document.createDocumentFragment();
  const now = Date.now();
  for (const r of runs) fragment.append(rowNode(r, params, metrics, handlers, now));
  body.append(fragment);

  const table = h("table", { className: "runs", "data-runs": runs.length }, h("thead", {}, groupRow, headRow), body);
  container.replaceChildren(table);
};

const rowNode = (r: RunRow, params: readonly Column[], metrics: readonly Column[], handlers: TableHandlers, now: number): HTMLTableRowElement => {
  const selected = handlers.selected.has(r.id);
  const row = h(
    "tr",
    { "data-run": r.id, className: [selected ? "selected" : "", handlers.highlighted.has(r.id) ? "updated" : ""].filter(Boolean).join(" ") },
    h(
      "td",
      { className: "select" },
      h("input", {
        type: "checkbox",
        "aria-label": `select ${r.name}`,
        checked: selected,
        onchange: (e: Event) => handlers.onSelect(r.id, (e.target as HTMLInputElement).checked),
      }),
    ),
    h("td", { className: "name", title: `${r.id}\nstarted ${new Date(r.startTime).toISOString()}` }, h("span", { className: "run-name" }, r.name), h("span", { className: "run-when" }, timeAgo(r.startTime, now))),
    h("td", {}, statusNode(r.status)),
    ...params.map((c) => cellNode(r.params[c.key], c.id)),
    ...metrics.map((c) => cellNode(r.metrics[c.key], c.id)),
  );
  return row;
};
