// A persisted cacheData hit after a reload, in headless Chromium with its real IndexedDB,
// against reading the same records by hand. Each call after the reload is a miss in
// memory: cacheData reads its record (a transaction per call), keeps it and hands out a
// copy. Usage: npm run build && node bench/data-browser.mjs [runs]
import { serve } from "../scripts/serve.mjs";
import { launch } from "../tests/browser/chromium.mjs";

const RUNS = Number(process.argv[2] ?? 3);
const KEYS = 200;

const PAGE = `<!doctype html>
<script type="importmap">{ "imports": { "cache-resource": "/pkg/index.js" } }</script>
<script type="module">
import { cacheData } from "cache-resource";
const table = (rows) => Array.from({ length: rows }, (_, i) => ({ id: i, name: "row " + i, price: i * 1.25, tags: ["a", "b"], active: i % 2 === 0 }));
const report = cacheData(async function persistedReport(k) { return table(100); }, { persist: "disk", showSpinner: false });
const request = (r) => new Promise((resolve, reject) => { r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error); });
const rawDb = () => new Promise((resolve, reject) => {
  const r = indexedDB.open("raw-bench", 1);
  r.onupgradeneeded = () => r.result.createObjectStore("rows");
  r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error);
});
window.write = async (keys) => {
  for (let k = 0; k < keys; k++) await report(k);
  const db = await rawDb();
  for (let k = 0; k < keys; k++) await request(db.transaction("rows", "readwrite").objectStore("rows").put(table(100), k));
  await new Promise((r) => setTimeout(r, 500)); // cacheData's writes land
};
window.read = async (keys) => {
  const us = (t0) => ((performance.now() - t0) * 1000) / keys;
  let t0 = performance.now();
  for (let k = 0; k < keys; k++) await report(k);
  const ours = us(t0);
  const db = await rawDb();
  t0 = performance.now();
  for (let k = 0; k < keys; k++) await request(db.transaction("rows").objectStore("rows").get(k));
  const raw = us(t0);
  t0 = performance.now();
  for (let k = 0; k < keys; k++) structuredClone(await request(db.transaction("rows").objectStore("rows").get(k)));
  const rawCopy = us(t0);
  t0 = performance.now();
  for (let k = 0; k < keys; k++) await report(k); // now in memory
  const memory = us(t0);
  return { ours, raw, rawCopy, memory };
};
document.body.dataset.ready = "true";
</script>`;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const { server, url } = await serve(0);
const browser = await launch();
const samples = { ours: [], raw: [], rawCopy: [], memory: [] };
try {
  for (let run = 0; run < RUNS; run++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.route("**/bench/data.html", (route) => route.fulfill({ contentType: "text/html", body: PAGE }));
    const ready = () => page.waitForFunction(() => document.body?.dataset.ready === "true");
    await page.goto(`${url}bench/data.html`);
    await ready();
    await page.evaluate((k) => window.write(k), KEYS);
    await page.reload();
    await ready();
    const r = await page.evaluate((k) => window.read(k), KEYS);
    for (const name of Object.keys(samples)) samples[name].push(r[name]);
    await context.close();
  }
} finally {
  await browser.close();
  server.close();
}
const f = (x) => median(x).toFixed(0);
console.log(`# A persisted cacheData hit after a reload, headless Chromium, µs per call, median of ${RUNS} runs of ${KEYS} keys (a 100-row table each)\n`);
console.log("| cacheData, read back from IndexedDB (a copy) | the same record read by hand | by hand, then structuredClone | cacheData, then from memory |");
console.log("| ---: | ---: | ---: | ---: |");
console.log(`| ${f(samples.ours)} | ${f(samples.raw)} | ${f(samples.rawCopy)} | ${f(samples.memory)} |`);
