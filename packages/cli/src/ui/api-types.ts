// The JSON the dashboard API speaks. The dashboard imports these types (type
// only), so the client and the server agree on one contract.

/** Every failure is `{ "error": ApiError }` with an HTTP status of 4xx (your input) or 5xx. */
export interface ApiError {
  readonly code:
    | "InvalidParameter"
    | "UnknownParameter"
    | "QueryParseError"
    | "QueryTypeError"
    | "UnitError"
    | "NotFound"
    | "MethodNotAllowed"
    | "BackendFailure"
    | "InternalError";
  /** for people: names the input and the fix */
  readonly message: string;
  /** the query parameter at fault, e.g. "filter" or "unit.metrics.loss" */
  readonly param?: string;
  /** 0-based position of the problem inside that parameter's value (filters and units) */
  readonly position?: number;
  /** the part of the message without the echoed input and caret */
  readonly problem?: string;
  readonly suggestions?: readonly string[];
}

export interface ApiErrorBody {
  readonly error: ApiError;
}

/** A display choice offered by a unit selector: a unit (ascii, parses back) or a system. */
export interface UnitChoice {
  /** what goes in the URL: "erg", "kJ", "si", "cgs", "natural" */
  readonly value: string;
  /** what people read: "erg", "kJ", "SI (J)" */
  readonly label: string;
  readonly kind: "unit" | "system";
}

export interface SystemInfo {
  readonly id: string;
  readonly label: string;
  readonly description: string;
}

/** A context the runs endpoint accepts in `context` (natural, gaussian, spectral, …). */
export interface ContextInfo {
  readonly id: string;
  readonly description: string;
}

export interface InfoResponse {
  readonly name: "dimexp";
  readonly version: string;
  readonly backend: { readonly kind: string; readonly location: string };
  readonly systems: readonly SystemInfo[];
  /** the contexts through which a filter and a sort may compare quantities of different dimensions */
  readonly contexts: readonly ContextInfo[];
  /** how often live updates poll the backend */
  readonly pollIntervalMs: number;
}

export interface ExperimentSummary {
  readonly id: string;
  readonly name: string;
  /** ms since the epoch */
  readonly createdAt: number;
  readonly runs: number;
}

export interface ExperimentsResponse {
  readonly experiments: readonly ExperimentSummary[];
}

/** JSON has no NaN or ±Infinity: those travel as the strings "NaN", "Infinity", "-Infinity". */
export type JsonNumber = number | "NaN" | "Infinity" | "-Infinity";

export interface Cell {
  /** in the display unit when one is chosen and the conversion worked, else as logged */
  readonly value: JsonNumber | string | boolean;
  /** the unit `value` is in, for people (Unicode: "W/(m·K)"); absent for unitless values */
  readonly unit?: string;
  /** as logged, when `value` was converted */
  readonly logged?: { readonly value: JsonNumber; readonly unit?: string };
  /** why the chosen display unit could not be applied to this value */
  readonly conversionError?: string;
  /** metrics: the step of the latest value */
  readonly step?: number;
}

export interface Column {
  /** "params.domain_length", "metrics.loss": the key of `unit.<id>` in the URL */
  readonly id: string;
  readonly source: "params" | "metrics";
  readonly key: string;
  /** the dimension's name ("energy") or formula ("L^2 M T^-2"), when the values have units */
  readonly dimension?: string;
  /** the distinct units runs logged it in, for people */
  readonly loggedUnits: readonly string[];
  /** the display choice in force (the column's own, else the page's system), as sent */
  readonly display?: string;
  /** the compatible units and systems a selector offers */
  readonly choices: readonly UnitChoice[];
}

export interface RunRow {
  readonly id: string;
  readonly name: string;
  readonly status: string;
  readonly startTime: number;
  readonly endTime: number | null;
  readonly params: Readonly<Record<string, Cell>>;
  readonly metrics: Readonly<Record<string, Cell>>;
}

export interface RunsResponse {
  readonly experiment: { readonly id: string; readonly name: string };
  readonly filter: string;
  readonly sort: string | null;
  readonly system: string | null;
  /** the contexts the filter and the sort compared through (`context=natural,spectral`), [] for none */
  readonly context: readonly string[];
  /** runs matching the filter (before `limit`) */
  readonly total: number;
  readonly runs: readonly RunRow[];
  readonly columns: readonly Column[];
}

