// The filter bar's context selector, in Chromium against the real `dimexp ui`:
// with a run whose domain_length is logged in GeV⁻¹ among SI and CGS runs,
// `params.domain_length >= 50 cm` is an error naming the natural context until
// the page chooses it; the choice lives in the URL and a shared link restores it.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLocalBackend } from "@dimexp/backend-local";
import { DimExperiment, q } from "@dimexp/core";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningUi, chromiumMissing, isCI, launchChromium, startDimexpUi } from "./browser.js";

const missing = chromiumMissing();
if (missing !== undefined && isCI()) {
  describe("the filter bar test's set-up", () => {
    it("has Chromium (a missing browser in CI is a failure, not a skip)", () => {
      throw new Error(missing);
    });
  });
}

describe.skipIf(missing !== undefined)("the filter bar's context selector in Chromium", () => {
  let dir = "";
  let ui: RunningUi;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "dimexp-dashboard-context-"));
    const path = join(dir, "runs.db");
    const opened = createLocalBackend({ path });
    if (opened._tag === "Left") throw new Error(opened.left.message);
    const exp = await DimExperiment.open("mixed-units", { backend: opened.right });
    for (const [name, length] of [
      ["run-si", q(1, "m")],
      ["run-cgs", q(120, "cm")],
      ["run-short", q(40, "cm")],
      ["run-natural", q(3e15, "1/GeV")], // about 59 cm
    ] as const) {
      await exp.withRun(name, (r) => r.logParam("domain_length", length));
    }
    await exp.close();
    ui = await startDimexpUi(path);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on("pageerror", (error) => pageErrors.push(error.message));
    page.on("console", (message) => {
      // the filter refused without a context is a 400 the browser logs; anything else is a bug
      if (message.type() === "error" && !/status of 400/.test(message.text())) pageErrors.push(message.text());
    });
  });

  afterAll(async () => {
    await browser?.close();
    if (ui) expect(await ui.stop()).toBe(0);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const names = (p: Page): Promise<string[]> => p.locator("table.runs tbody .run-name").allTextContents();

  it("offers every context the server knows, none chosen", async () => {
    await page.goto(ui.url);
    await page.waitForSelector("table.runs tbody tr");
    const options = await page.locator(".context-select option").evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(options).toEqual(["", "gaussian", "natural", "spectral", "mass-energy", "temperature-energy"]);
    expect(await page.locator(".context-select").inputValue()).toBe("");
  });

  it("without a context, the filter error names the natural context; choosing it filters and sorts in one unit", async () => {
    await page.fill("#filter", "params.domain_length >= 50 cm");
    await page.press("#filter", "Enter");
    await page.locator(".filter-caret").waitFor();
    expect(await page.locator(".filter-error-message").textContent()).toContain('context "natural"');
    await page.selectOption(".context-select", "natural");
    await expect.poll(() => page.locator(".filter-error").isHidden()).toBe(true);
    await expect.poll(async () => (await names(page)).sort()).toEqual(["run-cgs", "run-natural", "run-si"]);
    await expect.poll(() => page.evaluate(() => window.location.search)).toContain("context=natural");
    // sorting by the column compares GeV⁻¹ with m and cm
    await page.locator('button.sort[data-column="params.domain_length"]').click();
    await expect.poll(() => names(page)).toEqual(["run-natural", "run-si", "run-cgs"]);
  });

  it("restores the context from a shared link, and drops an unknown one with a notice", async () => {
    const second = await browser.newPage();
    await second.goto(page.url());
    await second.waitForSelector("table.runs tbody tr");
    expect(await second.locator(".context-select").inputValue()).toBe("natural");
    expect((await names(second)).sort()).toEqual(["run-cgs", "run-natural", "run-si"]);
    const bad = new URL(page.url());
    bad.searchParams.set("context", "natrual");
    bad.searchParams.delete("filter");
    bad.searchParams.delete("sort");
    await second.goto(bad.toString());
    await expect.poll(() => second.locator(".notice").textContent()).toContain("natrual");
    await expect.poll(() => second.evaluate(() => window.location.search)).not.toContain("context=");
    await expect.poll(() => second.locator("table.runs tbody tr").count()).toBe(4);
    await second.close();
  });

  it("raised no error in the page", () => {
    expect(pageErrors, pageErrors.join("\n")).toEqual([]);
  });
});
