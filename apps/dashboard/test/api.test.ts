// The JSON API behind `dimexp ui`, called in-process over a real SQLite store
// with SI and CGS runs: unit-aware answers, strict validation with typed
// errors (filter errors carry their position), and no credentials, ever.

import { createLocalBackend } from "@dimexp/backend-local";
import type {
  ApiErrorBody,
  CompareHistoryResponse,
  CompareResponse,
  ExperimentsResponse,
  HistoryResponse,
  InfoResponse,
  RunResponse,
  RunsResponse,
  UiApi,
} from "@dimexp/cli/ui";
import { createUiApi } from "@dimexp/cli/ui";
import { type ExperimentBackend, createMemoryBackend } from "@dimexp/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXPERIMENT, type Fixture, STEPS, lossJ, makeStore } from "./fixtures.js";

const SECRET_TOKEN = "wandb-secret-0123456789abcdef";
const SECRET_PASSWORD = "hunter2-pa55";
const ENV = {
  WANDB_API_KEY: SECRET_TOKEN,
  MLFLOW_TRACKING_URI: `https://alice:${SECRET_PASSWORD}@mlflow.example.org`,
  MLFLOW_TRACKING_TOKEN: "mlflow-token-zzzzzzzz",
  HOME: "/home/alice",
};

let fixture: Fixture;
let backend: ExperimentBackend;
let api: UiApi;
let experimentId: string;

const call = async (path: string, query: Record<string, string> = {}, method = "GET") => {
  const result = await api.handle({ method, path, query: new URLSearchParams(query) });
  const text = api.serialize(result);
  return { status: result.status, text, body: JSON.parse(text) as unknown };
};

const ok = async <T>(path: string, query: Record<string, string> = {}): Promise<T> => {
  const r = await call(path, query);
  if (r.status !== 200) throw new Error(`${path} → ${r.status}: ${r.text}`);
  return r.body as T;
};

const fails = async (path: string, query: Record<string, string>, status: number) => {
  const r = await call(path, query);
  expect(r.status, r.text).toBe(status);
  return (r.body as ApiErrorBody).error;
};

beforeAll(async () => {
  fixture = await makeStore();
  const opened = createLocalBackend({ path: fixture.path });
  if (opened._tag === "Left") throw new Error(opened.left.message);
  backend = opened.right;
  api = createUiApi({ backend, env: ENV, version: "9.9.9" });
  const list = await ok<ExperimentsResponse>("/api/experiments");
  experimentId = (list.experiments.find((e) => e.name === EXPERIMENT) as { id: string }).id;
});

afterAll(async () => {
  await backend.close()();
  fixture.cleanup();
});

const runsPath = () => `/api/experiments/${experimentId}/runs`;