export interface RunResponse {
  readonly run: RunRow & {
    readonly experimentId: string;
    readonly tags: Readonly<Record<string, string>>;
  };
}

export interface HistoryResponse {
  readonly runId: string;
  readonly key: string;
  /** the unit of `values` (Unicode), absent for unitless metrics */
  readonly unit?: string;
  /** points in the store */
  readonly totalPoints: number;
  /** when the series was reduced to at most maxPoints (min and max of each bucket kept) */
  readonly downsampled: boolean;
  readonly steps: readonly JsonNumber[];
  readonly values: readonly JsonNumber[];
  readonly timestamps: readonly JsonNumber[];
}

/** A Vega-Lite spec, as JSON (the dashboard renders it with vega-embed). */
export type ChartSpec = Readonly<Record<string, unknown>>;

export interface ParamDiffRow {
  readonly key: string;
  /** the common unit values are shown in (Unicode), when they have one */
  readonly unit?: string;
  /** one per compared run, in the order of `runs` */
  readonly values: readonly Cell[];
}

/** An array (logArray) that compared runs logged: what the comparison's array charts offer. */
export interface CompareArrayInfo {
  readonly key: string;
  /** the unit the chart shows by default (the first run's, Unicode), absent when unitless */
  readonly unit?: string;
  /** the compatible units and systems a selector offers */
  readonly choices: readonly UnitChoice[];
  /** how many compared runs logged it */
  readonly runs: number;
}

export interface CompareResponse {
  readonly runs: ReadonlyArray<{ readonly id: string; readonly name: string; readonly status: string }>;
  /** arrays at least one compared run logged (chart them with /api/compare/array) */
  readonly arrays: readonly CompareArrayInfo[];
  /** metrics that at least one compared run logs, with the unit the charts default to */
  readonly metrics: ReadonlyArray<{ readonly key: string; readonly unit?: string; readonly choices: readonly UnitChoice[]; readonly runs: number }>;
  /** params whose values differ between the runs, unit-normalised */
  readonly paramDiff: readonly ParamDiffRow[];
  /** params that are the same in every run (hidden from the diff) */
  readonly sameParams: readonly string[];
  /** the metric parameter importance is computed against */
  readonly target: string | null;
  readonly importance: { readonly spec: ChartSpec | null; readonly note?: string };
  readonly parallel: { readonly spec: ChartSpec | null; readonly note?: string };
  readonly warnings: readonly string[];
}

export interface CompareHistoryResponse {
  readonly metric: string;
  /** the one display unit every run's history is shown in (Unicode), absent when unitless */
  readonly unit?: string;
  /** the display choice as resolved: "erg", or "cgs", or null for the common-unit rule */
  readonly display: string | null;
  readonly series: ReadonlyArray<{
    readonly runId: string;
    readonly name: string;
    readonly totalPoints: number;
    readonly shownPoints: number;
    /** why this run is missing from the chart (no such metric, incompatible unit) */
    readonly skipped?: string;
  }>;
  readonly spec: ChartSpec;
  readonly warnings: readonly string[];
}

/** /api/compare/array: one logged array per run, value against index, in one display unit. */
export interface CompareArrayResponse {
  readonly key: string;
  /** the one display unit every run's array is shown in (Unicode), absent when unitless */
  readonly unit?: string;
  /** the display choice as resolved: "J", "cgs", or null for the first run's unit */
  readonly display: string | null;
  /** the step asked for, or null for each run's latest */
  readonly step: number | null;
  readonly series: ReadonlyArray<{
    readonly runId: string;
    readonly name: string;
    /** the step drawn */
    readonly step?: number;
    readonly shape?: readonly number[];
    readonly totalPoints: number;
    readonly shownPoints: number;
    /** why this run is missing from the chart (no such array, no full array kept, another dimension) */
    readonly skipped?: string;
  }>;
  readonly spec: ChartSpec;
  readonly warnings: readonly string[];
}

/** Sent on /api/events as `event: runs`. */
export interface RunsChangedEvent {
  readonly experimentId: string;
  readonly changed: readonly string[];
  readonly added: readonly string[];
  readonly removed: readonly string[];
}
