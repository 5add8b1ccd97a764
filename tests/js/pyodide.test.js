// The Python front end in real Pyodide (the `pyodide` npm package, loaded from
// node_modules, no network), installed from the built package as users install it.
// tests/python/test_cache_resource.py holds the Python-only cases; the cases here cross
// between Python and JavaScript.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { loadPyodide } from "pyodide";
import { cacheResource } from "cache-resource";
import { installCacheResource } from "cache-resource/pyodide";

const pyodide = await loadPyodide();
installCacheResource(pyodide);
// cacheResource itself, for the Python cases that act from JavaScript's side.
pyodide.registerJsModule("_test_js", { cacheResource });

const run = (code) => pyodide.runPythonAsync(code);

// Written to a file so inspect.getsource works there, as it does for a user's modules.
pyodide.FS.writeFile("/home/pyodide/test_cache_resource.py", readFileSync(new URL("../python/test_cache_resource.py", import.meta.url), "utf8"));
const names = (await run("import test_cache_resource as t\n[n for n in dir(t) if n.startswith('test_')]")).toJs();
for (const name of names) {
  test(`python: ${name}`, () =>
    run(`import inspect, test_cache_resource as t\nr = t.${name}()\nif inspect.iscoroutine(r):\n    await r`));
}

test("installCacheResource rejects what is not a Pyodide instance", () => {
  assert.throws(() => installCacheResource({}), { name: "TypeError", message: /loadPyodide/ });
  assert.throws(() => installCacheResource(null), TypeError);
});

test("Python caches show in JavaScript's stats and inspect, JavaScript's in Python's", async () => {
  await run(`
from cache_resource import cache_resource
@cache_resource(ttl=60, max_entries=5)
def py_seen_from_js(x):
    return [x]
py_seen_from_js(1); py_seen_from_js(1); py_seen_from_js(2)
`);
  const py = cacheResource.stats().functions.find((f) => f.name === "py_seen_from_js");
  assert.deepEqual([py.entries, py.hits, py.misses], [2, 1, 2]);
  const inspected = cacheResource.inspect().find((c) => c.name === "py_seen_from_js");
  assert.equal(inspected.ttlMs, 60_000);
  assert.equal(inspected.maxEntries, 5);

  const jsSide = cacheResource(() => ({}), { key: "js seen from python" });
  jsSide();
  jsSide();
  const totals = (await run("from cache_resource import cache_resource\ncache_resource.stats()")).toJs({ dict_converter: Object.fromEntries });
  assert.equal(totals.hits, cacheResource.stats().hits);
  assert.ok(totals.functions.some((f) => f.name === "anonymous" && f.hits >= 1));
});

test("a clear from JavaScript releases Python values, and one from Python releases JavaScript's", async () => {
  await run(`
from cache_resource import cache_resource
released_py = []
@cache_resource(on_release=released_py.append)
def py_cleared_by_js(x):
    return f"value {x}"
py_cleared_by_js(1)
`);
  const releasedJs = [];
  const jsSide = cacheResource((x) => ({ x }), { key: "js cleared by python", onRelease: (v) => releasedJs.push(v) });
  const jsValue = jsSide(1);

  cacheResource.clear();
  assert.deepEqual((await run("released_py")).toJs(), ["value 1"]);
  assert.deepEqual(releasedJs, [jsValue]);

  jsSide(2);
  await run("py_cleared_by_js(2)\ncache_resource.clear()");
  assert.equal(releasedJs.length, 2);
  assert.deepEqual((await run("released_py")).toJs(), ["value 1", "value 2"]);
});

test("JavaScript values among Python arguments are hashed as JavaScript hashes them", async () => {
  await run(`
from cache_resource import cache_resource, UnhashableParamError
from pyodide.code import run_js
@cache_resource
def with_js(options, n=0):
    return object()
a = with_js(run_js("({ size: 1, tags: new Set(['x', 'y']) })"))
assert with_js(run_js("({ tags: new Set(['y', 'x']), size: 1 })")) is a
assert with_js(run_js("({ size: 2, tags: new Set(['x', 'y']) })")) is not a
assert with_js([run_js("new Map([[1, 2]])")]) is with_js([run_js("new Map([[1, 2]])")])
try:
    with_js({"inner": run_js("new WeakMap()")})
except UnhashableParamError as e:
    assert "'options'" in str(e) and "WeakMap" in str(e), str(e)
else:
    raise AssertionError("expected UnhashableParamError")
`);
});

test("functions defined by runPython are keyed by their code: a rerun shares, an edit does not", async () => {
  const define = (body) => run(`
from cache_resource import cache_resource
@cache_resource
def rerun_me(x):
    return ${body}
results.append(rerun_me(1))
`);
  await run("results = []");
  await define("[1]");
  await define("[1]");
  await define("[2]");
  assert.deepEqual((await run("[results[0] is results[1], results[0] is results[2]]")).toJs(), [true, false]);
});

test("a function's key is the same in another Pyodide, whose strings hash otherwise", async () => {
  // What a persisted cache_data record is found by after a reload. The set literal
  // compiles to a frozenset constant, whose order follows the per-process string hash.
  const source = `
import cache_resource
def pick(x):
    if x in {"alpha", "beta", "gamma", "delta", "epsilon", "zeta"}:
        return frozenset({"q", "r", "s", "t"})
    return lambda: {"k1", "k2", "k3", "k4"}
(cache_resource._function_id(pick), repr(frozenset(["alpha", "beta", "gamma", "delta", "epsilon", "zeta"])))
`;
  const answers = [];
  for (const seed of ["1", "2"]) {
    const other = await loadPyodide({ env: { PYTHONHASHSEED: seed } });
    installCacheResource(other);
    answers.push((await other.runPythonAsync(source)).toJs());
  }
  const [[keyOne, orderOne], [keyTwo, orderTwo]] = answers;
  // The two seeds order the set apart: else this test would prove nothing.
  assert.notEqual(orderOne, orderTwo);
  assert.equal(keyOne, keyTwo);
});

test("a memoized recursion deeper than JavaScript's stack fails, and the cache works on after it", async () => {
  // Its own Pyodide: a stack overflow may leave an instance's internals uneasy. In Node,
  // JavaScript's stack runs out about 90 nested cached calls deep (a page's lasts until
  // Python's recursion limit).
  const own = await loadPyodide();
  installCacheResource(own);
  const outcome = await own.runPythonAsync(`
import gc, weakref
from cache_resource import cache_resource

@cache_resource
def down(k):
    return 0 if k == 0 else down(k - 1) + 1

try:
    down(2000)
    failed = None
except BaseException as e:
    failed = type(e).__name__

class Thing:
    pass

@cache_resource
def make(x):
    return Thing()

gone = weakref.ref(make(1))
make.clear()
gc.collect()
[failed, down(30), gone() is None]
`);
  const [failed, shallow, freed] = outcome.toJs();
  // Whichever frame the stack runs out in, Python sees its own error: past a few nested
  // calls each checks for room first (src/js/python.js headroom). Where the overflow came
  // in Pyodide's frames, its instance ended with a fatal error, or Python saw a bare
  // JsException, or a call answered nothing.
  assert.equal(failed, "RecursionError");
  assert.equal(shallow, 30);
  assert.equal(freed, true, "a value released after the overflow is freed, not kept for calls that never ended");
});
