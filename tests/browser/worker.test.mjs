// The package in a Web Worker in headless Chromium: it instantiates its wasm there, caches,
// and shows no spinner (there is no DOM) without an error.
import { test } from "node:test";
import { deepStrictEqual } from "node:assert/strict";
import { serve } from "../../scripts/serve.mjs";
import { launch } from "./chromium.mjs";

test("cacheResource works in a module Web Worker", async () => {
  const { server, url } = await serve(0);
  const browser = await launch();
  try {
    const page = await browser.newPage();
    await page.goto(`${url}tests/browser/cases.html`);
    const result = await page.evaluate(
      () =>
        new Promise((resolve, reject) => {
          const worker = new Worker("/tests/browser/worker.js", { type: "module" });
          worker.onmessage = (e) => resolve(e.data);
          worker.onerror = (e) => reject(new Error(`worker error: ${e.message}`));
        }),
    );
    deepStrictEqual(
      { same: result.same, hits: result.stats.hits, misses: result.stats.misses, hasDocument: result.hasDocument },
      { same: true, hits: 1, misses: 1, hasDocument: false },
    );
  } finally {
    await browser.close();
    server.close();
  }
});
