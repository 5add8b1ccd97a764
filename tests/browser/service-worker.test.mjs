// The package in a service worker in headless Chromium (as in a PWA, or a browser
// extension's background worker): cache-resource/inline starts there, where the main
// entry's top-level await is refused, and caches as a page does.
import { test, before, after } from "node:test";
import { deepStrictEqual, match } from "node:assert/strict";
import { serve } from "../../scripts/serve.mjs";
import { launch } from "./chromium.mjs";

let browser, server, page;

before(async () => {
  const served = await serve(0);
  server = served.server;
  browser = await launch();
  page = await browser.newPage();
  await page.goto(`${served.url}tests/browser/cases.html`);
});

after(async () => {
  await browser?.close();
  server?.close();
});

/** Registers `script` as a module service worker, waits until it is active, and posts it `message`. */
function askWorker(script, message) {
  return page.evaluate(async ({ script, message }) => {
    try {
      const reg = await navigator.serviceWorker.register(script, { type: "module", scope: "/tests/browser/service-worker/" });
      const worker = reg.installing ?? reg.waiting ?? reg.active;
      if (worker.state !== "activated") {
        await new Promise((resolve) => worker.addEventListener("statechange", () => worker.state === "activated" && resolve()));
      }
      const answer = new Promise((resolve) => navigator.serviceWorker.addEventListener("message", (e) => resolve(e.data), { once: true }));
      worker.postMessage(message);
      return { answer: await answer };
    } catch (e) {
      return { error: `${e.name}: ${e.message}` };
    }
  }, { script, message });
}

test("cache-resource/inline caches in a service worker", async () => {
  const { answer, error } = await askWorker("/tests/browser/service-worker/inline.js", "orders");
  deepStrictEqual(error, undefined);
  deepStrictEqual(
    { same: answer.same, other: answer.other, hits: answer.stats.hits, misses: answer.stats.misses, entries: answer.stats.entries },
    { same: true, other: true, hits: 1, misses: 2, entries: 2 },
  );
});

test("the main entry cannot start in a service worker, which is why the inline one exists", async () => {
  const { error } = await askWorker("/tests/browser/service-worker/main-entry.js", "x");
  match(error ?? "", /ServiceWorker/);
});
