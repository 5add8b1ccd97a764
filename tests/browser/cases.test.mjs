// Runs every JS case file (tests/js/cases/) in headless Chromium against the built package,
// each case reported as its own node:test test.
import { test, before, after } from "node:test";
import { readdirSync } from "node:fs";
import { serve } from "../../scripts/serve.mjs";
import { launch } from "./chromium.mjs";

const files = readdirSync(new URL("../js/cases/", import.meta.url)).filter((f) => f.endsWith(".js")).sort();
let browser, server, results;

before(async () => {
  const served = await serve(0);
  server = served.server;
  browser = await launch();
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  const query = files.map((f) => `case=${encodeURIComponent(f)}`).join("&");
  await page.goto(`${served.url}tests/browser/cases.html?${query}`);
  await page.waitForFunction(() => window.__results || document.querySelector("#out").textContent.startsWith("["), null, { timeout: 60_000 })
    .catch(() => { throw new Error(`cases page did not finish; page errors: ${errors.join("; ")}`); });
  results = await page.evaluate(() => window.__results);
});

after(async () => {
  await browser?.close();
  server?.close();
});

// The case names are only known once the page has run; one test per file checks them all
// and names every failure, plus one per case for a readable report.
for (const file of files) {
  const { tests } = await import(new URL(`../js/cases/${file}`, import.meta.url));
  for (const name of Object.keys(tests)) {
    test(`chromium ${file.replace(/\.js$/, "")}: ${name}`, () => {
      const r = results.find((x) => x.name === `${file}: ${name}`);
      if (!r) throw new Error("the case did not run in the page");
      if (!r.ok) throw new Error(r.error);
    });
  }
}
