// cache-resource/inline, the entry that compiles the module from JS with no top-level
// await, imported by name in Node beside the main entry, as one bundle may hold both.
import { test } from "node:test";
import { strictEqual } from "node:assert/strict";

test("the inline entry is the same API, and caches made before it loaded keep their entries", async () => {
  const main = await import("cache-resource");
  let runs = 0;
  const open = main.cacheResource((db) => ({ db, run: ++runs }), { key: "inline-test", maxEntries: 8 });
  const first = open({ db: "orders" });
  const inline = await import("cache-resource/inline");
  strictEqual(inline.cacheResource, main.cacheResource);
  strictEqual(inline.cacheData, main.cacheData);
  strictEqual(inline.UnhashableParamError, main.UnhashableParamError);
  // A second instance of the module would have taken over the key buffer and the registry.
  strictEqual(open({ db: "orders" }), first);
  strictEqual(runs, 1);
  const load = inline.cacheResource((name) => ({ name }), { key: "inline-test-2" });
  strictEqual(load({ name: [1, 2] }), load({ name: [1, 2] }));
  strictEqual(open.stats().hits, 1);
});
