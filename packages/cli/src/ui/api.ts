// The dashboard's JSON API over any ExperimentBackend, as a function from a
// request (method, path, query) to a status and a JSON body. server.ts puts it
// on HTTP; tests call it directly. Every input is validated (strict query
// parameters, ids, names, units, filters); failures are typed ApiErrors; the
// body's strings pass through the credential redactor before serialization.

import {
  type CoreError,
  type ExperimentBackend,
  type ExperimentInfo,
  Run,
  type TaskEither,
  findRuns,
  validateName,
} from "@dimexp/core";
import { type Dimension, type Unit, contextNames, convertArrayInto, formatUnit, getContext, getSystem, systemNames } from "@dimexp/units";
import type {
  ApiError,
  Cell,
  Column,
  CompareArrayResponse,
  CompareHistoryResponse,
  CompareResponse,
  ExperimentsResponse,
  HistoryResponse,
  InfoResponse,
  RunResponse,
  RunRow,
  RunsResponse,
} from "./api-types.js";
import { historyChart, importanceChart, parallelChart } from "./charts.js";
import { DEFAULT_ARRAY_POINTS, compareArray, comparedArrays } from "./compare-arrays.js";
import { commonUnit, compareHistories, compareLatestValues, paramDiff, warningMessages } from "./compare-runs.js";
import {
  type DisplayChoice,
  SYSTEM_LABELS,
  choiceText,
  dimensionLabel,
  display,
  displayTarget,
  labelOf,
  parseDisplayChoice,
  unitChoices,
} from "./display.js";
import { downsample } from "./downsample.js";
import { jsonNumber, jsonNumbers } from "./json.js";
import { ApiProblem, coreProblem, invalidParameter, notFoundProblem, unitProblem } from "./problems.js";
import { MAX_TEXT, QueryParams, checkId, checkName } from "./query-params.js";
import { type Redactor, createRedactor } from "./redact.js";

export interface UiApiOptions {
  readonly backend: ExperimentBackend;
  /** the credentials dimexp reads from here (tracking URI passwords, MLflow and W&B tokens) never appear in a response (default: process.env) */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** the tracking URI, when given explicitly rather than in `env`: its password is never sent either */
  readonly trackingUri?: string;
  /** reported by /api/info */
  readonly version?: string;
  /** how often live updates poll the backend, reported by /api/info */
  readonly pollIntervalMs?: number;
}

export interface ApiRequest {
  readonly method: string;
  /** the URL path, e.g. "/api/experiments/1/runs" (still percent-encoded) */
  readonly path: string;
  readonly query: URLSearchParams;
}

export interface ApiResult {
  readonly status: number;
  readonly body: unknown;
}

export interface UiApi {
  handle(request: ApiRequest): Promise<ApiResult>;
  /** The body as JSON text with credentials redacted: what goes on the wire. */
  serialize(result: ApiResult): string;
  readonly redact: Redactor;
  /** An experiment by id, or an ApiProblem (404) listing the experiments there are. */
  experiment(id: string): Promise<ExperimentInfo>;
}

/** Comparisons and histories read every point of each run; these bound one request. */
export const MAX_COMPARED_RUNS = 50;
export const DEFAULT_CHART_POINTS = 1000;
export const DEFAULT_HISTORY_POINTS = 5000;

const SORT = /^(?:(?:params|metrics)\.[^\s]+|name|start_time|end_time)(?:\s+(?:asc|desc))?$/i;

const run = async <E extends CoreError, A>(task: TaskEither<E, A>): Promise<A> => {
  const result = await task();
  if (result._tag === "Left") throw coreProblem(result.left);
  return result.right;
};

const decodeSegment = (segment: string): string => {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw invalidParameter("path", `The path segment ${JSON.stringify(segment)} is not valid percent-encoding.`);
  }
};

const systemParam = (params: QueryParams): string | undefined => {
  const text = params.text("system", 40);
  if (text === undefined) return undefined;
  const lower = text.toLowerCase();
  if (!systemNames().includes(lower)) {
    throw invalidParameter("system", `Unknown unit system ${JSON.stringify(text)}. Choose one of: ${systemNames().join(", ")}.`);
  }
  return lower;
};