describe("reading runs with their units", () => {
  it("describes the server and lists experiments with their run counts", async () => {
    const info = await ok<InfoResponse>("/api/info");
    expect(info).toMatchObject({ name: "dimexp", version: "9.9.9", backend: { kind: "local", location: fixture.path } });
    expect(info.systems.map((s) => s.id)).toEqual(expect.arrayContaining(["si", "cgs", "natural"]));
    const list = await ok<ExperimentsResponse>("/api/experiments");
    expect(list.experiments).toEqual([expect.objectContaining({ name: EXPERIMENT, runs: 4 })]);
  });

  it("filters unit-aware: params.domain_length >= 50 cm keeps 1 m, 100 cm and 1.5 m", async () => {
    const body = await ok<RunsResponse>(runsPath(), { filter: "params.domain_length >= 50 cm" });
    expect(body.total).toBe(3);
    expect(body.runs.map((r) => r.name).sort()).toEqual(["run-cgs", "run-si", "sweep-L1.5m"]);
    const cgs = body.runs.find((r) => r.name === "run-cgs");
    expect(cgs?.params.domain_length).toEqual({ value: 100, unit: "cm" });
    expect(cgs?.metrics.loss).toMatchObject({ unit: "erg", step: STEPS - 1 });
  });

  it("shows a column in the unit asked for, keeping what was logged", async () => {
    const body = await ok<RunsResponse>(runsPath(), { "unit.metrics.loss": "erg", "unit.params.domain_length": "mm" });
    const si = body.runs.find((r) => r.name === "run-si");
    const expected = lossJ(1, STEPS - 1) * 1e7;
    expect(si?.metrics.loss?.unit).toBe("erg");
    expect(si?.metrics.loss?.value as number).toBeCloseTo(expected, 6);
    expect(si?.metrics.loss?.logged).toEqual({ value: lossJ(1, STEPS - 1), unit: "J" });
    expect(si?.params.domain_length).toMatchObject({ value: 1000, unit: "mm" });
    const loss = body.columns.find((c) => c.id === "metrics.loss");
    expect(loss).toMatchObject({ dimension: "energy", display: "erg" });
    expect([...(loss?.loggedUnits ?? [])].sort()).toEqual(["J", "erg"]);
    expect(loss?.choices.map((c) => c.value)).toEqual(expect.arrayContaining(["si", "cgs", "natural", "J", "erg", "eV", "kJ"]));
  });

  it("converts every column to a system, and a column's own unit wins over it", async () => {
    const body = await ok<RunsResponse>(runsPath(), { system: "cgs", "unit.metrics.energy": "kJ" });
    const si = body.runs.find((r) => r.name === "run-si");
    expect(si?.params.domain_length).toMatchObject({ value: 100, unit: "cm", logged: { value: 1, unit: "m" } });
    expect(si?.params.density).toMatchObject({ unit: "g/cm³" });
    expect(si?.params.density?.value as number).toBeCloseTo(8.96, 12);
    expect(si?.metrics.loss?.unit).toBe("erg");
    expect(si?.metrics.energy).toMatchObject({ value: 0.1, unit: "kJ" });
    const natural = await ok<RunsResponse>(runsPath(), { system: "natural" });
    expect(natural.runs.find((r) => r.name === "run-si")?.metrics.loss?.unit).toBe("GeV");
  });

  it("sorts across units: 1.5 m > 1 m = 100 cm > 40 cm", async () => {
    const body = await ok<RunsResponse>(runsPath(), { sort: "params.domain_length desc" });
    expect(body.runs.map((r) => r.name)).toEqual(["sweep-L1.5m", expect.stringMatching(/^run-/), expect.stringMatching(/^run-/), "sweep-L40cm"]);
    const byLoss = await ok<RunsResponse>(runsPath(), { sort: "metrics.loss asc", limit: "2" });
    expect(byLoss.runs.map((r) => r.name)[0]).toBe("sweep-L40cm");
    expect(byLoss).toMatchObject({ total: 4, sort: "metrics.loss asc" });
    expect(byLoss.runs).toHaveLength(2);
  });

  it("reads one run and a history converted and downsampled", async () => {
    const id = fixture.ids["run-cgs"] as string;
    const run = await ok<RunResponse>(`/api/runs/${id}`, { "unit.params.domain_length": "m" });
    expect(run.run).toMatchObject({ name: "run-cgs", experimentId, tags: { solver: "crank-nicolson" } });
    expect(run.run.params.domain_length).toMatchObject({ value: 1, unit: "m" });
    const history = await ok<HistoryResponse>(`/api/runs/${id}/history`, { key: "loss", unit: "J" });
    expect(history).toMatchObject({ key: "loss", unit: "J", totalPoints: STEPS, downsampled: false });
    expect(history.values[10] as number).toBeCloseTo(lossJ(1, 10), 9);
    const small = await ok<HistoryResponse>(`/api/runs/${id}/history`, { key: "loss", maxPoints: "10" });
    expect(small.downsampled).toBe(true);
    expect(small.values.length).toBeLessThanOrEqual(10);
    expect(small.steps[0]).toBe(0);
    expect(small.steps.at(-1)).toBe(STEPS - 1);
    expect(small.unit).toBe("erg");
  });
});

