// The demo page as a newcomer uses it, in Debian's Chromium: every section clicked through,
// what the page and the inspector show asserted, screenshots saved in test-results/demo/.
import { test, before, after } from "node:test";
import { deepStrictEqual, strictEqual, match, ok } from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { serve } from "../../scripts/serve.mjs";
import { launch } from "./chromium.mjs";
import { indexedDbSettled } from "./indexeddb-settled.mjs";

const SHOTS = new URL("../../test-results/demo/", import.meta.url);
let server, url, browser, page;
const errors = [];

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  ({ server, url } = await serve(0));
  browser = await launch();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(url);
  await page.waitForSelector("body[data-ready=true]");
});

after(async () => {
  await browser?.close();
  server?.close();
});

/** axe-core's WCAG checks on the page as it is now: no violation, of any impact. */
async function accessible(when) {
  if (!(await page.evaluate(() => typeof axe === "object"))) {
    await page.addScriptTag({ path: fileURLToPath(new URL("../../node_modules/axe-core/axe.min.js", import.meta.url)) });
  }
  const { violations } = await page.evaluate(() => axe.run(document, { resultTypes: ["violations"] }));
  const report = violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  deepStrictEqual(report, [], `axe-core ${when}`);
}

const shot = (name) => page.screenshot({ path: new URL(`${name}.png`, SHOTS).pathname, fullPage: true });
const inspectorRows = (fn) => page.$$eval(`.cri-cache[data-function="${fn}"] tbody tr`, (rows) => rows.map((r) => ({ label: r.cells[0].textContent, expires: r.cells[2].textContent, state: r.dataset.state })));
const inspectorMeta = (fn) => page.$eval(`.cri-cache[data-function="${fn}"] .cri-meta`, (m) => m.textContent);

async function load(size) {
  await page.selectOption("#size", String(size));
  await page.click("#load");
}
async function loaded() {
  await page.waitForFunction(() => /same object/.test(document.querySelector("#result").textContent));
  return page.$eval("#result", (el) => ({ text: el.textContent, same: el.dataset.same }));
}

test("the page and its empty inspector pass axe-core", async () => {
  await accessible("before anything is cached");
});

test("1: the model shows a spinner with elapsed time, then is served instantly as the same object", async () => {
  await load(8000000);
  const spinner = await page.waitForSelector(".cache-resource-spinner[role=status]");
  match(await spinner.textContent(), /Running loadModel\(\.\.\.\)\.\(\d+\.\d s\)/);
  strictEqual((await inspectorRows("loadModel"))[0].state, "pending", "the inspector shows it in flight");
  await shot("1-loading");
  await accessible("with the spinner and a pending entry");
  const first = await loaded();
  match(first.text, /539,777 primes below 8,000,000/);
  strictEqual(first.same, "n/a");
  strictEqual(await page.$$eval(".cache-resource-spinner", (s) => s.length), 0, "spinner gone when done");
  await page.evaluate(() => (document.querySelector("#result").textContent = ""));
  await load(8000000);
  strictEqual((await loaded()).same, "yes");
  // The inspector renders in the next animation frame after the hit.
  await page.waitForFunction(() => /hits 1 · misses 1/.test(document.querySelector('.cri-cache[data-function="loadModel"] .cri-meta').textContent), null, { timeout: 5_000 })
    .catch(async () => match(await inspectorMeta("loadModel"), /hits 1 · misses 1/));
});

test("1: a third size evicts the least recently used one (maxEntries: 2)", async () => {
  for (const size of [2000000, 5000000]) {
    await page.evaluate(() => (document.querySelector("#result").textContent = ""));
    await load(size);
    await loaded();
  }
  await page.waitForFunction(() => /evicted 1/.test(document.querySelector('.cri-cache[data-function="loadModel"] .cri-meta').textContent));
  const rows = await inspectorRows("loadModel");
  strictEqual(rows.length, 2);
  strictEqual(rows.map((r) => r.label).join(" | "), "5000000 | 2000000", "most recent first; 8,000,000 evicted");
  match(await page.textContent("#log"), /released model 8,000,000/);
  await shot("2-evicted");
});

