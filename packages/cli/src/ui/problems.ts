// API failures as values with an HTTP status. Every message names the input
// at fault and the fix; none carries a stack trace, an environment variable or
// a credential (see redact.ts).

import type { CoreError } from "@dimexp/core";
import type { UnitsError } from "@dimexp/units";
import type { VizError } from "@dimexp/viz";
import * as E from "fp-ts/lib/Either.js";
import type { ApiError } from "./api-types.js";

/** Sent as `body` alone; `cause` keeps the tagged error it came from (never sent: it may hold a driver's details). */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiError,
    cause?: unknown,
  ) {
    super(body.message, cause === undefined ? undefined : { cause });
    this.name = "ApiProblem";
  }
}

export const invalidParameter = (
  param: string,
  message: string,
  extra: Partial<ApiError> = {},
  cause?: unknown,
): ApiProblem => new ApiProblem(400, { code: "InvalidParameter", param, message, ...extra }, cause);

export const notFoundProblem = (message: string, cause?: unknown): ApiProblem =>
  new ApiProblem(404, { code: "NotFound", message }, cause);

/** A units error in the value of query parameter `param` (positions are kept when the error has one). */
export const unitProblem = (param: string, error: UnitsError): ApiProblem => {
  const e = error as UnitsError & { position?: number; suggestions?: readonly string[] };
  return new ApiProblem(
    400,
    {
      code: "UnitError",
      param,
      message: `${param}: ${error.message}`,
      ...(typeof e.position === "number" ? { position: e.position } : {}),
      ...(Array.isArray(e.suggestions) ? { suggestions: e.suggestions } : {}),
    },
    error,
  );
};

/**
 * A chart @dimexp/viz would not draw: a metric or param the comparison lacks
 * (404), or a display unit that does not fit (a units error in query parameter
 * `unitParam`). The renderer's errors cannot come from a spec builder: a bug.
 */
export const chartProblem = (error: VizError, unitParam: string): ApiProblem => {
  switch (error._tag) {
    case "UnknownField":
      return notFoundProblem(error.message, error);
    case "RendererMissing":
    case "UnsupportedOutput":
    case "RenderFailed":
      return new ApiProblem(500, { code: "InternalError", message: `Internal error in the dashboard API: ${error.message}` }, error);
    default:
      return unitProblem(unitParam, error);
  }
};

/** The chart, or (the handlers answer by throwing an ApiProblem) its chartProblem thrown. */
export const chartOrProblem = <A>(result: E.Either<VizError, A>, unitParam: string): A => {
  if (E.isLeft(result)) throw chartProblem(result.left, unitParam);
  return result.right;
};

/** A CoreError from reading the store or running a query, as the API reports it. */
export const coreProblem = (error: CoreError, params: { filter?: string; sort?: string } = {}): ApiProblem => {
  switch (error._tag) {
    case "QueryParseError":
    case "QueryTypeError":
      return new ApiProblem(
        400,
        {
          code: error._tag,
          param: params.filter ?? "filter",
          message: error.message,
          position: error.position,
          problem: error.problem,
        },
        error,
      );
    case "InvalidValue":
      return invalidParameter(
        error.what === "orderBy" ? (params.sort ?? "sort") : error.what,
        error.message,
        {},
        error,
      );
    case "NotFound":
      return notFoundProblem(error.message, error);
    case "BackendFailure":
      return new ApiProblem(502, { code: "BackendFailure", message: error.message }, error);
    case "InvalidName":
      return invalidParameter(error.kind, error.message, {}, error);
    default: {
      const tagged = error as { _tag: string; message: string };
      return new ApiProblem(400, { code: "InvalidParameter", message: tagged.message }, error);
    }
  }
};