describe("comparing runs", () => {
  it("overlays histories in one display unit: erg, ×1e7 the joules", async () => {
    const runs = [fixture.ids["run-si"], fixture.ids["run-cgs"]].join(",");
    const body = await ok<CompareHistoryResponse>("/api/compare/history", { runs, metric: "loss", unit: "erg" });
    expect(body).toMatchObject({ metric: "loss", unit: "erg", display: "erg" });
    const spec = body.spec as { encoding: { y: { title: string } }; data: { values: Array<{ run: string; step: number; value: number }> } };
    expect(spec.encoding.y.title).toBe("loss [erg]");
    const si = spec.data.values.filter((v) => v.run === "run-si");
    const cgs = spec.data.values.filter((v) => v.run === "run-cgs");
    expect(si).toHaveLength(STEPS);
    for (const point of [si[0], si[30], cgs[59]]) expect(point?.value).toBeCloseTo(lossJ(1, point?.step as number) * 1e7, 3);
  });

  it("picks the unit most runs logged when none is asked for, and a system's when asked", async () => {
    const runs = [fixture.ids["run-si"], fixture.ids["run-cgs"], fixture.ids["sweep-L40cm"]].join(",");
    const common = await ok<CompareHistoryResponse>("/api/compare/history", { runs, metric: "loss" });
    expect(common.unit).toBe("erg");
    const si = await ok<CompareHistoryResponse>("/api/compare/history", { runs, metric: "loss", system: "si" });
    expect((si.spec as { encoding: { y: { title: string } } }).encoding.y.title).toBe("loss [J]");
  });

  it("diffs only the params that differ, each in one unit, with importance and parallel coordinates", async () => {
    const runs = ["run-si", "run-cgs", "sweep-L40cm", "sweep-L1.5m"].map((n) => fixture.ids[n]).join(",");
    const body = await ok<CompareResponse>("/api/compare", { runs });
    const keys = body.paramDiff.map((r) => r.key).sort();
    expect(keys).toEqual(["domain_length", "learning_rate", "unit_system"]);
    expect([...body.sameParams].sort()).toEqual(["density", "grid_cells"]);
    const length = body.paramDiff.find((r) => r.key === "domain_length");
    const unit = length?.unit;
    expect(unit === "m" || unit === "cm").toBe(true);
    const inMetres = (length?.values ?? []).map((c) => (c.value as number) / (unit === "cm" ? 100 : 1));
    expect(inMetres).toEqual([1, 1, 0.4, 1.5].map((x) => expect.closeTo(x, 12)));
    expect(body.target).toBe("loss");
    expect(body.importance.spec).not.toBeNull();
    expect(JSON.stringify(body.importance.spec)).toContain("domain_length");
    expect(body.parallel.spec).not.toBeNull();
    expect(body.metrics.map((m) => m.key).sort()).toEqual(["energy", "loss"]);
  });

  it("says why importance is missing for two runs", async () => {
    const runs = [fixture.ids["run-si"], fixture.ids["sweep-L40cm"]].join(",");
    const body = await ok<CompareResponse>("/api/compare", { runs });
    expect(body.importance.spec).toBeNull();
    expect(body.importance.note).toMatch(/3 runs/);
  });
});

