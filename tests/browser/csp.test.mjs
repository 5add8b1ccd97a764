// Every JS case file in headless Chromium on a page whose Content-Security-Policy forbids
// eval (script-src 'self' 'wasm-unsafe-eval', as a strict production site sets it): the
// generated readers and finders are refused there, and their fallbacks must give the same
// answers. The policy comes as a real response header. A second page adds style-src 'self',
// which blocks <style> elements a script adds: the spinner must keep its own style there.
// A third lacks 'wasm-unsafe-eval': there the import must fail loudly, as the README says.
import { test, before, after } from "node:test";
import { strictEqual } from "node:assert/strict";
import { serve } from "../../scripts/serve.mjs";
import { reportCases, runCasesInChromium } from "./cases-report.mjs";

const POLICY = "script-src 'self' 'wasm-unsafe-eval' 'nonce-cases'";
let browser, server, results, evalRefused;

before(async () => {
  const served = await serve(0, "127.0.0.1", { "content-security-policy": POLICY });
  server = served.server;
  let page;
  ({ browser, page, results } = await runCasesInChromium(served.url));
  // Asked of the page itself: playwright's evaluate is not subject to the page's policy.
  evalRefused = await page.evaluate(() => import("/tests/browser/eval-probe.js").then((m) => m.evalRefused()));
});

after(async () => {
  await browser?.close();
  server?.close();
});

test("the page really forbids eval", () => {
  strictEqual(evalRefused, true);
});

test("under style-src 'self' the spinner keeps its built-in style", async () => {
  const strict = await serve(0, "127.0.0.1", { "content-security-policy": `${POLICY}; style-src 'self'` });
  try {
    const page = await browser.newPage();
    await page.goto(`${strict.url}tests/browser/cases.html`);
    const position = await page.evaluate(async () => {
      const { cacheResource } = await import("cache-resource");
      let done;
      const slow = cacheResource(async function slow() {
        await new Promise((r) => (done = r));
      });
      const p = slow();
      const overlay = document.querySelector(".cache-resource-spinners");
      const style = overlay && getComputedStyle(overlay).position;
      done();
      await p;
      return style;
    });
    strictEqual(position, "fixed");
  } finally {
    strict.server.close();
  }
});

test("without 'wasm-unsafe-eval' the import rejects with the browser's CompileError, naming the directive", async () => {
  const policy = "script-src 'self' 'nonce-cases'";
  const bare = await serve(0, "127.0.0.1", { "content-security-policy": policy });
  try {
    const page = await browser.newPage();
    await page.goto(`${bare.url}tests/browser/cases.html`);
    const failure = await page.evaluate(() => import("cache-resource").then(
      () => null,
      (e) => ({ name: e.name, message: e.message }),
    ));
    strictEqual(failure?.name, "CompileError");
    strictEqual(failure.message.includes(policy), true, failure.message);
  } finally {
    bare.server.close();
  }
});

await reportCases("chromium with a CSP", () => results);
