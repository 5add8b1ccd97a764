// cache-resource against the JavaScript memoizers, same workloads, same process, same run.
// Usage: npm run build && node --expose-gc bench/run.mjs [runs]   (see bench/README.md)
import { readFileSync, readdirSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { createRequire } from "node:module";
import { cacheResource } from "cache-resource";
import { concurrency, configure, correctnessTable, expiry, hitWorkloads, key, syncPeers } from "./workloads.mjs";

const RUNS = Number(process.argv[2] ?? 5);
// BENCH_ONLY=expiry,memory runs only those sections (names as in the list at the end).
const ONLY = process.env.BENCH_ONLY?.split(",");
const wanted = (name) => !ONLY || ONLY.includes(name);

function memory() {
  if (!globalThis.gc) {
    console.log("\n(memory per entry: run with node --expose-gc)");
    return;
  }
  const N = 100_000;
  const shared = {};
  const wasmBytes = () => cacheResource.stats().memoryBytes;
  console.log("\n### Memory per live entry (100,000 entries, numeric key, one shared value; one run)\n");
  console.log("| library | bytes/entry |\n| --- | ---: |");
  for (const p of syncPeers) {
    if (p.name.startsWith("moize")) {
      // moize finds keys by a linear scan: 100,000 inserts take minutes.
      console.log(`| ${p.name} | not run: filling it is O(n²) |`);
      continue;
    }
    gc();
    const before = process.memoryUsage().heapUsed + wasmBytes();
    const f = p.make((x) => shared, { key: key(), max: 1_000_000 });
    for (let i = 0; i < N; i++) f(i);
    gc();
    const after = process.memoryUsage().heapUsed + wasmBytes();
    console.log(`| ${p.name} | ${Math.round((after - before) / N)} |`);
    globalThis.__keep = f; // alive until measured
  }
  console.log("\ncache-resource's figure is JS heap plus the growth of its wasm memory (which grows in 64 KB pages).");
}

function sizes() {
  const require = createRequire(import.meta.url);
  const gz = (buf) => gzipSync(buf, { level: 9 }).length;
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  console.log("\n### Size\n");
  console.log("| package | what | raw | gzipped |\n| --- | --- | ---: | ---: |");
  const pkg = new URL("../pkg/", import.meta.url);
  const files = [...readdirSync(pkg).filter((f) => f.endsWith(".js")).map((f) => new URL(f, pkg)), new URL("wasm/cache_resource.js", pkg), new URL("wasm/cache_resource_bg.wasm", pkg)];
  const all = Buffer.concat(files.map((f) => readFileSync(f)));
  const wasm = readFileSync(new URL("wasm/cache_resource_bg.wasm", pkg));
  console.log(`| cache-resource | everything a browser downloads (JS + wasm) | ${kb(all.length)} | ${kb(files.reduce((s, f) => s + gz(readFileSync(f)), 0))} |`);
  console.log(`| cache-resource | of which the wasm module | ${kb(wasm.length)} | ${kb(gz(wasm))} |`);
  for (const name of ["memoizee", "moize", "micro-memoize", "fast-memoize", "p-memoize", "lru-cache"]) {
    let entry;
    try {
      entry = require.resolve(name);
    } catch {
      entry = new URL(`../node_modules/${name}/${JSON.parse(readFileSync(new URL(`../node_modules/${name}/package.json`, import.meta.url))).exports?.default ?? "dist/index.js"}`, import.meta.url).pathname;
    }
    const buf = readFileSync(entry);
    console.log(`| ${name} | entry file only (its own imports not counted) | ${kb(buf.length)} | ${kb(gz(buf))} |`);
  }
}

configure({ runs: RUNS });
console.log(`# cache-resource vs JavaScript memoizers — Node ${process.version}, ${RUNS} runs, medians (min–max)`);
if (wanted("correctness")) correctnessTable();
if (wanted("memory")) memory(); // first, while wasm memory has not yet grown for other workloads
if (wanted("hits")) await hitWorkloads();
if (wanted("concurrency")) await concurrency();
if (wanted("expiry")) await expiry();
if (wanted("sizes")) sizes();
