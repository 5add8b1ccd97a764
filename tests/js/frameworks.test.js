// The Vue, Svelte and Solid examples (examples/frameworks/) with the real frameworks: each
// shows a cached call's value, follows its entry when it is cleared, evicted or expires,
// shows a rejection, and stops listening when its owner goes.
import { test } from "node:test";
import { deepStrictEqual, strictEqual } from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { effectScope } from "vue";
import { get } from "svelte/store";
import { cacheData, cacheResource } from "cache-resource";
import { useCached } from "../../examples/frameworks/vue.js";
import { cached } from "../../examples/frameworks/svelte.js";

const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));

function loader(key, options = {}) {
  let builds = 0;
  const fn = cacheResource(async function frameworkUser(id) {
    builds++;
    await tick();
    if (id < 0) throw new Error("no such user");
    return { id, build: builds };
  }, { key, showSpinner: false, ...options });
  return { fn, builds: () => builds };
}

test("Vue: the composable's ref follows its entry, and stops with its scope", async () => {
  const { fn, builds } = loader("vue");
  const scope = effectScope();
  const user = scope.run(() => useCached(fn, 1));
  strictEqual(user.value.loading, true);
  await tick(5);
  deepStrictEqual(user.value.value, { id: 1, build: 1 });
  fn.clear(1);
  await tick(5);
  deepStrictEqual(user.value.value, { id: 1, build: 2 }, "loaded again after the clear");
  const failing = scope.run(() => useCached(fn, -1));
  await tick(5);
  strictEqual(failing.value.error.message, "no such user");
  scope.stop();
  fn.clear(1);
  await tick(5);
  strictEqual(builds(), 3, "nothing listens after the scope stopped");
});

test("Vue with a cacheData function: a copy of its own, and the entry followed", async () => {
  let builds = 0;
  const rows = cacheData(async function frameworkRows(table) {
    builds++;
    return { table, rows: [1, 2], build: builds };
  }, { key: "vue-data", showSpinner: false });
  const scope = effectScope();
  const state = scope.run(() => useCached(rows, "t"));
  await tick(5);
  state.value.value.rows.push("changed by the view");
  deepStrictEqual((await rows("t")).rows, [1, 2], "the view changed its own copy");
  rows.clear("t");
  await tick(5);
  strictEqual(state.value.value.build, 2, "loaded again after the clear");
  scope.stop();
});

test("Svelte: the store follows its entry while subscribed (LRU eviction)", async () => {
  const { fn, builds } = loader("svelte", { maxEntries: 1 });
  const store = cached(fn, 1);
  const seen = [];
  const unsubscribe = store.subscribe((s) => seen.push(s.loading ? "loading" : s.value.build));
  await tick(5);
  await fn(2); // evicts 1
  await tick(5);
  deepStrictEqual(seen, ["loading", 1, "loading", 3]);
  unsubscribe();
  await fn(2); // evicts 1 again (build 4): no subscriber loads it back
  await tick(5);
  strictEqual(builds(), 4);
  strictEqual(get(store).loading, true, "a new subscriber starts over");
});

test("Solid: the signal follows its entry (ttl) and stops with its root", () => {
  // Solid's reactivity is in its browser build; Node resolves "solid-js" to the server one.
  const script = `
    import { createRoot } from "solid-js";
    import { cacheData, cacheResource } from "cache-resource";
    import { createCached } from "./examples/frameworks/solid.js";
    let builds = 0;
    const token = cacheResource(() => ({ build: ++builds }), { key: "solid", ttl: 0.3 });
    const seen = [];
    let t, dispose;
    createRoot((d) => { dispose = d; t = createCached(token); seen.push(t().value.build); });
    // Halfway through the second token's ttl, with 150 ms on either side for late timers:
    // the signal holds the second build; disposed there, the root sees no third.
    setTimeout(() => { seen.push(t().value.build); dispose(); setTimeout(() => console.log(JSON.stringify({ seen, builds })), 400); }, 450);
  `;
  const out = execFileSync(process.execPath, ["--conditions=browser", "--input-type=module", "-e", script], {
    cwd: new URL("../../", import.meta.url), encoding: "utf8",
  });
  const { seen, builds } = JSON.parse(out);
  deepStrictEqual(seen, [1, 2], "a new token after the ttl");
  strictEqual(builds, 2, "none after the root was disposed");
});
