// Type-checked (never run) by tests/js/types.test.js with `tsc --noEmit`. Each
// `@ts-expect-error` line must fail to type-check: if it stops failing, tsc reports it.
import { cacheResource, HashFuncError, UnhashableParamError, type CacheStats, type HashFuncKey, type Session } from "cache-resource";
import { mountInspector } from "cache-resource/inspector";
import * as inline from "cache-resource/inline";
import { installCacheResource, type PyodideLike } from "cache-resource/pyodide";
import cacheResourcePlugin, { addNames } from "cache-resource/plugin";

interface Model { name: string; dispose(): void }

const loadModel = cacheResource(async (name: string, _progress?: (p: number) => void): Promise<Model> => ({ name, dispose() {} }), {
  ttl: "1h",
  maxEntries: 4,
  showSpinner: "Loading model…",
  showTime: true,
  validate: (m) => m.name.length > 0, // m: Model (the resolved value)
  onRelease: (m) => m.dispose(),
});

// A value that left the cache in flight is its callers' too: inFlight says so.
cacheResource(async (name: string): Promise<Model> => ({ name, dispose() {} }), {
  onRelease: (m, inFlight) => (inFlight ? undefined : m.dispose()),
});
// @ts-expect-error: inFlight is a boolean
cacheResource(async (name: string) => ({ name }), { onRelease: (m, inFlight: string) => {} });

// The wrapped function keeps its signature.
const p: Promise<Model> = loadModel("resnet");
loadModel.clear("resnet");
loadModel.clear();
const s: CacheStats = loadModel.stats();
const n: number = s.staleHits + s.invalidated;
// @ts-expect-error: the first parameter is a string
loadModel(42);
// @ts-expect-error: clear takes the function's parameters
loadModel.clear(1);
// @ts-expect-error: the result is a Promise<Model>, not a Model
const wrong: Model = loadModel("x");

// Names a minified build loses, given explicitly; a key chosen from typed parameters.
cacheResource(async (name: string, size: number, _onProgress?: (p: number) => void) => ({ name, size }), {
  name: "loadModel",
  params: ["name", "size", "_onProgress"],
});
cacheResource((name: string, size: number, onProgress: (p: number) => void) => ({ name, size }), {
  cacheKey: (name, size) => [name, size.toFixed(0)], // name: string, size: number
});
// @ts-expect-error: cacheKey receives the function's parameters: size is a number
cacheResource((name: string, size: number) => name, { cacheKey: (name, size: string) => size });
// @ts-expect-error: params are names
cacheResource((a: number) => a, { params: [1] });

// Every ttl form.
cacheResource(() => 1, { ttl: 90 });
cacheResource(() => 1, { ttl: { hours: 1, minutes: 30 } });
cacheResource(() => 1, { ttl: null });
// @ts-expect-error: not a duration field
cacheResource(() => 1, { ttl: { hour: 1 } });
// @ts-expect-error: unknown option
cacheResource(() => 1, { maxSize: 3 });
// @ts-expect-error: refreshMode is one of two strings
cacheResource(() => 1, { ttl: 1, refreshMode: "later" });
cacheResource(() => 1, { ttl: "5 min", refreshMode: "background", refreshRetry: "30s" });

// hashFuncs by class or by type name.
class Conn { constructor(public url: string) {} }
cacheResource((c: Conn) => c.url, { hashFuncs: new Map<HashFuncKey, (v: any) => unknown>([[Conn, (c: Conn) => c.url], ["Date", (d: Date) => d.getTime()]]) });
cacheResource((c: Conn) => c.url, { hashFuncs: new Map([[Conn, (c: Conn) => c.url]]) });
cacheResource((d: Date) => d, { hashFuncs: { Date: (d: Date) => d.getTime() } });

// Sessions.
const perApp = cacheResource((id: number) => ({ id }), { scope: "session" });
const session: Session = cacheResource.session("app A");
const r: { id: number } = session.run(() => perApp(1));
const bound: (id: number) => { id: number } = perApp.withSession(session);
session.close();