const choiceParam = (param: string, text: string): DisplayChoice => {
  const parsed = parseDisplayChoice(text);
  if (parsed._tag === "Left") throw unitProblem(param, parsed.left);
  return parsed.right;
};

/** `unit.params.<name>` / `unit.metrics.<name>` → choices by column id. */
const columnChoices = (params: QueryParams): Map<string, DisplayChoice> => {
  const out = new Map<string, DisplayChoice>();
  for (const [column, text] of params.family("unit.")) {
    const param = `unit.${column}`;
    const m = /^(params|metrics)\.(.+)$/.exec(column);
    if (!m) throw invalidParameter(param, `"${param}" must name a column as unit.params.<name> or unit.metrics.<name>.`);
    checkName(param, m[1] === "params" ? "param" : "metric", m[2] as string);
    out.set(column, choiceParam(param, text));
  }
  return out;
};

/** The metric importance ranks params against by default: loss when every run has it, else the most logged one. */
const defaultTarget = (runs: readonly Run[]): string | undefined => {
  const counts = new Map<string, number>();
  for (const r of runs) for (const k of Object.keys(r.metrics)) counts.set(k, (counts.get(k) ?? 0) + 1);
  if (counts.get("loss") === runs.length) return "loss";
  let best: string | undefined;
  for (const [k, n] of counts) if (best === undefined || n > (counts.get(best) ?? 0)) best = k;
  return best;
};

/** Run names are not unique; a chart legend needs labels that are. */
const runLabels = (runs: readonly Run[]): string[] => {
  const counts = new Map<string, number>();
  for (const r of runs) counts.set(r.name, (counts.get(r.name) ?? 0) + 1);
  return runs.map((r) => ((counts.get(r.name) ?? 0) > 1 ? `${r.name} (${r.id.slice(0, 8)})` : r.name));
};

const numericCell = (
  value: number,
  unit: Unit | undefined,
  loggedLabel: string | undefined,
  choice: DisplayChoice | undefined,
  step?: number,
): Cell => {
  const extra = step === undefined ? {} : { step };
  const label = labelOf(unit) ?? loggedLabel;
  if (!unit || unit.isDimensionless || !choice) return { value: jsonNumber(value), ...(label ? { unit: label } : {}), ...extra };
  const shown = display(value, unit, choice);
  if (shown._tag === "Left") return { value: jsonNumber(value), ...(label ? { unit: label } : {}), conversionError: shown.left.message, ...extra };
  const shownLabel = labelOf(shown.right.unit);
  if (shown.right.unit === unit) return { value: jsonNumber(value), ...(label ? { unit: label } : {}), ...extra };
  return {
    value: jsonNumber(shown.right.value),
    ...(shownLabel ? { unit: shownLabel } : {}),
    logged: { value: jsonNumber(value), ...(label ? { unit: label } : {}) },
    ...extra,
  };
};

interface ColumnInfo {
  readonly id: string;
  readonly source: "params" | "metrics";
  readonly key: string;
  readonly units: Map<string, Unit>;
  readonly labels: Set<string>;
}

const collectColumns = (runs: readonly Run[]): ColumnInfo[] => {
  const columns = new Map<string, ColumnInfo>();
  const touch = (source: "params" | "metrics", key: string, unit: Unit | undefined, label: string | undefined): void => {
    const id = `${source}.${key}`;
    let c = columns.get(id);
    if (!c) {
      c = { id, source, key, units: new Map(), labels: new Set() };
      columns.set(id, c);
    }
    if (unit && !unit.isDimensionless) {
      const text = formatUnit(unit);
      if (!c.units.has(text)) c.units.set(text, unit);
      c.labels.add(labelOf(unit) as string);
    } else if (label) c.labels.add(label);
  };
  for (const r of runs) {
    for (const [k, p] of Object.entries(r.params)) touch("params", k, p.unit, p.unitLabel);
  }
  for (const r of runs) {
    for (const [k, m] of Object.entries(r.metrics)) touch("metrics", k, m.unit, m.unitLabel);
  }
  const all = [...columns.values()];
  return [...all.filter((c) => c.source === "params"), ...all.filter((c) => c.source === "metrics")];
};

