// API failures as values with an HTTP status. Every message names the input
// at fault and the fix; none carries a stack trace, an environment variable or
// a credential (see redact.ts).

import type { CoreError } from "@dimexp/core";
import type { UnitsError } from "@dimexp/units";
import type { ApiError } from "./api-types.js";

export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiError,
  ) {
    super(body.message);
    this.name = "ApiProblem";
  }
}

export const invalidParameter = (param: string, message: string, extra: Partial<ApiError> = {}): ApiProblem =>
  new ApiProblem(400, { code: "InvalidParameter", param, message, ...extra });

export const notFoundProblem = (message: string): ApiProblem => new ApiProblem(404, { code: "NotFound", message });

/** A units error in the value of query parameter `param` (positions are kept when the error has one). */
export const unitProblem = (param: string, error: UnitsError): ApiProblem => {
  const e = error as UnitsError & { position?: number; suggestions?: readonly string[] };
  return new ApiProblem(400, {
    code: "UnitError",
    param,
    message: `${param}: ${error.message}`,
    ...(typeof e.position === "number" ? { position: e.position } : {}),
    ...(Array.isArray(e.suggestions) ? { suggestions: e.suggestions } : {}),
  });
};

/** A CoreError from reading the store or running a query, as the API reports it. */
export const coreProblem = (error: CoreError, params: { filter?: string; sort?: string } = {}): ApiProblem => {
  switch (error._tag) {
    case "QueryParseError":
    case "QueryTypeError":
      return new ApiProblem(400, {
        code: error._tag,
        param: params.filter ?? "filter",
        message: error.message,
        position: error.position,
        problem: error.problem,
      });
    case "InvalidValue":
      return invalidParameter(error.what === "orderBy" ? (params.sort ?? "sort") : error.what, error.message);
    case "NotFound":
      return notFoundProblem(error.message);
    case "BackendFailure":
      return new ApiProblem(502, { code: "BackendFailure", message: error.message });
    case "InvalidName":
      return invalidParameter(error.kind, error.message);
    default: {
      const tagged = error as { _tag: string; message: string };
      return new ApiProblem(400, { code: "InvalidParameter", message: tagged.message });
    }
  }
};
