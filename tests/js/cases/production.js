// What a minified production build does to a cached function, and the options that say
// in code what the build lost: `name`, `params` (the names as written) and `cacheKey`.
// The functions here are written the way minifiers print them.
import { cacheResource, UnhashableParamError } from "cache-resource";
import { is, isNot, ok, throws } from "../assert.js";

const hasDom = typeof document !== "undefined";
const spinners = () => (hasDom ? [...document.querySelectorAll(".cache-resource-spinner")] : []);
const callback = () => {}; // a fresh closure per render would be unhashable or a new key
const bound = callback.bind(null); // as React's state setters are: unhashable

export const tests = {
  "name shows in stats, the inspector, the spinner and errors"() {
    const f = cacheResource(async function(e,t,n){return{e,t}}, { name: "loadModel", params: ["name", "size", "_onProgress"], key: "prod-name" });
    is(f.name, "loadModel");
    const p = f("small", 1000, bound);
    if (hasDom) is(spinners().at(-1)?.textContent, "Running loadModel(...).");
    ok(cacheResource.stats().functions.some((s) => s.name === "loadModel"));
    ok(cacheResource.inspect().some((c) => c.name === "loadModel"));
    const e = throws(() => f(Symbol("x"), 1), UnhashableParamError);
    is(e.functionName, "loadModel");
    is(e.parameter, "'name'", "errors name the parameter as written");
    f.clear();
    return p;
  },

  "params leave out what the source's underscore names said, whatever the build calls them"() {
    let runs = 0;
    const f = cacheResource(function(e,t,n){return runs++,{e,t}}, { params: ["name", "size", "_onProgress"], key: "prod-params" });
    const first = f("small", 1000, bound);
    is(f("small", 1000, () => {}), first, "a fresh callback is not part of the key");
    is(runs, 1);
    isNot(f("small", 2000, bound), first);
    // A rest parameter's underscore name leaves out everything from there on.
    const g = cacheResource(function(e,...t){return{e}}, { params: ["id", "..._listeners"], key: "prod-rest" });
    is(g(1, bound, Symbol("s")), g(1));
  },

  "cacheKey chooses the key; the arguments themselves are not hashed"() {
    let runs = 0;
    const f = cacheResource(function(e,t,n){return runs++,{e,t}}, { cacheKey: (name, size) => [name, size], key: "prod-cachekey" });
    const first = f("small", 1000, bound);
    is(f("small", 1000, Symbol("anything")), first);
    isNot(f("small", 2000, bound), first);
    is(runs, 2);
    f.clear("small", 1000);
    isNot(f("small", 1000, bound), first, "clear(...args) finds the entry through cacheKey");
    const objects = cacheResource((cfg, _conn) => ({ cfg }), { cacheKey: (cfg) => ({ host: cfg.host, port: cfg.port }), key: "prod-object-key" });
    const a = objects({ host: "h", port: 1, secret: "x" });
    is(objects({ port: 1, host: "h", secret: "y" }), a, "an object key is hashed by value, in any order");
    is(objects({ port: 1, host: "h", secret: "z" }), a, "and found again by the object front cache");
    const e = throws(() => cacheResource((x) => x, { cacheKey: () => Symbol("local"), key: "prod-bad-key" })(1), UnhashableParamError);
    is(e.parameter, "returned by cacheKey");
  },

  "a name a minifier gave is not sent to the underscore advice"() {
    const f = cacheResource(async function(e,t,n){return e}, { key: "prod-minified" });
    const e = throws(() => f("small", 1000, bound), UnhashableParamError);
    is(e.parameter, "'n'");
    ok(/minifier/.test(e.message) && /params: \[/.test(e.message) && /cacheKey/.test(e.message), e.message);
    ok(!/adding a leading underscore/.test(e.message), "no advice to rename a name the source never had");
    const arrow = cacheResource((e,t)=>e, { key: "prod-minified-arrow" });
    ok(/minifier/.test(throws(() => arrow(1, bound), UnhashableParamError).message));
    // Code people write, even with short names, gets the underscore advice.
    const written = cacheResource((a, b) => a, { key: "prod-written" });
    ok(/leading underscore/.test(throws(() => written(1, bound), UnhashableParamError).message));
    // One parameter has no comma to tell by: the space after its list does.
    for (const [fn, minified] of [[(id) => id, false], [function (x) { return x; }, false], [async (id) => id, false], [(e)=>e, true], [function(e){return e}, true], [e=>e, true]]) {
      const message = throws(() => cacheResource(fn, { key: `prod-one-${fn}` })(bound), UnhashableParamError).message;
      is(/minifier/.test(message), minified, `${fn}: ${message}`);
    }
  },

  "bad name, params and cacheKey options fail at wrap time"() {
    throws(() => cacheResource(() => 1, { name: "" }), /`name` must be a non-empty string/);
    throws(() => cacheResource(() => 1, { name: 5 }), TypeError);
    throws(() => cacheResource(() => 1, { params: "a,b" }), /`params` must be the parameter names/);
    throws(() => cacheResource(() => 1, { params: [1] }), TypeError);
    throws(() => cacheResource(() => 1, { cacheKey: "id" }), /`cacheKey` must be a function/);
    is(cacheResource(function(){return 1}, { params: [], name: "one" }).name, "one");
  },
};
