// Arrays in the comparison view: /api/compare lists the arrays the compared
// runs logged, /api/compare/array draws one array per run (value against
// index) in one unit — runs logged in J, erg and GeV on one axis — and names
// the runs it leaves out; in Chromium the comparison shows the chart, its unit
// selector redraws it in another unit and the URL keeps the choice.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLocalBackend } from "@dimexp/backend-local";
import type { ApiErrorBody, CompareArrayResponse, CompareResponse, UiApi } from "@dimexp/cli/ui";
import { createUiApi } from "@dimexp/cli/ui";
import { DimArray, DimExperiment, type ExperimentBackend } from "@dimexp/core";
import type { Browser, Page } from "playwright-core";
import { View, parse } from "vega";
import { type TopLevelSpec, compile } from "vega-lite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningUi, chromiumMissing, launchChromium, startDimexpUi } from "./browser.js";

// CODATA 2018, exact: the oracle for eV ↔ J, independent of @dimexp/units.
const EV_IN_J = 1.602176634e-19;
const EXPERIMENT = "spectra";

const array = (values: readonly number[], unit: string): DimArray => {
  const made = DimArray.of(values as number[], unit);
  if (made._tag === "Left") throw new Error(made.left.message);
  return made.right;
};

/** The energy profile of a run, in joules, at a step. */
const profileJ = (run: number, step: number): number[] => [1, 2, 3, 4].map((i) => (run + 1) * i * 1e-3 * (step + 1));

let dir = "";
let path = "";
const ids: Record<string, string> = {};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "dimexp-dashboard-arrays-"));
  path = join(dir, "dimexp.db");
  const exp = await DimExperiment.open(EXPERIMENT, { backend: path, onWarning: () => undefined });
  const systems: Array<[string, string, number]> = [
    ["run-si", "J", 1],
    ["run-cgs", "erg", 1e7],
    ["run-natural", "GeV", 1 / (1e9 * EV_IN_J)],
  ];
  for (const [i, [name, unit, perJ]] of systems.entries()) {
    await exp.withRun(name, (run) => {
      ids[name] = run.id;
      for (let step = 0; step < 2; step++) run.logArray("energy", array(profileJ(i, step).map((j) => j * perJ), unit), { step });
      run.logArray("temperature", array([300, 301, 302], "K"), { step: 0 });
      run.logMetric("loss", 1 / (i + 1));
    });
  }
  await exp.withRun("run-plain", (run) => {
    ids["run-plain"] = run.id;
    run.logMetric("loss", 0.5);
  });
  await exp.close();
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("the arrays API of the comparison", () => {
  let backend: ExperimentBackend;
  let api: UiApi;
  beforeAll(() => {
    const opened = createLocalBackend({ path });
    if (opened._tag === "Left") throw new Error(opened.left.message);
    backend = opened.right;
    api = createUiApi({ backend, env: {} });
  });
  afterAll(async () => {
    await backend?.close()();
  });

  const call = async (route: string, query: Record<string, string>) => {
    const result = await api.handle({ method: "GET", path: route, query: new URLSearchParams(query) });
    return { status: result.status, body: JSON.parse(api.serialize(result)) as unknown };
  };
  const runs = (...names: string[]) => names.map((n) => ids[n]).join(",");
  const rows = (r: CompareArrayResponse) => (r.spec.data as { values: Array<{ run: string; index: number; value: number }> }).values;

  it("/api/compare lists the arrays the runs logged, with unit choices", async () => {
    const { status, body } = await call("/api/compare", { runs: runs("run-si", "run-cgs", "run-natural", "run-plain") });
    expect(status).toBe(200);
    const arrays = (body as CompareResponse).arrays;
    expect(arrays.map((a) => [a.key, a.unit, a.runs])).toEqual([
      ["energy", "J", 3],
      ["temperature", "K", 3],
    ]);
    expect(arrays[0]?.choices.map((c) => c.value)).toEqual(expect.arrayContaining(["si", "cgs", "natural", "J", "erg", "GeV", "eV"]));
  });

  it("/api/compare/array draws each run's latest array in one unit (J, erg and GeV together), naming the runs left out", async () => {
    const { status, body } = await call("/api/compare/array", { runs: runs("run-si", "run-cgs", "run-natural", "run-plain"), key: "energy", unit: "J" });
    expect(status).toBe(200);
    const response = body as CompareArrayResponse;
    expect(response).toMatchObject({ key: "energy", unit: "J", display: "J", step: null });
    expect(response.series.map((s) => [s.name, s.step, s.totalPoints, s.shownPoints, s.skipped ?? null])).toEqual([
      ["run-si", 1, 4, 4, null],
      ["run-cgs", 1, 4, 4, null],
      ["run-natural", 1, 4, 4, null],
      ["run-plain", undefined, 0, 0, "has no array energy"],
    ]);
    for (const [i, name] of ["run-si", "run-cgs", "run-natural"].entries()) {
      const drawn = rows(response).filter((r) => r.run === name);
      expect(drawn.map((r) => r.index)).toEqual([0, 1, 2, 3]);
      drawn.forEach((r, k) => {
        expect(r.value / (profileJ(i, 1)[k] as number)).toBeCloseTo(1, 12);
      });
    }
    expect((response.spec.encoding as { y: { title: string } }).y.title).toBe("energy [J]");
    expect(response.warnings).toEqual(["run-plain: has no array energy"]);
    // what the page hands vega-embed compiles, and vega accepts it (one zoom signal, not one per layer)
    const view = new View(parse(compile(response.spec as unknown as TopLevelSpec).spec), { renderer: "none" });
    await view.runAsync();
    expect(() => view.signal("zoom_tuple")).not.toThrow();
    view.finalize();
  });

  it("takes a step, a system, or the first run's unit by default", async () => {
    const first = (await call("/api/compare/array", { runs: runs("run-cgs", "run-si"), key: "energy", step: "0" })).body as CompareArrayResponse;
    expect(first.unit).toBe("erg");
    expect(first.step).toBe(0);
    expect(rows(first).filter((r) => r.run === "run-si").map((r) => Math.round(r.value))).toEqual(profileJ(0, 0).map((j) => Math.round(j * 1e7)));
    const natural = (await call("/api/compare/array", { runs: runs("run-si"), key: "energy", system: "natural" })).body as CompareArrayResponse;
    expect(natural.unit).toBe("GeV");
    expect((rows(natural)[0]?.value as number) / (profileJ(0, 1)[0] as number / (1e9 * EV_IN_J))).toBeCloseTo(1, 12);
  });

  it("refuses what does not fit: a unit of another dimension, an unknown key, a bad step", async () => {
    const wrongUnit = await call("/api/compare/array", { runs: runs("run-si", "run-cgs"), key: "energy", unit: "m" });
    expect(wrongUnit.status).toBe(400);
    expect((wrongUnit.body as ApiErrorBody).error).toMatchObject({ code: "UnitError", param: "unit" });
    expect((wrongUnit.body as ApiErrorBody).error.message).toMatch(/energy.*m/);
    const unknown = await call("/api/compare/array", { runs: runs("run-si"), key: "enrgy" });
    expect(unknown.status).toBe(404);
    expect((unknown.body as ApiErrorBody).error.message).toContain("energy, temperature");
    const missingKey = await call("/api/compare/array", { runs: runs("run-si") });
    expect(missingKey.status).toBe(400);
    expect((missingKey.body as ApiErrorBody).error.param).toBe("key");
    const badStep = await call("/api/compare/array", { runs: runs("run-si"), key: "energy", step: "latest" });
    expect((badStep.body as ApiErrorBody).error).toMatchObject({ code: "InvalidParameter", param: "step" });
    const noSuchStep = (await call("/api/compare/array", { runs: runs("run-si", "run-cgs"), key: "energy", step: "9" })).body as ApiErrorBody;
    expect(noSuchStep.error.code).toBe("NotFound");
    expect(noSuchStep.error.message).toMatch(/step 9.*0, 1/);
  });
});

