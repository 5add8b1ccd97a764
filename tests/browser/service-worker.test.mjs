// The package in a service worker (as in a PWA, or a browser extension's background
// worker), in headless Chromium and Firefox: cache-resource/inline starts there, where the
// main entry's top-level await is refused, and caches as a page does.
import { test, before, after } from "node:test";
import { deepStrictEqual, match } from "node:assert/strict";
import { serve } from "../../scripts/serve.mjs";
import { launch } from "./chromium.mjs";
import { launchFirefox } from "./firefox.mjs";

const PAGE = "tests/browser/cases.html";
const INLINE = "/tests/browser/service-worker/inline.js";
const MAIN_ENTRY = "/tests/browser/service-worker/main-entry.js";

// Run in the page: registers `script` as a module service worker, waits until it is
// active, posts it `message` and resolves to { answer } or { error }.
const ASK_WORKER = `async (script, message) => {
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
    return { error: e.name + ": " + e.message };
  }
}`;
const call = (script, message) => `(${ASK_WORKER})(${JSON.stringify(script)}, ${JSON.stringify(message)})`;

let server, url, chromium, firefox;

before(async () => {
  ({ server, url } = await serve(0));
  chromium = await launch();
  firefox = await launchFirefox();
});

after(async () => {
  await chromium?.close();
  await firefox?.close();
  server?.close();
});

const browsers = {
  async chromium(script, message) {
    const page = await chromium.newPage();
    await page.goto(url + PAGE);
    return page.evaluate(call(script, message));
  },
  // WebDriver's script runs synchronously: the answer is left on the page and read back.
  async firefox(script, message) {
    await firefox.goto(url + PAGE);
    await firefox.evaluate(`window.__answer = null; ${call(script, message)}.then((r) => (window.__answer = r));`);
    for (let i = 0; i < 150; i++) {
      const result = await firefox.evaluate("return window.__answer;");
      if (result !== null) return result;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error("the service worker did not answer in 15 s");
  },
};

for (const [browser, askWorker] of Object.entries(browsers)) {
  test(`${browser}: cache-resource/inline caches in a service worker`, async () => {
    const { answer, error } = await askWorker(INLINE, "orders");
    deepStrictEqual(error, undefined);
    deepStrictEqual(
      { same: answer.same, other: answer.other, hits: answer.stats.hits, misses: answer.stats.misses, entries: answer.stats.entries },
      { same: true, other: true, hits: 1, misses: 2, entries: 2 },
    );
  });

  test(`${browser}: the main entry cannot start in a service worker, which is why the inline one exists`, async () => {
    const { error } = await askWorker(MAIN_ENTRY, "x");
    match(error ?? "", /ServiceWorker/);
  });
}
