// The page's only way to the store: the JSON API of `dimexp ui`.

import type {
  ApiError,
  CompareArrayResponse,
  CompareHistoryResponse,
  CompareResponse,
  ExperimentsResponse,
  InfoResponse,
  RunsResponse,
} from "@dimexp/cli/ui";

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly error: ApiError,
  ) {
    super(error.message);
  }
}

const get = async <T>(path: string, params: Record<string, string | undefined> = {}, signal?: AbortSignal): Promise<T> => {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== "") query.set(k, v);
  const text = query.toString();
  const response = await fetch(`${path}${text ? `?${text}` : ""}`, { headers: { accept: "application/json" }, ...(signal ? { signal } : {}) });
  const body = (await response.json().catch(() => undefined)) as unknown;
  if (!response.ok) {
    const error = (body as { error?: ApiError } | undefined)?.error ?? { code: "InternalError", message: `HTTP ${response.status} from ${path}` };
    throw new ApiFailure(response.status, error as ApiError);
  }
  return body as T;
};

/** More rows than this make the table slow to draw; the count above it says how many matched. */
export const MAX_TABLE_ROWS = 5000;

const unitParams = (prefix: string, units: Record<string, string>): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(units)) out[`${prefix}${k}`] = v;
  return out;
};

export const api = {
  info: () => get<InfoResponse>("api/info"),
  experiments: () => get<ExperimentsResponse>("api/experiments"),
  runs: (
    experimentId: string,
    options: { filter: string; sort: string | undefined; system: string | undefined; context: readonly string[]; units: Record<string, string> },
    signal?: AbortSignal,
  ) =>
    get<RunsResponse>(
      `api/experiments/${encodeURIComponent(experimentId)}/runs`,
      {
        filter: options.filter,
        sort: options.sort,
        system: options.system,
        context: options.context.join(","),
        limit: String(MAX_TABLE_ROWS),
        ...unitParams("unit.", options.units),
      },
      signal,
    ),
  compare: (runs: readonly string[], options: { system: string | undefined; target: string | undefined; units: Record<string, string> }, signal?: AbortSignal) =>
    get<CompareResponse>("api/compare", { runs: runs.join(","), system: options.system, target: options.target, ...unitParams("unit.", options.units) }, signal),
  compareArray: (runs: readonly string[], key: string, options: { unit: string | undefined; system: string | undefined }, signal?: AbortSignal) =>
    get<CompareArrayResponse>("api/compare/array", { runs: runs.join(","), key, unit: options.unit, system: options.system }, signal),
  compareHistory: (runs: readonly string[], metric: string, options: { unit: string | undefined; system: string | undefined }, signal?: AbortSignal) =>
    get<CompareHistoryResponse>("api/compare/history", { runs: runs.join(","), metric, unit: options.unit, system: options.system }, signal),
};
