// CommonJS users: `require("cache-resource")` works where Node can require ES modules
// (Node >= 20.19 and 22.12); the package's Node entry has no top-level await for this.
const { test } = require("node:test");
const assert = require("node:assert/strict");

test("require('cache-resource') gives the same API as import", () => {
  const { cacheResource, UnhashableParamError } = require("cache-resource");
  const open = cacheResource((url) => ({ url }), { key: "cjs" });
  assert.equal(open("a"), open("a"));
  assert.equal(typeof UnhashableParamError, "function");
});

test("require('cache-resource/pyodide') gives the installer", () => {
  const { installCacheResource } = require("cache-resource/pyodide");
  assert.equal(typeof installCacheResource, "function");
  assert.throws(() => installCacheResource({}), TypeError);
});
