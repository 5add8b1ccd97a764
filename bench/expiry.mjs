// Expiry at scale: releasing 100,000 entries as they fall due, and the cost of a hit with
// 100,000 live entries against 10. Usage: node bench/expiry.mjs [runs]
import { cacheResource } from "cache-resource";
import { fmt, nsPerOp, summarize } from "./stats.mjs";

const RUNS = Number(process.argv[2] ?? 5);
const N = 100_000;

async function expiryFiring(run) {
  let released = 0;
  let first = 0;
  let last = 0;
  const f = cacheResource((i) => ({ i }), {
    key: `expiry-${run}`,
    ttl: 0.3,
    onRelease: () => {
      const now = performance.now();
      if (released++ === 0) first = now;
      last = now;
    },
  });
  const t0 = performance.now();
  for (let i = 0; i < N; i++) f(i);
  const insertMs = performance.now() - t0;
  while (released < N) await new Promise((r) => setTimeout(r, 50));
  return { insertNs: (insertMs * 1e6) / N, firingMs: last - first };
}

function hitNs(live, run) {
  const f = cacheResource((a, b, c) => ({ a, b, c }), { key: `hits-${live}-${run}`, ttl: "1h" });
  for (let i = 0; i < live; i++) f(i, "tenant", true);
  const hot = 10; // hit keys cycle through the first ten entries in both cases
  const ns = nsPerOp((i) => f(i % hot, "tenant", true), 2_000_000);
  f.clear();
  return ns;
}

const firings = [];
const inserts = [];
const hits10 = [];
const hits100k = [];
for (let run = 0; run < RUNS; run++) {
  const { insertNs, firingMs } = await expiryFiring(run);
  firings.push(firingMs);
  inserts.push(insertNs);
  hits10.push(hitNs(10, run));
  hits100k.push(hitNs(N, run));
}

console.log(`cache-resource expiry benchmark, Node ${process.version}, ${RUNS} runs, median (min–max)`);
console.log(`  miss + insert with a ttl, 100,000 keys:      ${fmt(summarize(inserts))} ns/entry`);
// Each entry's ttl counts from its own insert: they fall due over as long as the inserts took.
console.log(`  100,000 entries released, first to last:     ${fmt(summarize(firings))} ms (onRelease included)`);
console.log(`  hit (3 primitive args), 10 live entries:      ${fmt(summarize(hits10))} ns`);
console.log(`  hit (3 primitive args), 100,000 live entries: ${fmt(summarize(hits100k))} ns`);
