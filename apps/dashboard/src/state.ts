// The page's state lives in the URL, so a view can be shared or bookmarked:
//
//   ?experiment=heat-equation-pinn
//   &filter=params.domain_length >= 50 cm
//   &sort=metrics.loss desc
//   &system=cgs                      every column and chart without a choice of its own
//   &context=natural                 contexts the filter and sort compare through (comma-separated)
//   &unit.metrics.loss=erg           one column's unit (unit.loss is short for unit.metrics.loss)
//   &compare=<run id>,<run id>       the open comparison
//   &chart.loss=kJ                   one comparison chart's unit (default: the column's)
//   &target=loss                     the metric parameter importance ranks against
//   &array.temperature=degC          one comparison array chart's unit (default: as logged)

export interface ViewState {
  experiment: string | undefined;
  filter: string;
  sort: string | undefined;
  system: string | undefined;
  /** contexts (natural, spectral, …) through which the filter and the sort compare quantities of different dimensions */
  context: string[];
  /** column id ("metrics.loss", "params.domain_length") → unit or system */
  units: Record<string, string>;
  compare: string[];
  /** metric → unit or system */
  charts: Record<string, string>;
  target: string | undefined;
  /** array key → unit or system of its comparison chart */
  arrays: Record<string, string>;
}

export const emptyState = (): ViewState => ({
  experiment: undefined,
  filter: "",
  sort: undefined,
  system: undefined,
  context: [],
  units: {},
  compare: [],
  charts: {},
  target: undefined,
  arrays: {},
});

const columnId = (name: string): string => (/^(params|metrics)\./.test(name) ? name : `metrics.${name}`);

export const parseState = (search: string): ViewState => {
  const params = new URLSearchParams(search);
  const state = emptyState();
  for (const [key, raw] of params) {
    const value = raw.trim();
    if (key === "experiment") state.experiment = value || undefined;
    else if (key === "filter") state.filter = raw;
    else if (key === "sort") state.sort = value || undefined;
    else if (key === "system") state.system = value || undefined;
    else if (key === "context") state.context = [...new Set(value.split(",").map((s) => s.trim()).filter(Boolean))];
    else if (key === "compare") state.compare = value.split(",").map((s) => s.trim()).filter(Boolean);
    else if (key === "target") state.target = value || undefined;
    else if (key.startsWith("unit.") && value) state.units[columnId(key.slice(5))] = value;
    else if (key.startsWith("chart.") && value) state.charts[key.slice(6)] = value;
    else if (key.startsWith("array.") && value) state.arrays[key.slice(6)] = value;
  }
  return state;
};

export const serializeState = (state: ViewState): string => {
  const params = new URLSearchParams();
  if (state.experiment) params.set("experiment", state.experiment);
  if (state.filter.trim()) params.set("filter", state.filter);
  if (state.sort) params.set("sort", state.sort);
  if (state.system) params.set("system", state.system);
  if (state.context.length > 0) params.set("context", state.context.join(","));
  for (const [id, unit] of Object.entries(state.units).sort()) params.set(`unit.${id}`, unit);
  if (state.compare.length > 0) params.set("compare", state.compare.join(","));
  for (const [metric, unit] of Object.entries(state.charts).sort()) params.set(`chart.${metric}`, unit);
  if (state.target) params.set("target", state.target);
  for (const [key, unit] of Object.entries(state.arrays).sort()) params.set(`array.${key}`, unit);
  const text = params.toString();
  return text ? `?${text}` : "";
};
