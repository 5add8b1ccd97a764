// cache-resource/react with real react and react-dom in headless Chromium: the app in
// tests/react/ built with esbuild for production. Each way an entry leaves the cache (a
// clear, its ttl, LRU eviction, a failed validate, a global clear) makes the component
// showing it render again and build the value once more, and no more; a rejection reaches
// the error boundary.
import { test } from "node:test";
import { ok, strictEqual } from "node:assert/strict";
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";
import { serve } from "../../scripts/serve.mjs";
import { launch } from "./chromium.mjs";

const APP = fileURLToPath(new URL("../react/", import.meta.url));
const OUT = `${APP}out/`;

test("useCached renders again once per release, in a production React build", async () => {
  rmSync(OUT, { recursive: true, force: true });
  await esbuild.build({
    entryPoints: [`${APP}app.js`], bundle: true, minify: true, format: "esm", target: "es2022", outdir: OUT,
    define: { "process.env.NODE_ENV": '"production"' }, logLevel: "silent",
  });
  writeFileSync(`${OUT}index.html`, '<!doctype html><meta charset="utf-8"><div id="root"></div><script type="module" src="./app.js"></script>');
  mkdirSync(`${OUT}wasm`);
  copyFileSync(fileURLToPath(new URL("../../pkg/wasm/cache_resource_bg.wasm", import.meta.url)), `${OUT}wasm/cache_resource_bg.wasm`);

  const { server, url } = await serve(0);
  const browser = await launch();
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(`${url}tests/react/out/index.html`);
    const shows = (id, text) => page.waitForFunction(([i, t]) => document.getElementById(i)?.textContent === t, [id, text], { timeout: 5000 });
    const builds = () => page.evaluate(() => ({ ...window.app.builds }));
    const settle = () => page.waitForTimeout(150);

    await shows("a", "a v1");
    await shows("b", "b v1");
    await shows("lru", "lru v1");
    await shows("conn", "conn v1");
    await shows("report", "report v1");
    await shows("error", "model server down");

    // f.clear(...args): the component showing that entry builds it again; the other stays.
    await page.evaluate(() => window.app.loadModel.clear("a"));
    await shows("a", "a v2");
    await settle();
    strictEqual((await builds()).a, 2);
    strictEqual((await builds()).b, 1);

    // A cacheData function: the component's copy is its own, and a clear re-renders it.
    strictEqual((await page.evaluate(() => window.app.report("nov"))).month, "nov", "the component changed only its copy");
    await page.evaluate(() => window.app.report.clear("nov"));
    await shows("report", "report v2");
    await settle();
    strictEqual((await builds()).nov, 2);

    // LRU eviction by a call elsewhere (maxEntries: 1).
    await page.evaluate(() => window.app.lru("q"));
    await shows("lru", "lru v2");
    await settle();
    strictEqual((await builds())["lru p"], 2);

    // A failed validate on a call elsewhere releases the entry the component shows.
    await page.evaluate(async () => {
      (await window.app.connect.peek("db")).open = false;
      await window.app.connect("db");
    });
    await shows("conn", "conn v2");
    await settle();
    strictEqual((await builds()).db, 2);

    // A rejection reached the error boundary after one load, and React's retries of the
    // boundary did not start more.
    strictEqual((await builds()).failing, 1);
    // "Try again" after the error showed: the render loads again (and fails again).
    await page.evaluate(() => window.app.tryAgain());
    await page.waitForFunction(() => window.app.builds.failing === 2, null, { timeout: 5000 });
    await shows("error", "model server down");
    await settle();
    strictEqual((await builds()).failing, 2);

    // The ttl runs out (0.4 s): the timer releases the token, the component takes a new one,
    // once per expiry.
    const tokens = (await builds()).token;
    await page.waitForFunction((n) => window.app.builds.token === n + 1, tokens, { timeout: 5000 });
    await page.waitForTimeout(200);
    ok((await builds()).token <= tokens + 2, "one new token per 0.4 s");

    // A global clear (as the inspector's button): every component builds once more.
    await page.evaluate(() => window.app.cacheResource.clear());
    await shows("a", "a v3");
    await shows("b", "b v2");
    await shows("lru", "lru v3");
    await settle();
    const after = await builds();
    strictEqual(after.a, 3);
    strictEqual(after.b, 2);
    strictEqual(after["lru p"], 3);
    strictEqual(errors.join("\n"), "", "no uncaught errors");
  } finally {
    await browser.close();
    server.close();
  }
});