// The factory form, and a TC39 method decorator.
const decorate = cacheResource({ ttl: 60 });
const square = decorate((x: number) => x * x);
const sq: number = square(3);
const cube = decorate((x: number, _log?: (m: string) => void) => x ** 3, { name: "cube", params: ["x", "_log"] });
const cu: number = cube(2);
// @ts-expect-error: an option name that does not exist
decorate((x: number) => x, { ttll: 1 });
const daily = cacheData({ ttl: "1d" });
const dailyRows: Promise<string[]> = daily(async (sql: string) => [sql], { persist: "disk" })("q");
// @ts-expect-error: a cacheData factory takes cacheData's options, which have no onRelease
daily((x: number) => x, { onRelease() {} });

class Api {
  @cacheResource({ ttl: "1h" })
  fetchUser(id: number): Promise<{ id: number }> {
    return Promise.resolve({ id });
  }
}
const u: Promise<{ id: number }> = new Api().fetchUser(1);

// Bare, as `@st.cache_resource` is written; a getter or a field is no method.
class Teams {
  @cacheResource
  fetchTeam(id: number): Promise<{ id: number }> {
    return Promise.resolve({ id });
  }

  @cacheData
  names(): string[] {
    return ["a"];
  }

  // @ts-expect-error: a getter decorated
  @cacheResource
  get size(): number {
    return 1;
  }
}
const t: Promise<{ id: number }> = new Teams().fetchTeam(1);

// The factory form with the types named: the callbacks are typed, the function checked.
const typedDecorate = cacheResource<Promise<Model>, [string]>({
  validate: (m) => m.name !== "", // m: Model
  onRelease: (m) => m.dispose(),
  cacheKey: (name) => name.toLowerCase(), // name: string
});
const loadTyped = typedDecorate(async (name: string) => ({ name, dispose() {} }));
const typedResult: Promise<Model> = loadTyped("x");
// @ts-expect-error: validate gets a Model, which has no `size`
cacheResource<Promise<Model>>({ validate: (m) => m.size > 0 });
// @ts-expect-error: validate answers at once, not with a promise
cacheResource(async (name: string) => ({ name }), { validate: async (m) => m.name !== "" });
// @ts-expect-error: nor with a promise from a plain function
cacheResource((name: string) => ({ name }), { validate: (m) => Promise.resolve(m.name !== "") });
// Any other answer is one: a flag, a value to test for truth, or `any`.
cacheResource((name: string) => ({ name, ok: 1 as any }), { validate: (m) => m.ok });
cacheResource((name: string) => ({ name, conn: { open: true } }), { validate: (m) => m.conn });
// @ts-expect-error: the function must return what the options were typed for
typedDecorate(async (name: string) => 42);
export { typedResult };

// Global API.
cacheResource.clear();
const all = cacheResource.stats();
const bytes: number = all.memoryBytes;
const names: string[] = all.functions.map((f) => f.name);
const unsubscribe: () => void = cacheResource.subscribe((e) => console.log(e.type, e.name));
const snapshot = cacheResource.inspect();
const left: number | null = snapshot[0].entries[0].expiresInMs;

// Errors.
try {
  loadModel("x");
} catch (e) {
  if (e instanceof UnhashableParamError) console.log(e.parameter, e.typeName, e.path.length);
  if (e instanceof HashFuncError) console.log(e.hashFunc);
}

// The inspector component.
if (typeof document !== "undefined") mountInspector("#cache").destroy();

export { p, n, r, bound, sq, u, bytes, names, unsubscribe, left, wrong };

// The installer takes a Pyodide instance, and nothing else. (pyodide's own .d.ts needs
// @types/node, so a structural stand-in; a real PyodideAPI satisfies PyodideLike.)
declare const pyodide: PyodideLike;
installCacheResource(pyodide);
// @ts-expect-error: not a Pyodide instance
installCacheResource({ runPython: () => 1 });

// The build plugin, one call per bundler, and its transform.
const plugins = [cacheResourcePlugin.vite(), cacheResourcePlugin.webpack(), cacheResourcePlugin.esbuild()];
const transformed: string | undefined = addNames("code", "a.js")?.code;
export { plugins, transformed };

