// The dashboard in a real browser: Debian's Chromium, driven by playwright-core,
// against the real `dimexp ui` command over a SQLite store with SI and CGS runs.
// It filters, switches the loss column to erg, opens a comparison, checks the
// chart's axis title and the values it draws, restores the view from its URL,
// watches a run that is still logging, and saves a screenshot.

import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createLocalBackend } from "@dimexp/backend-local";
import { DimExperiment, q } from "@dimexp/core";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningUi, chromiumMissing, isCI, launchChromium, startDimexpUi } from "./browser.js";
import { EXPERIMENT, type Fixture, STEPS, lossJ, makeStore } from "./fixtures.js";

const ARTIFACTS = fileURLToPath(new URL("../test-artifacts/", import.meta.url));
const missing = chromiumMissing();

if (missing && !isCI()) console.warn(`dashboard browser test skipped: ${missing}`);

if (missing !== undefined && isCI()) {
  describe("the browser test's set-up", () => {
    it("has Chromium (a missing browser in CI is a failure, not a skip)", () => {
      throw new Error(missing);
    });
  });
}

describe.skipIf(missing !== undefined)("the dashboard in Chromium", () => {
  let fixture: Fixture;
  let ui: RunningUi;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    fixture = await makeStore();
    ui = await startDimexpUi(fixture.path);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 1100 } });
    page.on("pageerror", (error) => pageErrors.push(error.message));
    page.on("console", (message) => {
      // the deliberately bad filter is a 400 the browser logs; anything else is a bug
      if (message.type() === "error" && !/status of 400/.test(message.text())) pageErrors.push(message.text());
    });
  });

  afterAll(async () => {
    await browser?.close();
    const code = await ui?.stop();
    expect(code).toBe(0);
    fixture?.cleanup();
  });

  const rowCount = (): Promise<number> => page.locator("table.runs tbody tr").count();
  const row = (name: string) => page.locator("table.runs tbody tr", { has: page.locator(".run-name", { hasText: new RegExp(`^${name.replace(".", "\\.")}$`) }) });
  const lossCell = (name: string) => row(name).locator('td[data-column="metrics.loss"]');

  it("loads the experiment with every run and its units", async () => {
    await page.goto(ui.url);
    await page.waitForSelector("table.runs tbody tr");
    expect(await rowCount()).toBe(4);
    await expect.poll(() => page.evaluate(() => window.location.search)).toContain(`experiment=${EXPERIMENT}`);
    expect(await page.locator(".experiments a.active .exp-name").textContent()).toBe(EXPERIMENT);
    const length = row("run-cgs").locator('td[data-column="params.domain_length"]');
    expect([await length.locator(".value").textContent(), await length.locator(".unit").textContent()]).toEqual(["100", "cm"]);
  });

  it("shows a filter error inline, at its position", async () => {
    await page.fill("#filter", "params.domain_length >= 50 furlongz");
    await page.press("#filter", "Enter");
    const caret = page.locator(".filter-caret");
    await caret.waitFor();
    expect(await caret.getAttribute("data-position")).toBe("27");
    expect(await page.locator(".filter-error-message").textContent()).toMatch(/position 27.*furlongz.*furlong/);
    const lines = ((await caret.textContent()) ?? "").split("\n");
    expect(lines[1]?.indexOf("^")).toBe(27);
  });

  it("filters params.domain_length >= 50 cm across m and cm", async () => {
    await page.fill("#filter", "params.domain_length >= 50 cm");
    await page.press("#filter", "Enter");
    await expect.poll(rowCount).toBe(3);
    expect(await page.locator(".filter-error").isHidden()).toBe(true);
    const names = await page.locator("table.runs tbody .run-name").allTextContents();
    expect(names.sort()).toEqual(["run-cgs", "run-si", "sweep-L1.5m"]);
  });

  it("switches the loss column to erg", async () => {
    await page.selectOption('select[data-column="metrics.loss"]', "erg");
    await expect.poll(() => lossCell("run-si").textContent()).toMatch(/erg$/);
    const shown = Number((await lossCell("run-si").locator(".value").textContent()) ?? "");
    expect(shown).toBeCloseTo(lossJ(1, STEPS - 1) * 1e7, -2);
    expect(await lossCell("run-si").getAttribute("title")).toMatch(/logged as .* J/);
    expect(await lossCell("run-cgs").textContent()).toMatch(/erg$/);
    await expect.poll(() => page.evaluate(() => window.location.search)).toContain("unit.metrics.loss=erg");
  });

  it("compares runs: history overlaid in erg, the axis says so, and the values are 1e7 × the joules", async () => {
    for (const name of ["run-si", "run-cgs", "sweep-L1.5m"]) await row(name).locator('input[type="checkbox"]').check();
    await page.click(".compare-button");
    const chart = page.locator('.chart-card[data-metric="loss"]');
    await chart.locator("svg").first().waitFor();
    await page.waitForFunction(() => (window as unknown as { __dimexp: { lastCompareMs?: number } }).__dimexp.lastCompareMs !== undefined);
    const texts = await chart.locator("svg text").allTextContents();
    expect(texts).toContain("loss [erg]");
    expect(await chart.getAttribute("data-unit")).toBe("erg");
    const values = (await page.evaluate(() =>
      (window as unknown as { __dimexp: { chartValues(m: string): Array<{ run: string; step: number; value: number }> } }).__dimexp.chartValues("loss"),
    )) as Array<{ run: string; step: number; value: number }>;
    const lengths: Record<string, number> = { "run-si": 1, "run-cgs": 1, "sweep-L1.5m": 1.5 };
    expect(new Set(values.map((v) => v.run))).toEqual(new Set(Object.keys(lengths)));
    expect(values.length).toBe(3 * STEPS);
    for (const v of values) expect(v.value / (lossJ(lengths[v.run] as number, v.step) * 1e7)).toBeCloseTo(1, 9);
    // the parameter diff shows only what differs, in one unit
    const diffRows = await page.locator("table.param-diff tbody tr").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-param")));
    expect(diffRows).toContain("domain_length");
    expect(diffRows).not.toContain("density");
    await page.locator(".importance svg, .importance p").first().waitFor();
    await page.locator(".parallel svg").first().waitFor();
    expect(await page.evaluate(() => window.location.search)).toMatch(/compare=[0-9a-f]{32}(%2C|,)/);
  });

  it("saves a screenshot", async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: `${ARTIFACTS}dashboard.png`, fullPage: true });
  });

  it("restores the whole view from its URL (a shared link)", async () => {
    const shared = page.url();
    const second = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    await second.goto(shared);
    const chart = second.locator('.chart-card[data-metric="loss"]');
    await chart.locator("svg").first().waitFor();
    expect(await chart.locator("svg text").allTextContents()).toContain("loss [erg]");
    expect(await second.inputValue("#filter")).toBe("params.domain_length >= 50 cm");
    expect(await second.locator("table.runs tbody tr").count()).toBe(3);
    expect(await second.locator('select[data-column="metrics.loss"]').inputValue()).toBe("erg");
    await second.close();
  });

  it("gives each chart its own unit, and the whole page a system, both in the URL", async () => {
    const chart = page.locator('.chart-card[data-metric="loss"]');
    await page.selectOption('select[data-chart="loss"]', "kJ");
    await expect.poll(async () => (await chart.locator("svg text").allTextContents()).includes("loss [kJ]"), { timeout: 10_000 }).toBe(true);
    const values = (await page.evaluate(() =>
      (window as unknown as { __dimexp: { chartValues(m: string): Array<{ run: string; step: number; value: number }> } }).__dimexp.chartValues("loss"),
    )) as Array<{ run: string; step: number; value: number }>;
    const si = values.find((v) => v.run === "run-si" && v.step === 0);
    expect((si?.value as number) / (lossJ(1, 0) / 1000)).toBeCloseTo(1, 9);
    await expect.poll(() => page.evaluate(() => window.location.search)).toContain("chart.loss=kJ");
    // the table keeps its own choice (erg); the page-wide system applies to the other columns
    await page.selectOption(".system-select", "cgs");
    const length = row("run-si").locator('td[data-column="params.domain_length"]');
    await expect.poll(() => length.textContent()).toBe("100cm");
    expect(await lossCell("run-si").textContent()).toMatch(/erg$/);
    await expect.poll(() => page.evaluate(() => window.location.search)).toContain("system=cgs");
    await page.selectOption(".system-select", "");
    await expect.poll(() => length.textContent()).toBe("1m");
  });

  it("updates live: a run that is still logging appears and moves without a reload", async () => {
    const writer = createLocalBackend({ path: fixture.path });
    if (writer._tag === "Left") throw new Error(writer.left.message);
    const exp = await DimExperiment.open(EXPERIMENT, { backend: writer.right });
    const run = await exp.startRun("live-2m");
    run.logParam("domain_length", q(2, "m"));
    run.logMetric("loss", q(7, "J"), { step: 0 });
    await run.flush();
    await expect.poll(rowCount, { timeout: 10_000 }).toBe(4);
    await expect.poll(() => lossCell("live-2m").textContent(), { timeout: 10_000 }).toMatch(/^7e7\s*erg/);
    expect(await row("live-2m").locator(".status").textContent()).toBe("running");
    run.logMetric("loss", q(3, "J"), { step: 1 });
    await run.flush();
    await expect.poll(() => lossCell("live-2m").textContent(), { timeout: 10_000 }).toMatch(/^3e7\s*erg/);
    await run.end();
    await expect.poll(() => row("live-2m").locator(".status").textContent(), { timeout: 10_000 }).toBe("finished");
    await writer.right.close()();
  });

  it("raised no error in the page", () => {
    expect(pageErrors).toEqual([]);
  });
});
