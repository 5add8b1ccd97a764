import { cacheData, cacheResource } from "cache-resource";
import { mountInspector } from "cache-resource/inspector";

const $ = (id) => document.getElementById(id);

function log(text) {
  const li = document.createElement("li");
  li.textContent = text;
  $("log").prepend(li);
}

// Mounted first, so it records the arguments of every entry the page stores.
mountInspector($("inspector"));

// ---- 1. The model: a prime sieve in 250k-number chunks, yielding between them so the
// spinner (with elapsed time) can paint. Its cost grows with `size`.
const loadModel = cacheResource(async function loadModel(size) {
  const composite = new Uint8Array(size);
  let count = 0;
  for (let start = 2; start < size; start += 250_000) {
    const end = Math.min(size, start + 250_000);
    for (let i = start; i < end; i++) {
      if (composite[i]) continue;
      count++;
      for (let j = i * i; j < size; j += i) composite[j] = 1;
    }
    await new Promise((r) => setTimeout(r, 0));
  }
  return { size, primes: count, builtAt: new Date().toLocaleTimeString() };
}, { maxEntries: 2, showTime: true, onRelease: (m) => log(`released model ${m.size.toLocaleString()}`) });

const lastModel = new Map();
$("load").addEventListener("click", async () => {
  const size = Number($("size").value);
  $("result").textContent = "Loading…";
  const t0 = performance.now();
  const model = await loadModel(size);
  const ms = performance.now() - t0;
  const same = lastModel.has(size) ? (lastModel.get(size) === model ? "yes" : "no") : "n/a";
  lastModel.set(size, model);
  $("result").textContent =
    `${model.primes.toLocaleString()} primes below ${size.toLocaleString()} (built at ${model.builtAt}) ` +
    `in ${ms.toFixed(1)} ms; same object as last time: ${same}`;
  Object.assign($("result").dataset, { same, ms: ms.toFixed(3) });
  log(`loadModel(${size}) → ${ms.toFixed(1)} ms, same object: ${same}`);
});
$("clear-one").addEventListener("click", () => {
  const size = Number($("size").value);
  loadModel.clear(size);
  log(`loadModel.clear(${size})`);
});
$("clear-fn").addEventListener("click", () => {
  loadModel.clear();
  log("loadModel.clear()");
});

// ---- 2. A token that lives 6 seconds.
let issued = 0;
const getToken = cacheResource(async function getToken(user) {
  await new Promise((r) => setTimeout(r, 300)); // the round trip to an auth server
  return { user, token: `tok-${++issued}`, issuedAt: new Date().toLocaleTimeString() };
}, { ttl: "6s", onRelease: (t) => log(`token ${t.token} expired or cleared`) });

$("get-token").addEventListener("click", async () => {
  const t = await getToken($("user").value);
  $("token-out").textContent = `${t.user}: ${t.token} (issued ${t.issuedAt})`;
  $("token-out").dataset.token = t.token;
});

// ---- 3. A connection that can break, guarded by validate.
let opened = 0;
const connect = cacheResource(function connect(url) {
  return { url, id: ++opened, open: true };
}, {
  validate: (c) => c.open,
  onRelease: (c) => log(`connection #${c.id} released (validate failed or cleared)`),
});
const DB = "wss://db.example/app";

$("query").addEventListener("click", () => {
  const c = connect(DB);
  $("conn-out").textContent = `query ran on connection #${c.id}`;
  $("conn-out").dataset.conn = String(c.id);
});
$("break").addEventListener("click", () => {
  connect(DB).open = false;
  $("conn-out").textContent = "the connection dropped (validate will notice)";
  log("connection broken");
});

// ---- 4. Everything.
$("clear-all").addEventListener("click", () => {
  cacheResource.clear();
  log("cacheResource.clear()");
});


// ---- 5. A slow report kept as data, in memory and in IndexedDB: a reload within its ttl
// reads it back instead of running it again.
const report = cacheData(async function monthlyReport(month) {
  await new Promise((r) => setTimeout(r, 1500)); // a slow query
  return { month, rows: 1_234, total: 98_765.43, ranAt: new Date().toLocaleTimeString() };
}, { persist: "disk", ttl: "10m", showTime: true });

$("report").addEventListener("click", async () => {
  $("report-out").textContent = "Running…";
  const t0 = performance.now();
  const r = await report("2026-11");
  const ms = performance.now() - t0;
  const source = ms > 1000 ? "ran the query" : "from the cache (memory or IndexedDB)";
  $("report-out").textContent = `${r.rows.toLocaleString()} rows, total ${r.total.toLocaleString()} (ran at ${r.ranAt}) in ${ms.toFixed(0)} ms: ${source}`;
  Object.assign($("report-out").dataset, { source: ms > 1000 ? "ran" : "cached" });
  log(`report("2026-11") → ${ms.toFixed(0)} ms, ${source}`);
});
$("report-clear").addEventListener("click", () => {
  report.clear();
  log("report.clear(): memory and IndexedDB");
});
$("clear-data").addEventListener("click", () => {
  cacheData.clear();
  log("cacheData.clear()");
});

document.body.dataset.ready = "true";
