// IndexedDB against the Origin Private File System for what cacheData persists, in headless
// Chromium: a value written, then read back and rebuilt, for a small table, a large table
// and a large typed array. IndexedDB stores structured clones as they are; OPFS stores
// bytes, so a value goes through JSON (a table) or its raw bytes (a typed array).
// Usage: node bench/storage-browser.mjs [runs]
import { serve } from "../scripts/serve.mjs";
import { launch } from "../tests/browser/chromium.mjs";

const RUNS = Number(process.argv[2] ?? 3);
const PAGE = `<!doctype html><script type="module">
const table = (rows) => Array.from({ length: rows }, (_, i) => ({ id: i, name: "row " + i, price: i * 1.25, tags: ["a", "b"] }));
const values = { "100-row table": table(100), "50,000-row table": table(50_000), "8 MB Float64Array": new Float64Array(1 << 20).map((_, i) => i) };
const request = (r) => new Promise((resolve, reject) => { r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error); });
const db = await new Promise((resolve, reject) => {
  const r = indexedDB.open("storage-bench", 1);
  r.onupgradeneeded = () => r.result.createObjectStore("v");
  r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error);
});
const root = await navigator.storage.getDirectory();
const ms = async (f) => { const t0 = performance.now(); await f(); return performance.now() - t0; };
window.run = async () => {
  const out = {};
  for (const [name, v] of Object.entries(values)) {
    const binary = v instanceof Float64Array;
    const idbWrite = await ms(() => request(db.transaction("v", "readwrite").objectStore("v").put(v, name)));
    const idbRead = await ms(() => request(db.transaction("v").objectStore("v").get(name)));
    const file = await root.getFileHandle(name.replace(/\\W/g, "_"), { create: true });
    const opfsWrite = await ms(async () => {
      const w = await file.createWritable();
      await w.write(binary ? v.buffer : JSON.stringify(v));
      await w.close();
    });
    const opfsRead = await ms(async () => {
      const f = await file.getFile();
      binary ? new Float64Array(await f.arrayBuffer()) : JSON.parse(await f.text());
    });
    out[name] = { idbWrite, idbRead, opfsWrite, opfsRead };
  }
  return out;
};
document.title = "ready";
</script>`;

const { server, url } = await serve(0);
const browser = await launch();
const samples = {};
try {
  for (let run = 0; run < RUNS; run++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.route("**/bench/storage.html", (route) => route.fulfill({ contentType: "text/html", body: PAGE }));
    await page.goto(`${url}bench/storage.html`);
    await page.waitForFunction(() => document.title === "ready");
    const r = await page.evaluate(() => window.run());
    for (const [name, m] of Object.entries(r)) for (const [k, v] of Object.entries(m)) ((samples[name] ??= {})[k] ??= []).push(v);
    await context.close();
  }
} finally {
  await browser.close();
  server.close();
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const f = (xs) => median(xs).toFixed(2);
console.log(`# Storage for persisted data, headless Chromium, ms, median of ${RUNS}\n`);
console.log("| value | IndexedDB write | IndexedDB read | OPFS write | OPFS read |");
console.log("| --- | ---: | ---: | ---: | ---: |");
for (const [name, m] of Object.entries(samples)) console.log(`| ${name} | ${f(m.idbWrite)} | ${f(m.idbRead)} | ${f(m.opfsWrite)} | ${f(m.opfsRead)} |`);
