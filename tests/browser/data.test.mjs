// cacheData with persist in headless Chromium, with the real IndexedDB: a reload finds the
// entries written before it (within their ttl) without calling the function, two tabs of
// one origin share them and each other's clears, maxEntries bounds what is stored, and a
// storage that fails leaves calls working in memory with one warning.
import { test, before, after } from "node:test";
import { deepStrictEqual, match, strictEqual } from "node:assert/strict";
import { serve } from "../../scripts/serve.mjs";
import { launch } from "./chromium.mjs";
import { indexedDbSettled } from "./indexeddb-settled.mjs";

let server, url, browser;
before(async () => {
  ({ server, url } = await serve(0));
  browser = await launch();
});
after(async () => {
  await browser?.close();
  server?.close();
});

async function open(context, init) {
  const page = await context.newPage();
  if (init) await page.addInitScript(init);
  await page.goto(`${url}tests/browser/data.html`);
  await ready(page);
  return page;
}
const ready = (page) => page.waitForFunction(() => document.body?.dataset.ready === "true");
// Until the page's writes have landed, then a while: other tabs hear of a clear in a message
// with nothing to wait on, and records are ordered by the millisecond they were written in.
async function settle(page) {
  await indexedDbSettled(page);
  await page.waitForTimeout(150);
}

test("a reload within the ttl finds the entry without calling the function; past the ttl it runs again", async () => {
  const context = await browser.newContext();
  const page = await open(context);
  const first = await page.evaluate(async () => {
    const rows = await window.query("select 1");
    rows.rows.push("mutated by the caller");
    return rows;
  });
  deepStrictEqual(first.rows.length, 3);
  await page.evaluate(() => window.shortLived("x"));
  await settle(page);
  await page.reload();
  await ready(page);
  const again = await page.evaluate(async () => ({ rows: await window.query("select 1"), calls: window.calls("query") }));
  strictEqual(again.calls, 1, "read back from IndexedDB");
  deepStrictEqual(again.rows.rows, [[1, "a"], [2, "b"]], "as written, not as the caller mutated it");
  await page.waitForTimeout(350); // past shortLived's 0.3 s ttl
  await page.reload();
  await ready(page);
  strictEqual(await page.evaluate(async () => (await window.shortLived("x"), window.calls("shortLived"))), 2, "expired: computed again");
  await context.close();
});

test("a sync function's records are read when it is wrapped", async () => {
  const context = await browser.newContext();
  const page = await open(context);
  await page.evaluate(() => window.parse("a,b,c"));
  await settle(page);
  await page.reload();
  await ready(page);
  await settle(page);
  deepStrictEqual(await page.evaluate(() => [window.parse("a,b,c"), window.calls("parse")]), [["a", "b", "c"], 1]);
  await context.close();
});

test("two tabs share entries, and a clear in one reaches the other", async () => {
  const context = await browser.newContext();
  const a = await open(context);
  const b = await open(context);
  await a.evaluate(() => window.query("shared"));
  await settle(a);
  strictEqual(await b.evaluate(async () => (await window.query("shared"), window.calls("query"))), 1, "tab b read tab a's write");
  await a.evaluate(() => window.query.clear("shared"));
  await settle(a);
  strictEqual(await b.evaluate(async () => (await window.query("shared"), window.calls("query"))), 2, "cleared in both: computed again");
  await b.evaluate(() => window.query("kept"));
  await settle(b);
  await a.evaluate(() => window.cacheData.clear());
  await settle(a);
  strictEqual(await b.evaluate(async () => (await window.query("kept"), window.calls("query"))), 4, "cacheData.clear() in a emptied b too");
  await context.close();
});

test("maxEntries bounds the stored records too", async () => {
  const context = await browser.newContext();
  const page = await open(context);
  for (const q of ["1", "2", "3"]) {
    await page.evaluate((x) => window.bounded(x), q);
    await settle(page);
  }
  await page.reload();
  await ready(page);
  const calls = await page.evaluate(async () => {
    const counts = [];
    for (const q of ["2", "3", "1"]) counts.push((await window.bounded(q), window.calls("bounded")));
    return counts;
  });
  deepStrictEqual(calls, [3, 3, 4], "the two newest were read back; the oldest record was dropped and ran again");
  await context.close();
});

test("when storage fails (quota), calls go on in memory with one warning", async () => {
  const context = await browser.newContext();
  const page = await open(context, () => {
    IDBObjectStore.prototype.put = function () {
      throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
    };
  });
  const warnings = [];
  page.on("console", (m) => m.type() === "warning" && warnings.push(m.text()));
  const result = await page.evaluate(async () => {
    const one = await window.query("q1");
    const two = await window.query("q2");
    return [one.q, two.q, await window.query("q1").then((r) => r.q), window.calls("query")];
  });
  deepStrictEqual(result, ["q1", "q2", "q1", 2]);
  await settle(page);
  strictEqual(warnings.filter((w) => /IndexedDB/.test(w)).length, 1);
  match(warnings[0], /kept in memory only/);
  await context.close();
});