describe("validating every input", () => {
  it("reports a filter that does not parse with its position", async () => {
    const filter = "params.domain_length >= 50 furlongz";
    const error = await fails(runsPath(), { filter }, 400);
    expect(error).toMatchObject({ code: "QueryParseError", param: "filter", position: 27 });
    expect(error.problem).toMatch(/furlongz.*furlong/);
  });

  it("reports a filter comparing incompatible dimensions at the literal", async () => {
    const filter = "params.domain_length > 5 J";
    const error = await fails(runsPath(), { filter }, 400);
    expect(error).toMatchObject({ code: "QueryTypeError", param: "filter" });
    expect(filter.slice(error.position)).toMatch(/^5 J|^J/);
  });

  it("rejects unknown, repeated and malformed parameters by name", async () => {
    expect(await fails(runsPath(), { bogus: "1" }, 400)).toMatchObject({ code: "UnknownParameter", param: "bogus" });
    const repeated = await api.handle({ method: "GET", path: runsPath(), query: new URLSearchParams("sort=name&sort=name") });
    expect(repeated.status).toBe(400);
    expect(await fails(runsPath(), { sort: "metrics.loss; drop table" }, 400)).toMatchObject({ param: "sort" });
    expect(await fails(runsPath(), { system: "imperial" }, 400)).toMatchObject({ param: "system" });
    expect(await fails(runsPath(), { limit: "-3" }, 400)).toMatchObject({ param: "limit" });
    expect(await fails(runsPath(), { limit: "1e9" }, 400)).toMatchObject({ param: "limit" });
    expect(await fails(runsPath(), { filter: "x".repeat(10_001) }, 400)).toMatchObject({ param: "filter" });
    expect(await fails(runsPath(), { "unit.loss": "erg" }, 400)).toMatchObject({ param: "unit.loss" });
    expect(await fails(runsPath(), { "unit.metrics.bad name!": "erg" }, 400)).toMatchObject({ param: "unit.metrics.bad name!" });
  });

  it("rejects units that do not parse (with position) or do not fit the column", async () => {
    expect(await fails(runsPath(), { "unit.metrics.loss": "ergg" }, 400)).toMatchObject({ code: "UnitError", param: "unit.metrics.loss", suggestions: ["erg"] });
    const position = await fails(runsPath(), { "unit.metrics.loss": "kg*m^2/secnd^2" }, 400);
    expect(position.position).toBe(7);
    const mismatch = await fails(runsPath(), { "unit.metrics.loss": "m" }, 400);
    expect(mismatch.message).toMatch(/energy.*length/);
  });

  it("checks ids, names and required parameters", async () => {
    expect((await fails("/api/experiments/..%2F..%2Fetc/runs", {}, 400)).message).toMatch(/not a run or experiment id/);
    expect((await fails("/api/experiments/999/runs", {}, 404)).message).toMatch(EXPERIMENT);
    expect(await fails("/api/runs/ffffffffffffffffffffffffffffffff", {}, 404)).toMatchObject({ code: "NotFound" });
    expect(await fails(`/api/runs/${fixture.ids["run-si"]}/history`, {}, 400)).toMatchObject({ param: "key" });
    expect(await fails(`/api/runs/${fixture.ids["run-si"]}/history`, { key: "nope" }, 404)).toMatchObject({ code: "NotFound" });
    expect(await fails("/api/compare/history", { runs: fixture.ids["run-si"] as string }, 400)).toMatchObject({ param: "metric" });
    expect(await fails("/api/compare", {}, 400)).toMatchObject({ param: "runs" });
    const id = fixture.ids["run-si"] as string;
    expect((await fails("/api/compare", { runs: `${id},${id}` }, 400)).message).toMatch(/twice/);
    const many = Array.from({ length: 51 }, (_, i) => `r${i}`).join(",");
    expect((await fails("/api/compare", { runs: many }, 400)).message).toMatch(/at most 50/);
    expect(await fails("/api/nothing", {}, 404)).toMatchObject({ code: "NotFound" });
  });

  it("is read-only", async () => {
    const r = await call("/api/experiments", {}, "POST");
    expect(r.status).toBe(405);
    expect((r.body as ApiErrorBody).error.code).toBe("MethodNotAllowed");
  });
});

