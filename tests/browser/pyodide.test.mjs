// The Python front end in Pyodide in headless Chromium, where in-browser Python apps run:
// Pyodide from node_modules (served locally, no network), the installer from pkg/. What
// only a page has is checked first: an async Python function shows the accessible spinner
// while it runs, and Python and JavaScript share the page's one registry. Then the whole
// Python suite runs in the page.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { serve } from "../../scripts/serve.mjs";
import { launch } from "./chromium.mjs";

test("cache_resource in Pyodide in Chromium: spinner, compute once, shared registry", async () => {
  const { server, url } = await serve(0);
  const browser = await launch();
  try {
    const page = await browser.newPage();
    await page.goto(`${url}tests/browser/cases.html`);
    const result = await page.evaluate(async () => {
      const { loadPyodide } = await import("/node_modules/pyodide/pyodide.mjs");
      const { installCacheResource } = await import("/pkg/pyodide.js");
      const { cacheResource } = await import("/pkg/index.js");
      const pyodide = await loadPyodide({ indexURL: "/node_modules/pyodide/" });
      installCacheResource(pyodide);
      await pyodide.runPythonAsync(`
from cache_resource import cache_resource
import asyncio
runs = []
@cache_resource(ttl="1h")
async def slow_load(name):
    runs.append(name)
    await asyncio.sleep(0.4)
    return {"name": name}
`);
      const first = pyodide.runPythonAsync("a, b = await asyncio.gather(slow_load('m'), slow_load('m'))");
      await new Promise((r) => setTimeout(r, 150));
      const spinner = document.querySelector('[role="status"]')?.textContent ?? null;
      await first;
      const after = document.querySelector('[role="status"]');
      const shared = pyodide.runPython("a is b and len(runs) == 1");
      const hitIsSame = await pyodide.runPythonAsync("(await slow_load('m')) is a and len(runs) == 1");
      const stats = cacheResource.stats().functions.find((f) => f.name === "slow_load");
      cacheResource.clear();
      const clearedFromJs = pyodide.runPython("slow_load.stats()['entries']");
      return { spinner, spinnerGone: after === null, shared, hitIsSame, stats: { hits: stats.hits, misses: stats.misses }, clearedFromJs };
    });
    assert.match(result.spinner ?? "", /Running slow_load\(\.\.\.\)/); // the name is set in <code>
    assert.equal(result.spinnerGone, true);
    assert.equal(result.shared, true);
    assert.equal(result.hitIsSame, true, "a hit: the same value, and the 0.4 s body did not run again");
    assert.deepEqual(result.stats, { hits: 2, misses: 1 });
    assert.equal(result.clearedFromJs, 0);
  } finally {
    await browser.close();
    server.close();
  }
});

test("cache_data(persist=\"disk\") in Chromium: a reload of the page reads the pickle back from IndexedDB", async () => {
  const { server, url } = await serve(0);
  const browser = await launch();
  try {
    const page = await browser.newPage();
    // What one page load does: Pyodide, the module, a persisted function, a call; the
    // count of real calls lives in localStorage, which outlives the reload.
    const load = () =>
      page.evaluate(async () => {
        const { loadPyodide } = await import("/node_modules/pyodide/pyodide.mjs");
        const { installCacheResource } = await import("/pkg/pyodide.js");
        const pyodide = await loadPyodide({ indexURL: "/node_modules/pyodide/" });
        installCacheResource(pyodide);
        const value = await pyodide.runPythonAsync(`
from cache_resource import cache_data
from js import localStorage
import asyncio

@cache_data(persist="disk", ttl="1h")
async def report(month):
    localStorage.setItem("runs", str(int(localStorage.getItem("runs") or 0) + 1))
    return {"month": month, "rows": [(1, "a"), (2, "b")]}

mine = await report("2026-11")
mine["rows"].append("mutated")
theirs = await report("2026-11")
str(theirs)
`);
        await new Promise((r) => setTimeout(r, 300)); // the IndexedDB write lands
        return { value, runs: localStorage.getItem("runs") };
      });
    await page.goto(`${url}tests/browser/cases.html`);
    const first = await load();
    await page.reload();
    const second = await load();
    assert.equal(first.value, "{'month': '2026-11', 'rows': [(1, 'a'), (2, 'b')]}");
    assert.equal(second.value, first.value, "the same value, tuples and all");
    assert.equal(second.runs, "1", "the reload read the pickle back instead of running the function");
  } finally {
    await browser.close();
    server.close();
  }
});

// The whole Python suite (tests/python/test_cache_resource.py) in the page too: the same
// cases that run in Pyodide under Node, one node:test test each.
const names = [...readFileSync(new URL("../python/test_cache_resource.py", import.meta.url), "utf8").matchAll(/^(?:async )?def (test_\w+)\(/gm)]
  .map((m) => m[1]);
let suite;

test("the Python suite runs in Pyodide in Chromium", async () => {
  const { server, url } = await serve(0);
  const browser = await launch();
  try {
    const page = await browser.newPage();
    await page.goto(`${url}tests/browser/cases.html`);
    suite = await page.evaluate(async () => {
      const { loadPyodide } = await import("/node_modules/pyodide/pyodide.mjs");
      const { installCacheResource } = await import("/pkg/pyodide.js");
      const pyodide = await loadPyodide({ indexURL: "/node_modules/pyodide/" });
      installCacheResource(pyodide);
      // The page's cacheResource, for the cases that act from JavaScript's side.
      const { cacheResource } = await import("cache-resource");
      pyodide.registerJsModule("_test_js", { cacheResource });
      // Written to a file so inspect.getsource works there, as it does for a user's modules.
      pyodide.FS.writeFile("/home/pyodide/test_cache_resource.py", await (await fetch("/tests/python/test_cache_resource.py")).text());
      const tests = pyodide.runPython("import test_cache_resource as t\n[n for n in dir(t) if n.startswith('test_')]").toJs();
      const results = {};
      for (const name of tests) {
        try {
          await pyodide.runPythonAsync(`import inspect, test_cache_resource as t\nr = t.${name}()\nif inspect.iscoroutine(r):\n    await r`);
          results[name] = null;
        } catch (e) {
          results[name] = String(e.message).slice(-600);
        }
      }
      return results;
    });
  } finally {
    await browser.close();
    server.close();
  }
  assert.deepEqual(Object.keys(suite).sort(), [...names].sort(), "every Python test ran");
});

for (const name of names) {
  test(`python in chromium: ${name}`, () => {
    if (suite === undefined) throw new Error("the suite did not run");
    if (suite[name] !== null) throw new Error(suite[name]);
  });
}
