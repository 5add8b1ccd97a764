// cache-resource/inline, the entry that compiles the module from JS with no top-level
// await. In Node it is the Node entry, by name; a browser bundle can hold it beside the
// main entry, which Node runs from the files themselves (the exports map hides them).
import { test } from "node:test";
import { deepStrictEqual, strictEqual } from "node:assert/strict";

test("in Node, cache-resource/inline is the Node entry", async () => {
  const main = await import("cache-resource");
  const inline = await import("cache-resource/inline");
  strictEqual(inline, main);
});

test("beside the main entry, the inline one is the same API, and caches made before it loaded keep their entries", async () => {
  const main = await import(new URL("../../pkg/index.js", import.meta.url));
  let runs = 0;
  const open = main.cacheResource((db) => ({ db, run: ++runs }), { key: "inline-test", maxEntries: 8 });
  const first = open({ db: "orders" });
  const inline = await import(new URL("../../pkg/inline.js", import.meta.url));
  // The three entries each list the package's exports: the same names, the same values.
  const node = await import("cache-resource");
  deepStrictEqual(Object.keys(inline), Object.keys(main));
  deepStrictEqual(Object.keys(node), Object.keys(main));
  for (const name of Object.keys(main)) {
    strictEqual(inline[name], main[name], name);
    strictEqual(node[name], main[name], name);
  }
  // A second instance of the module would have taken over the key buffer and the registry.
  strictEqual(open({ db: "orders" }), first);
  strictEqual(runs, 1);
  const load = inline.cacheResource((name) => ({ name }), { key: "inline-test-2" });
  strictEqual(load({ name: [1, 2] }), load({ name: [1, 2] }));
  strictEqual(open.stats().hits, 1);
});