describe("never exposing credentials", () => {
  it("sends no secret from the environment, even when a run or an error carries one", async () => {
    const memory = createMemoryBackend();
    const exp = await memory.getOrCreateExperiment("leaky")();
    if (exp._tag === "Left") throw new Error(exp.left.message);
    const run = await memory.createRun(exp.right.id, { name: "r", startTime: 1, tags: { note: `token ${SECRET_TOKEN}`, uri: `https://alice:${SECRET_PASSWORD}@mlflow.example.org/x` } })();
    if (run._tag === "Left") throw new Error(run.left.message);
    const failing: ExperimentBackend = {
      ...memory,
      location: "https://mlflow.example.org",
      searchRuns: () => async () => ({
        _tag: "Left",
        left: {
          _tag: "BackendFailure",
          backend: "mlflow",
          operation: "search",
          retryable: false,
          message: `GET https://alice:${SECRET_PASSWORD}@mlflow.example.org failed; Authorization: Bearer ${ENV.MLFLOW_TRACKING_TOKEN}`,
        },
      }),
    };
    const leaky = createUiApi({ backend: failing, env: ENV });
    const responses = [
      await leaky.handle({ method: "GET", path: "/api/info", query: new URLSearchParams() }),
      await leaky.handle({ method: "GET", path: `/api/runs/${run.right.id}`, query: new URLSearchParams() }),
      await leaky.handle({ method: "GET", path: `/api/experiments/${exp.right.id}/runs`, query: new URLSearchParams() }),
    ];
    expect(responses.map((r) => r.status)).toEqual([200, 200, 502]);
    for (const r of responses) {
      const text = leaky.serialize(r);
      expect(text).not.toContain(SECRET_TOKEN);
      expect(text).not.toContain(SECRET_PASSWORD);
      expect(text).not.toContain(ENV.MLFLOW_TRACKING_TOKEN);
      expect(text).not.toContain("alice:");
      expect(text).not.toContain("/home/alice");
    }
    expect(leaky.serialize(responses[2] as { status: number; body: unknown })).toContain("https://***@mlflow.example.org");
  });

  // Issue 12.5: only credentials dimexp holds are redacted, never the values of other variables.
  it("leaves data that happens to equal an ordinary variable's value (DESKTOP_SESSION=ubuntu, OTP_KEY=234567)", async () => {
    const memory = createMemoryBackend();
    const exp = await memory.getOrCreateExperiment("desktop")();
    if (exp._tag === "Left") throw new Error(exp.left.message);
    const created = await memory.createRun(exp.right.id, { name: "ubuntu-gpu-baseline", startTime: 1, tags: {} })();
    if (created._tag === "Left") throw new Error(created.left.message);
    const logged = await memory.logBatch(created.right.id, {
      id: "b1",
      params: [{ key: "session", value: "ubuntu" }],
      tags: [],
      metrics: [{ key: "loss", values: Float64Array.of(0.1234567), steps: Float64Array.of(0), timestamps: Float64Array.of(1) }],
      arrays: [],
    })();
    if (logged._tag === "Left") throw new Error(logged.left.message);
    const desktop = createUiApi({ backend: memory, env: { ...ENV, DESKTOP_SESSION: "ubuntu", OTP_KEY: "234567", SESSION_MANAGER: "local/ubuntu:@/tmp/.ICE-unix/1234" } });
    const result = await desktop.handle({ method: "GET", path: `/api/experiments/${exp.right.id}/runs`, query: new URLSearchParams() });
    const text = desktop.serialize(result);
    const body = JSON.parse(text) as RunsResponse;
    expect(body.runs.map((r) => r.name)).toEqual(["ubuntu-gpu-baseline"]);
    expect(body.runs[0]?.metrics.loss?.value).toBe(0.1234567);
    expect(body.runs[0]?.params.session?.value).toBe("ubuntu");
    expect(text).not.toContain("***");
  });

  it("keeps the serialized JSON valid while redacting", () => {
    const redacted = api.serialize({ status: 200, body: { a: `x"${SECRET_TOKEN}"y`, b: "ftp://u:p@h", c: 'say "//a" and "b@c"' } });
    expect(JSON.parse(redacted)).toEqual({ a: 'x"***"y', b: "ftp://***@h", c: 'say "//a" and "b@c"' });
  });
});
