// Runs every JS case file (tests/js/cases/) in headless Chromium against the built package,
// each case reported as its own node:test test.
import { before, after } from "node:test";
import { serve } from "../../scripts/serve.mjs";
import { reportCases, runCasesInChromium } from "./cases-report.mjs";

let browser, server, results;

before(async () => {
  const served = await serve(0);
  server = served.server;
  ({ browser, results } = await runCasesInChromium(served.url));
});

after(async () => {
  await browser?.close();
  server?.close();
});

await reportCases("chromium", () => results);