/** The most common dimension among a column's units (a column mixing dimensions is rare, but possible). */
const columnDimension = (units: readonly Unit[]): Dimension | undefined => {
  let best: { d: Dimension; n: number } | undefined;
  const counts: Array<{ d: Dimension; n: number }> = [];
  for (const u of units) {
    const entry = counts.find((c) => c.d.equals(u.dimension));
    if (entry) entry.n++;
    else counts.push({ d: u.dimension, n: 1 });
  }
  for (const c of counts) if (!best || c.n > best.n) best = c;
  return best?.d;
};

/** An explicit unit must suit at least one of the units the column was logged in. */
const checkChoiceFits = (param: string, column: string, choice: DisplayChoice, units: readonly Unit[]): void => {
  if (choice.kind !== "unit" || units.length === 0) return;
  if (units.some((u) => displayTarget(u, choice)._tag === "Right")) return;
  const first = units[0] as Unit;
  const offered = unitChoices(first.dimension, units)
    .filter((c) => c.kind === "unit")
    .slice(0, 8)
    .map((c) => c.value);
  throw new ApiProblem(400, {
    code: "UnitError",
    param,
    message: `${param}: ${column} is ${dimensionLabel(first.dimension)} (logged in ${units.map((u) => formatUnit(u)).join(", ")}); ${choiceText(choice)} is ${dimensionLabel(choice.unit.dimension)}. Choose a compatible unit, e.g. ${offered.join(", ")}, or a system: ${systemNames().join(", ")}.`,
  });
};

const rowOf = (r: Run, choiceFor: (id: string) => DisplayChoice | undefined): RunRow => {
  const params: Record<string, Cell> = {};
  for (const [k, p] of Object.entries(r.params)) {
    params[k] = typeof p.value === "number" ? numericCell(p.value, p.unit, p.unitLabel, choiceFor(`params.${k}`)) : { value: p.value };
  }
  const metrics: Record<string, Cell> = {};
  for (const [k, m] of Object.entries(r.metrics)) metrics[k] = numericCell(m.value, m.unit, m.unitLabel, choiceFor(`metrics.${k}`), m.step);
  return { id: r.id, name: r.name, status: r.status, startTime: r.startTime, endTime: r.endTime ?? null, params, metrics };
};

