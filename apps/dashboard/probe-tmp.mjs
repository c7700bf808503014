import { chromium } from "playwright-core";
const url = process.argv[2];
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", headless: true, args: ["--no-sandbox","--disable-gpu","--disable-quic","--no-first-run","--disable-background-networking","--disable-component-update","--disable-sync"] });
for (let round = 0; round < 3; round++) {
const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
await page.goto(url);
await page.waitForFunction(() => performance.getEntriesByName("dimexp:table-interactive").length > 0);
await page.waitForTimeout(800);
const boxes = page.locator('table.runs tbody input[type="checkbox"]');
for (let i = 0; i < 10; i++) await boxes.nth(i * 100).check();
await page.click(".compare-button");
await page.waitForFunction(() => window.__dimexp.lastCompareMs !== undefined);
const r = await page.evaluate(() => {
  const start = performance.getEntriesByName("dimexp:compare-start")[0].startTime;
  const res = performance.getEntriesByType("resource").filter(e => e.name.includes("compare")).map(e => `${e.name.split("?")[0].split("/").slice(-2).join("/")} start+${(e.startTime-start).toFixed(0)} resp ${(e.responseStart-start).toFixed(0)} end ${(e.responseEnd-start).toFixed(0)} size ${e.transferSize}`);
  const embed = performance.getEntriesByType("resource").filter(e => e.name.includes("embed")).map(e => `embed ${(e.startTime).toFixed(0)}-${e.responseEnd.toFixed(0)}`);
  return { total: window.__dimexp.lastCompareMs, res, embed };
});
console.log(JSON.stringify(r));
await page.close();
}
await browser.close();
