// Every JS case file (tests/js/cases/) in headless Firefox against the built package: a
// second engine, with its own function texts, realms and timers. One test per case.
import { before, after } from "node:test";
import { serve } from "../../scripts/serve.mjs";
import { launchFirefox } from "./firefox.mjs";
import { casesPage, reportCases } from "./cases-report.mjs";

let firefox, server, results;

before(async () => {
  const served = await serve(0);
  server = served.server;
  firefox = await launchFirefox();
  await firefox.goto(casesPage(served.url));
  // A long fuzz run takes its time.
  const deadline = process.env.FUZZ_SEEDS ? Infinity : Date.now() + 120_000;
  while ((results = await firefox.evaluate("return window.__results ?? null")) === null) {
    if (Date.now() > deadline) throw new Error(`the cases page did not finish: ${await firefox.evaluate("return document.body.textContent")}`);
    await new Promise((r) => setTimeout(r, 200));
  }
});

after(async () => {
  await firefox?.close();
  server?.close();
});

// Firefox has no way to expose a gc() hook to a page; Node and Chromium run that case.
await reportCases("firefox", () => results, (r) => (/--expose-gc/.test(r.error) ? "Firefox exposes no gc() to pages" : null));
