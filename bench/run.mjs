// cache-resource against the JavaScript memoizers, same workloads, same process, same run.
// Usage: npm run build && node --expose-gc bench/run.mjs [runs]   (see bench/README.md)
import { bundled, bundledPackage, publishedFiles } from "../scripts/package-size.mjs";
import { cacheResource } from "cache-resource";
import { concurrency, configure, correctnessTable, expiry, hitWorkloads, key, syncPeers } from "./workloads.mjs";

const RUNS = Number(process.argv[2] ?? 5);
// BENCH_ONLY=expiry,memory runs only those sections (names as in the list at the end);
// BENCH_HITS=zipf runs only the hit workloads whose titles contain that text.
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

async function sizes() {
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  console.log("\n### Size (bundled with esbuild, minified; gzip level 9)\n");
  console.log("| package | what | raw | gzipped |\n| --- | --- | ---: | ---: |");
  const { js, wasm } = await bundled();
  console.log(`| cache-resource | JS + wasm, everything a browser downloads | ${kb(js.raw + wasm.raw)} | ${kb(js.gzip + wasm.gzip)} |`);
  console.log(`| cache-resource | of which the wasm module | ${kb(wasm.raw)} | ${kb(wasm.gzip)} |`);
  const published = publishedFiles();
  console.log(`| cache-resource | as published, unbundled (entry's import graph + wasm) | ${kb(published.reduce((s, f) => s + f.raw, 0))} | ${kb(published.reduce((s, f) => s + f.gzip, 0))} |`);
  for (const name of ["memoizee", "moize", "micro-memoize", "fast-memoize", "p-memoize", "lru-cache"]) {
    const size = await bundledPackage(name);
    console.log(`| ${name} | the whole package with its dependencies | ${kb(size.raw)} | ${kb(size.gzip)} |`);
  }
}

configure({ runs: RUNS, hits: process.env.BENCH_HITS });
console.log(`# cache-resource vs JavaScript memoizers — Node ${process.version}, ${RUNS} runs, medians (min–max)`);
if (wanted("correctness")) correctnessTable();
if (wanted("memory")) memory(); // first, while wasm memory has not yet grown for other workloads
if (wanted("hits")) await hitWorkloads();
if (wanted("concurrency")) await concurrency();
if (wanted("expiry")) await expiry();
if (wanted("sizes")) await sizes();
