// Runs every JS case file (tests/js/cases/) in headless Chromium against the built package,
// each case reported as its own node:test test.
import { before, after } from "node:test";
import { serve } from "../../scripts/serve.mjs";
import { launch } from "./chromium.mjs";
import { casesQuery, reportCases } from "./cases-report.mjs";

let browser, server, results;

before(async () => {
  const served = await serve(0);
  server = served.server;
  browser = await launch();
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(`${served.url}tests/browser/cases.html?${casesQuery}`);
  await page.waitForFunction(() => window.__results, null, { timeout: 60_000 })
    .catch(() => { throw new Error(`cases page did not finish; page errors: ${errors.join("; ")}`); });
  results = await page.evaluate(() => window.__results);
});

after(async () => {
  await browser?.close();
  server?.close();
});

await reportCases("chromium", () => results);
