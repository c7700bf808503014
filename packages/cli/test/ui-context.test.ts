// The dashboard API's context parameter: a length logged in GeV⁻¹ among SI and
// CGS runs filters and sorts only through a context the page names
// (`context=natural`), which /api/info lists; without one the error says which
// context would do; an unknown context is a 400 naming the parameter.

import { type ExperimentBackend, DimExperiment, createMemoryBackend, q } from "@dimexp/core";
import { contextNames } from "@dimexp/units";
import { beforeAll, describe, expect, it } from "vitest";
import type { ApiErrorBody, InfoResponse, RunsResponse } from "../src/ui/api-types.js";
import { type UiApi, createUiApi } from "../src/ui/api.js";

let backend: ExperimentBackend;
let api: UiApi;
let runsPath = "";

beforeAll(async () => {
  backend = createMemoryBackend();
  const exp = await DimExperiment.open("mixed", { backend });
  for (const [name, length] of [
    ["run-si", q(1, "m")],
    ["run-cgs", q(120, "cm")],
    ["run-short", q(40, "cm")],
    ["run-natural", q(3e15, "1/GeV")], // about 59 cm
  ] as const) {
    await exp.withRun(name, (r) => r.logParam("domain_length", length));
  }
  api = createUiApi({ backend, env: {} });
  runsPath = `/api/experiments/${exp.id}/runs`;
});

const call = async (path: string, query: Record<string, string> = {}) => {
  const result = await api.handle({ method: "GET", path, query: new URLSearchParams(query) });
  return { status: result.status, body: JSON.parse(api.serialize(result)) as unknown };
};

const names = (body: unknown): string[] => (body as RunsResponse).runs.map((r) => r.name);

describe("the runs endpoint's context parameter", () => {
  it("/api/info lists the contexts a page can choose", async () => {
    const info = (await call("/api/info")).body as InfoResponse;
    expect(info.contexts.map((c) => c.id)).toEqual(contextNames());
    expect(info.contexts.find((c) => c.id === "natural")?.description).toContain("ħ = c = k_B = 1");
  });

  it("filters and sorts natural-unit runs among SI and CGS ones through context=natural", async () => {
    const filtered = await call(runsPath, { filter: "params.domain_length >= 50 cm", sort: "params.domain_length asc", context: "natural" });
    expect(filtered.status).toBe(200);
    expect(names(filtered.body)).toEqual(["run-natural", "run-si", "run-cgs"]);
    expect((filtered.body as RunsResponse).context).toEqual(["natural"]);
    const both = await call(runsPath, { sort: "params.domain_length desc", context: "natural,spectral" });
    expect(names(both.body)).toEqual(["run-cgs", "run-si", "run-natural", "run-short"]);
    expect((both.body as RunsResponse).context).toEqual(["natural", "spectral"]);
    expect(((await call(runsPath)).body as RunsResponse).context).toEqual([]);
  });

  it("without a context, the filter's and the sort's errors name the context that relates the dimensions", async () => {
    const filter = await call(runsPath, { filter: "params.domain_length >= 50 cm" });
    expect(filter.status).toBe(400);
    const filterError = (filter.body as ApiErrorBody).error;
    expect(filterError).toMatchObject({ code: "QueryTypeError", param: "filter", position: 24 });
    expect(filterError.problem).toContain('related through the context "natural"');
    const sort = await call(runsPath, { sort: "params.domain_length asc" });
    expect(sort.status).toBe(400);
    expect((sort.body as ApiErrorBody).error).toMatchObject({ param: "sort" });
    expect((sort.body as ApiErrorBody).error.message).toContain('the context "natural"');
  });

  it("refuses an unknown or empty context by parameter, listing the contexts", async () => {
    for (const context of ["natrual", "natural,", "natural,,spectral"]) {
      const result = await call(runsPath, { filter: "params.domain_length >= 50 cm", context });
      expect(result.status).toBe(400);
      const error = (result.body as ApiErrorBody).error;
      expect(error).toMatchObject({ code: "InvalidParameter", param: "context" });
      expect(error.message).toContain(contextNames().join(", "));
    }
  });
});