const missing = chromiumMissing();

describe.skipIf(missing !== undefined)("the array chart in Chromium", () => {
  let ui: RunningUi;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    ui = await startDimexpUi(path);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 1100 } });
    page.on("pageerror", (error) => pageErrors.push(error.message));
  });
  afterAll(async () => {
    await browser?.close();
    await ui?.stop();
  });

  const values = () =>
    page.evaluate(() => (window as unknown as { __dimexp: { arrayValues(key: string): Array<{ run: string; index: number; value: number }> | undefined } }).__dimexp.arrayValues("energy"));

  it("shows each compared run's array against its index, and redraws it in the unit chosen (kept in the URL)", async () => {
    await page.goto(`${ui.url}?experiment=${EXPERIMENT}&compare=${[ids["run-si"], ids["run-cgs"], ids["run-natural"]].join(",")}`);
    const card = page.locator('.array-card[data-array="energy"]');
    await card.locator("svg").first().waitFor();
    expect(await card.getAttribute("data-unit")).toBe("J");
    expect(await card.locator("svg").first().textContent()).toContain("energy [J]");
    await expect.poll(async () => (await values())?.length).toBe(12);
    for (const [i, name] of ["run-si", "run-cgs", "run-natural"].entries()) {
      ((await values()) ?? []).filter((r) => r.run === name).forEach((r) => {
        expect(r.value / (profileJ(i, 1)[r.index] as number)).toBeCloseTo(1, 12);
      });
    }
    await card.locator("select.unit-select").selectOption("eV");
    await expect.poll(() => card.getAttribute("data-unit")).toBe("eV");
    await expect.poll(() => page.evaluate(() => window.location.search)).toContain("array.energy=eV");
    const inEv = (profileJ(2, 1)[0] as number) / EV_IN_J;
    await expect.poll(async () => ((await values())?.find((r) => r.run === "run-natural" && r.index === 0)?.value ?? 0) / inEv).toBeCloseTo(1, 9);
    // the URL restores the view with the choice
    await page.reload();
    await page.locator('.array-card[data-array="energy"] svg').first().waitFor();
    expect(await page.locator('.array-card[data-array="energy"]').getAttribute("data-unit")).toBe("eV");
    expect(await page.locator('.array-card[data-array="temperature"]').getAttribute("data-array")).toBe("temperature");
    expect(pageErrors).toEqual([]);
  });
});