// clear() takes a prefix of the arguments: what the key leaves out may be left off.
const query = cacheResource((sql: string, _conn: { close(): void }) => sql.length);
query.clear("select 1");
query.clear();
// @ts-expect-error: still the parameters' types
query.clear(1);
export { query };

// The everyday API: look, prime, delete, list; typed from the function.
const looked: boolean = loadModel.has("resnet");
const peeked: Promise<Model> | undefined = loadModel.peek("resnet");
loadModel.set(["resnet"], Promise.resolve({ name: "resnet", dispose() {} }));
const existed: boolean = query.delete("select 1");
const listed: Array<[[string, { close(): void }], number]> = query.entries();
cacheResource.resetStats();
// @ts-expect-error: set takes the arguments as an array
loadModel.set("resnet", Promise.resolve({ name: "resnet", dispose() {} }));
// @ts-expect-error: the value must be what the function returns
query.set(["select 1"], "not a number");
// @ts-expect-error: peek gives what the function returns, or undefined
const peekedWrong: number = query.peek("select 1");
export { looked, peeked, existed, listed, peekedWrong };

// A listener to some event types gets those events, typed.
cacheResource.subscribe((e) => console.log(e.reason, e.value), { types: ["release"] });
// @ts-expect-error: an insert event has no reason
cacheResource.subscribe((e) => console.log(e.reason), { types: ["insert"] });
// @ts-expect-error: no such event type
cacheResource.subscribe(() => {}, { types: ["released"] });

// The React hook: the promise unwrapped, the arguments typed.
import { useCached } from "cache-resource/react";
const model: Model = useCached(loadModel, "resnet");
const rows: number = useCached(query, "select 1", { close() {} });
// @ts-expect-error: the arguments are the function's
useCached(loadModel, 42);
export { model, rows };

// cacheData: the same typed function; resource-only options are not there.
import { cacheData, UnserializableReturnValueError } from "cache-resource";
const rowsOf = cacheData(async (sql: string, _conn?: unknown) => [{ id: 1 }], { ttl: "10m", maxEntries: 100 });
const fetched: Promise<{ id: number }[]> = rowsOf("select 1");
rowsOf.clear("select 1");
cacheData.clear();
// @ts-expect-error: validate is for cacheResource
cacheData(() => 1, { validate: () => true });
cacheData(() => 1, { persist: "disk" });
// @ts-expect-error: "disk" is Streamlit's one place
cacheData(() => 1, { persist: "memory" });
const kindOf: "resource" | "data" = cacheResource.inspect()[0].kind;
const notCopyable: string = new UnserializableReturnValueError().functionName;
export { fetched, kindOf, notCopyable };
cacheData(() => 1, { persist: { dir: "/tmp/cache" } });

// Generator functions are refused, as at run time: every caller would share one generator.
// @ts-expect-error: a generator function
cacheResource(function* rows() {
  yield 1;
});
// @ts-expect-error: an async generator function
cacheData(async function* pages() {
  yield [1];
});
// @ts-expect-error: a generator method given to the factory form
cacheResource({ ttl: 60 })({ *ids() {} }.ids);
class Feed {
  // @ts-expect-error: a generator method decorated
  @cacheResource({ ttl: 60 })
  *items(): Generator<number> {}
}
// A class is refused, as at run time: it cannot be called without `new`.
class Db {
  constructor(readonly url: string) {}
}
// @ts-expect-error: a class, where a function that makes one belongs
cacheResource(Db);
const openDb: (url: string) => Db = cacheResource((url: string) => new Db(url));
// What they should be instead, and what merely resembles them, still type-check.
const items: Promise<number[]> = cacheResource(async () => [1, 2])();
cacheResource(() => [1, 2][Symbol.iterator]());
cacheResource((): never => {
  throw new Error("not yet");
});
cacheResource((x: any) => x);
export { Feed, items };

// cache-resource/inline is the main entry's API, instantiated without top-level await.
const inlineOpen = inline.cacheResource(async (db: string): Promise<Model> => ({ name: db, dispose() {} }), { ttl: 60 });
const opened: Promise<Model> = inlineOpen("orders");
// @ts-expect-error: its cached function keeps its signature too
inlineOpen(1);
