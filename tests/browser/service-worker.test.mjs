// The package in a service worker (as in a PWA, or a browser extension's background
// worker), in headless Chromium and Firefox: cache-resource/inline starts there, as a
// module worker and bundled into a minified classic one, where the main entry's top-level
// await is refused, and caches as a page does.
import { test, before, after } from "node:test";
import { deepStrictEqual, match } from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { serve } from "../../scripts/serve.mjs";
import { launch } from "./chromium.mjs";
import { launchFirefox } from "./firefox.mjs";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const source = (file) => readFileSync(new URL(`./service-worker/${file}`, import.meta.url), "utf8");
const JS = "text/javascript";

// Run in the page: registers `script` as a service worker of `type`, waits until it is
// active, posts it `message` and resolves to { answer } or { error }.
const ASK_WORKER = `async (script, type, message) => {
  try {
    const reg = await navigator.serviceWorker.register(script, { type, scope: "/sw/" });
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
const call = (script, type, message) => `(${ASK_WORKER})(${[script, type, message].map((a) => JSON.stringify(a)).join(", ")})`;

let server, url, chromium, firefox;

before(async () => {
  const bundled = await build({
    stdin: { contents: source("inline.js"), resolveDir: ROOT, loader: "js" },
    bundle: true, minify: true, format: "iife", platform: "browser", write: false, logLevel: "silent",
  });
  ({ server, url } = await serve(0, "127.0.0.1", {}, {
    // The page that registers the workers: outside their scope, so that no page is their
    // client and each new one activates at once.
    "/host.html": { type: "text/html; charset=utf-8", body: "<!doctype html><title>service worker host</title>" },
    "/sw/module.js": { type: JS, body: source("inline.js").replace('"cache-resource/inline"', '"/pkg/inline.js"') },
    "/sw/classic.js": { type: JS, body: bundled.outputFiles[0].text },
    "/sw/main-entry.js": { type: JS, body: source("main-entry.js").replace('"cache-resource"', '"/pkg/index.js"') },
  }));
  chromium = await launch();
  firefox = await launchFirefox();
});

after(async () => {
  await chromium?.close();
  await firefox?.close();
  server?.close();
});

const browsers = {
  async chromium(...args) {
    const page = await chromium.newPage();
    await page.goto(`${url}host.html`);
    return page.evaluate(call(...args));
  },
  async firefox(...args) {
    await firefox.goto(`${url}host.html`);
    return firefox.evaluateAsync(`return ${call(...args)};`);
  },
};

for (const [browser, askWorker] of Object.entries(browsers)) {
  for (const [form, script, type] of [["a module", "/sw/module.js", "module"], ["a minified classic", "/sw/classic.js", "classic"]]) {
    test(`${browser}: cache-resource/inline caches in ${form} service worker`, async () => {
      const { answer, error } = await askWorker(script, type, "orders");
      deepStrictEqual(error, undefined);
      deepStrictEqual(
        { same: answer.same, other: answer.other, hits: answer.stats.hits, misses: answer.stats.misses, entries: answer.stats.entries },
        { same: true, other: true, hits: 1, misses: 2, entries: 2 },
      );
    });
  }

  test(`${browser}: the main entry cannot start in a service worker, which is why the inline one exists`, async () => {
    const { error } = await askWorker("/sw/main-entry.js", "module", "x");
    match(error ?? "", /ServiceWorker/);
  });
}