test("1: clearing one entry and the whole function", async () => {
  await page.selectOption("#size", "5000000");
  await page.click("#clear-one");
  await page.waitForFunction(() => document.querySelectorAll('.cri-cache[data-function="loadModel"] tbody tr').length === 1);
  await page.click("#clear-fn");
  await page.waitForSelector('.cri-cache[data-function="loadModel"] .cri-empty');
});

test("2: a token counts down in the inspector and expires on time", async () => {
  await page.click("#get-token");
  await page.waitForFunction(() => document.querySelector("#token-out").dataset.token === "tok-1");
  await page.waitForFunction(() => /^\d\.\d s$/.test(document.querySelector('.cri-cache[data-function="getToken"] tbody tr .cri-expires')?.textContent ?? ""));
  const before = parseFloat((await inspectorRows("getToken"))[0].expires);
  ok(before > 3 && before <= 6, `expires in ${before} s`);
  await page.waitForTimeout(1500);
  const after = parseFloat((await inspectorRows("getToken"))[0].expires);
  ok(after < before, `the countdown moved: ${before} -> ${after}`);
  await page.click("#get-token");
  await page.waitForTimeout(100);
  strictEqual(await page.$eval("#token-out", (o) => o.dataset.token), "tok-1", "same token while it lives");
  await shot("3-token");
  await page.waitForSelector('.cri-cache[data-function="getToken"] .cri-empty', { timeout: 10_000 });
  match(await page.textContent("#log"), /token tok-1 expired or cleared/);
  await page.click("#get-token");
  await page.waitForFunction(() => document.querySelector("#token-out").dataset.token === "tok-2");
});

test("3: validate notices a broken connection and reconnects", async () => {
  await page.click("#query");
  strictEqual(await page.$eval("#conn-out", (o) => o.dataset.conn), "1");
  await page.click("#query");
  strictEqual(await page.$eval("#conn-out", (o) => o.dataset.conn), "1", "cached");
  await page.click("#break");
  await page.click("#query");
  strictEqual(await page.$eval("#conn-out", (o) => o.dataset.conn), "2", "reconnected");
  match(await page.textContent("#log"), /connection #1 released/);
  await page.waitForFunction(() => /invalidated 1/.test(document.querySelector('.cri-cache[data-function="connect"] .cri-meta').textContent));
  await accessible("with entries of every function in the inspector");
});

test("4: the inspector's per-row clear and cacheResource.clear()", async () => {
  await page.evaluate(() => (document.querySelector("#result").textContent = ""));
  await load(2000000);
  await loaded();
  await page.waitForSelector('.cri-cache[data-function="loadModel"] tbody tr');
  await shot("4-all-sections");
  await page.click('.cri-cache[data-function="loadModel"] tbody tr button');
  await page.waitForSelector('.cri-cache[data-function="loadModel"] .cri-empty');
  await page.click("#clear-all");
  await page.waitForFunction(() => [...document.querySelectorAll(".cri-cache")].every((c) => c.querySelector(".cri-empty")));
  strictEqual(errors.length, 0, errors.join("; "));
});

test("5: the report survives a reload through IndexedDB, and its clear reaches storage", async () => {
  const run = async () => {
    await page.evaluate(() => delete document.querySelector("#report-out").dataset.source);
    await page.click("#report");
    await page.waitForFunction(() => document.querySelector("#report-out").dataset.source !== undefined, null, { timeout: 10_000 });
    return page.$eval("#report-out", (o) => o.dataset.source);
  };
  strictEqual(await run(), "ran");
  strictEqual(await run(), "cached", "from memory");
  const kind = await page.$eval('.cri-cache[data-function="monthlyReport"]', (c) => c.dataset.kind);
  strictEqual(kind, "data", "the inspector shows it as data");
  await indexedDbSettled(page); // the write lands after the call
  await page.reload();
  await page.waitForSelector("body[data-ready=true]");
  strictEqual(await run(), "cached", "read back from IndexedDB after the reload");
  await shot("5-data-after-reload");
  await accessible("with the data section");
  await page.click("#report-clear");
  await indexedDbSettled(page);
  await page.reload();
  await page.waitForSelector("body[data-ready=true]");
  strictEqual(await run(), "ran", "cleared from storage too");
  strictEqual(errors.length, 0, errors.join("; "));
});