export const createUiApi = (options: UiApiOptions): UiApi => {
  const { backend } = options;
  const redact = createRedactor(options.env ?? process.env, options.trackingUri === undefined ? {} : { trackingUri: options.trackingUri });

  const experiment = async (id: string): Promise<ExperimentInfo> => {
    const all = await run(backend.listExperiments());
    const found = all.find((e) => e.id === id);
    if (found) return found;
    const listed = all.length > 0 ? ` Experiments: ${all.map((e) => `${e.name} (id ${e.id})`).join(", ")}.` : " The store has no experiments.";
    throw notFoundProblem(`No experiment with id ${JSON.stringify(id)} in ${backend.location}.${listed}`);
  };

  const getRun = async (param: string, id: string): Promise<Run> => {
    checkId(param, id);
    const record = await run(backend.getRun(id));
    if (!record) throw notFoundProblem(`No run with id ${JSON.stringify(id)} in ${backend.location}.`);
    return new Run(record, backend);
  };

  const info = (query: URLSearchParams): InfoResponse => {
    new QueryParams(query, []);
    return {
      name: "dimexp",
      version: options.version ?? "0.0.0",
      backend: { kind: backend.kind, location: backend.location },
      systems: systemNames().map((id) => {
        const system = getSystem(id);
        return { id, label: SYSTEM_LABELS[id] ?? id, description: system._tag === "Right" ? system.right.description : "" };
      }),
      contexts: contextNames().map((id) => {
        const context = getContext(id);
        return { id, description: context._tag === "Right" ? context.right.description : "" };
      }),
      pollIntervalMs: options.pollIntervalMs ?? 1000,
    };
  };

  const experiments = async (query: URLSearchParams): Promise<ExperimentsResponse> => {
    new QueryParams(query, []);
    const all = await run(backend.listExperiments());
    const counted = await Promise.all(
      all.map(async (e) => ({ id: e.id, name: e.name, createdAt: e.createdAt, runs: (await run(backend.searchRuns(e.id))).length })),
    );
    return { experiments: counted };
  };

  const runs = async (experimentId: string, query: URLSearchParams): Promise<RunsResponse> => {
    const params = new QueryParams(query, ["filter", "sort", "system", "context", "limit"], ["unit."]);
    const filter = params.text("filter", MAX_TEXT) ?? "";
    const context = params.contexts("context");
    const sort = params.text("sort", 400);
    if (sort !== undefined && !SORT.test(sort)) {
      throw invalidParameter("sort", `sort must be "<field> [asc|desc]" with a field params.<name>, metrics.<name>, name, start_time or end_time; not ${JSON.stringify(sort)}.`);
    }
    const system = systemParam(params);
    const limit = params.integer("limit", 0, 100_000);
    const choices = columnChoices(params);
    const exp = await experiment(checkId("experiment", experimentId));
    const found = await findRuns(backend, exp.id, { filter, ...(sort ? { orderBy: sort } : {}), ...(context ? { context } : {}) })();
    if (found._tag === "Left") throw coreProblem(found.left);
    const all = found.right;
    const shown = limit === undefined ? all : all.slice(0, limit);
    const infos = collectColumns(shown);
    const systemChoice: DisplayChoice | undefined = system ? { kind: "system", system } : undefined;
    for (const c of infos) {
      const choice = choices.get(c.id);
      if (choice) checkChoiceFits(`unit.${c.id}`, c.id, choice, [...c.units.values()]);
    }
    const choiceFor = (id: string): DisplayChoice | undefined => choices.get(id) ?? systemChoice;
    const columns: Column[] = infos.map((c) => {
      const units = [...c.units.values()];
      const dimension = columnDimension(units);
      const choice = choiceFor(c.id);
      return {
        id: c.id,
        source: c.source,
        key: c.key,
        ...(dimension ? { dimension: dimensionLabel(dimension) } : {}),
        loggedUnits: [...c.labels],
        ...(choice && units.length > 0 ? { display: choiceText(choice) } : {}),
        choices: dimension ? unitChoices(dimension, units.filter((u) => u.dimension.equals(dimension))) : [],
      };
    });
    return {
      experiment: { id: exp.id, name: exp.name },
      filter,
      sort: sort ?? null,
      system: system ?? null,
      context: context ?? [],
      total: all.length,
      runs: shown.map((r) => rowOf(r, choiceFor)),
      columns,
    };
  };

  const runDetail = async (runId: string, query: URLSearchParams): Promise<RunResponse> => {
    const params = new QueryParams(query, ["system"], ["unit."]);
    const system = systemParam(params);
    const choices = columnChoices(params);
    const r = await getRun("run", runId);
    const systemChoice: DisplayChoice | undefined = system ? { kind: "system", system } : undefined;
    const row = rowOf(r, (id) => choices.get(id) ?? systemChoice);
    return { run: { ...row, experimentId: r.experimentId, tags: { ...r.tags } } };
  };

  /** A metric's points in `target` (or as logged), at most maxPoints of them. */
  const history = async (r: Run, key: string, target: Unit | undefined, maxPoints: number) => {
    const logged = r.metrics[key]?.unit;
    const series = await run(backend.getMetricHistory(r.id, key));
    let values = series.values;
    if (target && logged && !logged.isDimensionless && formatUnit(target) !== formatUnit(logged)) {
      const c = displayTarget(logged, { kind: "unit", unit: target, text: formatUnit(target) });
      if (c._tag === "Left") return c;
      values = new Float64Array(series.values.length);
      convertArrayInto(c.right.convert, series.values, values);
    }
    const reduced = downsample({ steps: series.steps, values, timestamps: series.timestamps }, maxPoints);
    return { _tag: "Right" as const, right: { ...reduced, totalPoints: series.values.length } };
  };

  const runHistory = async (runId: string, query: URLSearchParams): Promise<HistoryResponse> => {
    const params = new QueryParams(query, ["key", "unit", "system", "maxPoints"]);
    const key = params.name("key", "metric");
    if (key === undefined) throw invalidParameter("key", `"key" is required: the metric whose history to read, e.g. ?key=loss.`);
    const unitText = params.text("unit");
    const unitChoice = unitText === undefined ? undefined : choiceParam("unit", unitText);
    const system = systemParam(params);
    const maxPoints = params.integer("maxPoints", 10, 1_000_000) ?? DEFAULT_HISTORY_POINTS;
    const r = await getRun("run", runId);
    const metric = r.metrics[key];
    if (!metric) {
      throw notFoundProblem(`Run ${r.name} (${r.id}) has no metric ${JSON.stringify(key)}. Its metrics: ${Object.keys(r.metrics).join(", ") || "none"}.`);
    }
    const choice = unitChoice ?? (system ? { kind: "system" as const, system } : undefined);
    if (choice) checkChoiceFits(unitChoice ? "unit" : "system", `metrics.${key}`, choice, metric.unit ? [metric.unit] : []);
    const target = metric.unit && choice ? commonUnit([metric.unit], choice) : metric.unit;
    const result = await history(r, key, target, maxPoints);
    if (result._tag === "Left") throw unitProblem(unitChoice ? "unit" : "system", result.left);
    const { series, downsampled, totalPoints } = result.right;
    const label = labelOf(target);
    return {
      runId: r.id,
      key,
      ...(label ? { unit: label } : {}),
      totalPoints,
      downsampled,
      steps: jsonNumbers(series.steps),
      values: jsonNumbers(series.values),
      timestamps: jsonNumbers(series.timestamps),
    };
  };

  const comparedRuns = async (params: QueryParams): Promise<Run[]> => {
    const ids = params.ids("runs", MAX_COMPARED_RUNS);
    if (ids === undefined) throw invalidParameter("runs", `"runs" is required: the ids of the runs to compare, comma-separated.`);
    return Promise.all(ids.map((id) => getRun("runs", id)));
  };

  const compare = async (query: URLSearchParams): Promise<CompareResponse> => {
    const params = new QueryParams(query, ["runs", "system", "target"], ["unit."]);
    const system = systemParam(params);
    const choices = columnChoices(params);
    const targetText = params.name("target", "metric");
    const compared = await comparedRuns(params);
    const labels = runLabels(compared);
    const metricKeys = [...new Set(compared.flatMap((r) => Object.keys(r.metrics)))].sort();
    const target = targetText ?? defaultTarget(compared) ?? null;
    if (target !== null && !metricKeys.includes(target)) {
      throw invalidParameter("target", `No compared run logs the metric ${JSON.stringify(target)}. Metrics: ${metricKeys.join(", ") || "none"}.`);
    }
    const compared_ = compareLatestValues(compared, metricKeys, { system, choiceFor: (metric) => choices.get(`metrics.${metric}`) });
    if (compared_._tag === "Left") throw new ApiProblem(400, { code: "InvalidParameter", message: compared_.left.message });
    const comparison = compared_.right;

    const metrics = metricKeys.map((key) => {
      const units = compared.map((r) => r.metrics[key]?.unit).filter((u): u is Unit => u !== undefined && !u.isDimensionless);
      const dimension = columnDimension(units);
      const label = labelOf(comparison.metric(key)?.unit);
      return {
        key,
        ...(label ? { unit: label } : {}),
        choices: dimension ? unitChoices(dimension, units.filter((u) => u.dimension.equals(dimension))) : [],
        runs: compared.filter((r) => r.metrics[key] !== undefined).length,
      };
    });
    const diff = paramDiff(comparison, (key) => choices.get(`params.${key}`));
    const numericDiffering = comparison.params.entries.some((e) => !e.same && e.cells.some((c) => typeof c.normalized === "number"));

    let importance: CompareResponse["importance"];
    if (target === null) importance = { spec: null, note: "No compared run logs a metric to rank params against." };
    else if (compared.length < 3) importance = { spec: null, note: "Parameter importance needs at least 3 runs: select more runs to compare." };
    else if (comparison.params.entries.every((e) => e.same)) importance = { spec: null, note: "Every param is the same in these runs: nothing to rank." };
    else importance = { spec: importanceChart(comparison, target) };
    const parallel: CompareResponse["parallel"] =
      target !== null && numericDiffering
        ? { spec: parallelChart(comparison, target) }
        : { spec: null, note: "Parallel coordinates need a numeric param that differs between the runs." };
    // the metric warnings belong to the charts (each history chart sends its own)
    const warnings = warningMessages(comparison.warnings.filter((w) => w._tag === "ParamIncompatible"));

    return {
      runs: compared.map((r, i) => ({ id: r.id, name: labels[i] as string, status: r.status })),
      arrays: comparedArrays(compared),
      metrics,
      paramDiff: diff.rows,
      sameParams: diff.same,
      target,
      importance,
      parallel,
      warnings,
    };
  };

  const compareHistory = async (query: URLSearchParams): Promise<CompareHistoryResponse> => {
    const params = new QueryParams(query, ["runs", "metric", "unit", "system", "maxPoints"]);
    const metric = params.name("metric", "metric");
    if (metric === undefined) throw invalidParameter("metric", `"metric" is required: the metric whose histories to overlay, e.g. metric=loss.`);
    const unitText = params.text("unit");
    const unitChoice = unitText === undefined ? undefined : choiceParam("unit", unitText);
    const system = systemParam(params);
    const maxPoints = params.integer("maxPoints", 10, 100_000) ?? DEFAULT_CHART_POINTS;
    const compared = await comparedRuns(params);
    const labels = runLabels(compared);
    const choice: DisplayChoice | undefined = unitChoice ?? (system ? { kind: "system", system } : undefined);
    const units = compared.map((r) => r.metrics[metric]?.unit).filter((u): u is Unit => u !== undefined && !u.isDimensionless);
    if (unitChoice) checkChoiceFits("unit", `metrics.${metric}`, unitChoice, units);
    if (!compared.some((r) => r.metrics[metric])) {
      throw notFoundProblem(`None of the compared runs logs the metric ${JSON.stringify(metric)}.`);
    }
    const result = await compareHistories(backend, compared, metric, choice);
    if (result._tag === "Left") {
      const status = result.left._tag === "HistoryLoadFailed" ? 502 : 400;
      throw new ApiProblem(status, { code: status === 502 ? "BackendFailure" : "InvalidParameter", message: result.left.message });
    }
    const comparison = result.right;
    const m = comparison.metric(metric);
    const label = labelOf(m?.unit);
    const spec = historyChart(comparison, metric, maxPoints);
    const drawn = new Map<string, number>();
    for (const row of ((spec.data as { values?: Array<{ run: string }> } | undefined)?.values ?? [])) drawn.set(row.run, (drawn.get(row.run) ?? 0) + 1);
    const entries = new Map((m?.entries ?? []).map((e) => [e.run.id, e]));
    const excluded = new Map((m?.excluded ?? []).map((x) => [x.run.id, x.reason]));
    return {
      metric,
      ...(label ? { unit: label } : {}),
      display: choice ? choiceText(choice) : null,
      series: compared.map((r, i) => {
        const name = labels[i] as string;
        const entry = entries.get(r.id);
        const reason = excluded.get(r.id);
        return {
          runId: r.id,
          name,
          totalPoints: entry ? entry.history().values.length : 0,
          shownPoints: drawn.get(name) ?? 0,
          ...(reason ? { skipped: reason.message } : !entry ? { skipped: `has no metric ${metric}` } : {}),
        };
      }),
      spec,
      // conversions are told in the chart's subtitle; warnings are what was left out
      warnings: warningMessages(comparison.warningsFor(metric).filter((w) => w._tag !== "MixedUnitsConverted")),
    };
  };

  /** /api/compare/array?runs=…&key=energy[&unit=J|system=cgs][&context=…][&step=N][&maxPoints=N] */
  const compareArrayRoute = async (query: URLSearchParams): Promise<CompareArrayResponse> => {
    const params = new QueryParams(query, ["runs", "key", "unit", "system", "context", "step", "maxPoints"]);
    const key = params.text("key", 300);
    if (key === undefined) throw invalidParameter("key", `"key" is required: the array to chart, e.g. key=temperature.`);
    const validKey = validateName("array", key);
    if (validKey._tag === "Left") throw invalidParameter("key", validKey.left.message);
    const unitText = params.text("unit");
    const unitChoice = unitText === undefined ? undefined : choiceParam("unit", unitText);
    const system = systemParam(params);
    const contexts = params.contexts("context");
    const stepText = params.text("step", 40);
    if (stepText !== undefined && !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(stepText)) {
      throw invalidParameter("step", `"step" must be a step number (the default is each run's latest), not ${JSON.stringify(stepText)}.`);
    }
    const maxPoints = params.integer("maxPoints", 10, 100_000) ?? DEFAULT_ARRAY_POINTS;
    const compared = await comparedRuns(params);
    return compareArray(backend, compared, runLabels(compared), {
      key,
      choice: unitChoice ?? (system ? { kind: "system", system } : undefined),
      contexts,
      step: stepText === undefined ? undefined : Number(stepText),
      maxPoints,
    });
  };

  const route = async (request: ApiRequest): Promise<unknown> => {
    const segments = request.path.split("/").filter(Boolean).map(decodeSegment);
    if (segments[0] !== "api") throw notFoundProblem(`No API route ${request.path}.`);
    const [, a, b, c, ...rest] = segments;
    const known =
      (a === "info" && b === undefined) ||
      (a === "experiments" && b === undefined) ||
      (a === "experiments" && b !== undefined && c === "runs" && rest.length === 0) ||
      (a === "runs" && b !== undefined && (c === undefined || c === "history") && rest.length === 0) ||
      (a === "compare" && (b === undefined || ((b === "history" || b === "array") && c === undefined)));
    if (!known) throw notFoundProblem(`No API route ${request.path}. Routes: /api/info, /api/experiments, /api/experiments/<id>/runs, /api/runs/<id>, /api/runs/<id>/history, /api/compare, /api/compare/history, /api/compare/array, /api/events.`);
    if (request.method !== "GET" && request.method !== "HEAD") {
      throw new ApiProblem(405, { code: "MethodNotAllowed", message: `${request.method} is not allowed on ${request.path}: the dashboard API is read-only (GET).` });
    }
    if (a === "info") return info(request.query);
    if (a === "experiments" && b === undefined) return experiments(request.query);
    if (a === "experiments") return runs(b as string, request.query);
    if (a === "runs" && c === undefined) return runDetail(b as string, request.query);
    if (a === "runs") return runHistory(b as string, request.query);
    if (a === "compare" && b === undefined) return compare(request.query);
    if (a === "compare" && b === "array") return compareArrayRoute(request.query);
    return compareHistory(request.query);
  };

  const handle = async (request: ApiRequest): Promise<ApiResult> => {
    try {
      return { status: 200, body: await route(request) };
    } catch (error) {
      if (error instanceof ApiProblem) return { status: error.status, body: { error: error.body } };
      const message = error instanceof Error ? error.message : String(error);
      const body: ApiError = { code: "InternalError", message: `Internal error in the dashboard API: ${message}. This is a bug in dimexp; please report it.` };
      return { status: 500, body: { error: body } };
    }
  };

  return {
    handle,
    serialize: (result) => JSON.stringify(redact.value(result.body)),
    redact,
    experiment,
  };
};

