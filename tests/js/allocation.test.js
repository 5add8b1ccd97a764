// What cached calls allocate, counted in bytes of V8's young generation, so the machine's
// speed plays no part (any allocation per call is at least 16 bytes, one heap number).
// Hits with primitives allocate nothing, so a render loop or an animation frame that
// calls a cached function makes no garbage, even where V8 does not inline the wrapper (a
// call site that calls many functions, as here); and an eviction under maxEntries adds
// nothing to the miss that caused it.
import { test } from "node:test";
import { ok } from "node:assert/strict";
import { getHeapSpaceStatistics } from "node:v8";
import { cacheResource } from "cache-resource";

const youngBytes = () => getHeapSpaceStatistics().find((s) => s.space_name === "new_space").space_used_size;

const pause = () => new Promise((resolve) => setTimeout(resolve, 20));

/**
 * The fewest bytes `calls` calls of `fn` allocated, over up to `tries` tries after `warm`
 * calls, per call. Between tries the event loop runs, so the compiler's background work
 * and the test runner's own messages land outside a try; an allocation on the hit path
 * shows in every try, whatever the machine's load.
 */
async function bytesPerCall(fn, calls = 10_000, warm = 100_000, tries = 20) {
  if (typeof globalThis.gc !== "function") throw new Error("run with --expose-gc, as npm test does");
  for (let i = 0; i < warm; i++) fn(i);
  let fewest = Infinity;
  for (let attempt = 0; attempt < tries && fewest >= 1; attempt++) {
    if (attempt > 0) await pause();
    globalThis.gc({ type: "minor" });
    const before = youngBytes();
    for (let i = 0; i < calls; i++) fn(i);
    const grown = youngBytes() - before;
    // A collection in between empties the young generation: that try says nothing.
    if (grown >= 0) fewest = Math.min(fewest, grown / calls);
  }
  return fewest;
}

// One call site for every cached function below, so V8 inlines none of their wrappers there.
const hit = (f, args) => f.apply(undefined, args);

test("hits with up to three primitive arguments allocate nothing", async () => {
  const tenant = (i) => `tenant-${i}`;
  const cases = [
    ["no arguments", cacheResource(() => ({}), { key: "alloc-none" }), () => []],
    ["one number", cacheResource((id) => ({ id }), { key: "alloc-one" }), (i) => [i]],
    ["three primitives", cacheResource((id, name, fresh) => ({ id, name, fresh }), { key: "alloc-three" }), (i) => [i, tenant(i), i % 2 === 0]],
    ["maxEntries (a hit is logged as recent use)", cacheResource((id, name) => ({ id, name }), { key: "alloc-bounded", maxEntries: 100 }), (i) => [i, tenant(i)]],
    ["an async function (its promise)", cacheResource(async (id) => ({ id }), { key: "alloc-async" }), (i) => [i]],
  ].map(([what, f, argsOf]) => [what, f, Array.from({ length: 10 }, (_, i) => argsOf(i))]);
  for (let i = 0; i < 1_000; i++) for (const [, f, lists] of cases) hit(f, lists[i % 10]);
  for (const [what, f, lists] of cases) {
    const bytes = await bytesPerCall((i) => hit(f, lists[i % 10]));
    ok(bytes < 2, `${what}: ${bytes.toFixed(1)} bytes per hit`);
  }
});

test("an eviction under maxEntries allocates nothing beyond the miss that caused it", async () => {
  const VALUE = {};
  const bounded = cacheResource((id) => VALUE, { key: "alloc-evicting", maxEntries: 10 });
  const unbounded = cacheResource((id) => VALUE, { key: "alloc-unbounded" });
  let next = 0;
  for (let i = 0; i < 50_000; i++) {
    hit(bounded, [next++]);
    hit(unbounded, [next++]);
  }
  // Misses that each evict, against misses into the slots a clear left free: 5 tries of
  // 5,000 fit in the 50,000, so nothing grows.
  const miss = (f) => () => hit(f, [next++]);
  const evicting = await bytesPerCall(miss(bounded), 5_000, 0, 5);
  unbounded.clear();
  const free = await bytesPerCall(miss(unbounded), 5_000, 0, 5);
  ok(evicting - free < 2, `a miss that evicts: ${evicting.toFixed(1)} bytes, one that does not: ${free.toFixed(1)}`);
});
