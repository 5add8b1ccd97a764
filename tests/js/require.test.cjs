// CommonJS users: `require("cache-resource")` works where Node can require ES modules
// (Node >= 20.19 and 22.12); the package's Node entry has no top-level await for this.
const { test } = require("node:test");
const assert = require("node:assert/strict");

test("require('cache-resource') gives the same API as import", async () => {
  const required = require("cache-resource");
  const imported = await import("cache-resource");
  // One module instance: one registry, whichever way a file loads it.
  assert.equal(required.cacheResource, imported.cacheResource);
  const { cacheResource, UnhashableParamError, HashFuncError } = required;
  const open = cacheResource((url, _socket) => ({ url }), { key: "cjs", ttl: "1h", maxEntries: 2 });
  assert.equal(open("a", {}), open("a", Symbol("ignored")));
  assert.notEqual(open("a"), open("b"));
  assert.deepEqual(
    { hits: open.stats().hits, misses: open.stats().misses, entries: open.stats().entries },
    { hits: 2, misses: 2, entries: 2 },
  );
  assert.throws(() => open(Symbol("local")), UnhashableParamError);
  assert.ok(HashFuncError.prototype instanceof Error);
  assert.equal(typeof cacheResource.session, "function");
  open.clear();
  assert.equal(open.stats().entries, 0);
});

test("require('cache-resource/pyodide') gives the installer", () => {
  const { installCacheResource } = require("cache-resource/pyodide");
  assert.equal(typeof installCacheResource, "function");
  assert.throws(() => installCacheResource({}), TypeError);
});
