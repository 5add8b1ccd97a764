// The build plugin's transform (cache-resource/plugin, addNames) on the forms a module can
// take: what it adds, what it leaves alone, and source maps that still point at the
// original. tests/browser/builds.test.mjs runs it inside seven bundlers.
import { test } from "node:test";
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { TraceMap, originalPositionFor } from "@jridgewell/trace-mapping";
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ts from "typescript";
import { addNames } from "cache-resource/plugin";

const IMPORT = 'import { cacheResource } from "cache-resource";\n';

/** The options the transformed call passes, evaluated with a stand-in cacheResource. */
function optionsOf(code) {
  const out = addNames(IMPORT + code, "app.js");
  if (out === null) return null;
  const seen = [];
  const body = out.code.replace(IMPORT, "");
  new Function("cacheResource", body)((fn, options) => (typeof fn === "function" ? seen.push(options) : seen.push(fn), () => (f) => f));
  return seen;
}

test("a function literal, an arrow and a declared function get their names as written", () => {
  deepStrictEqual(optionsOf("cacheResource(async function loadModel(name, size, _onProgress) {});"), [
    { name: "loadModel", params: ["name", "size", "_onProgress"] },
  ]);
  deepStrictEqual(optionsOf("cacheResource(({ id }, [a], x = 1 / 2, ...rest) => 0);"), [{ params: ["", "", "x", "...rest"] }]);
  deepStrictEqual(optionsOf("function connect(config, _log) {}\ncacheResource(connect);"), [{ name: "connect", params: ["config", "_log"] }]);
});

test("options the call gives win; options from a variable are kept", () => {
  deepStrictEqual(optionsOf('cacheResource(function f(a) {}, { ttl: 60, name: "mine" });'), [{ name: "mine", params: ["a"], ttl: 60 }]);
  deepStrictEqual(optionsOf("const o = { maxEntries: 2 };\ncacheResource(function f(_a) {}, o);"), [{ name: "f", params: ["_a"], maxEntries: 2 }]);
  deepStrictEqual(optionsOf("cacheResource(function f(a) {}, {});"), [{ name: "f", params: ["a"] }]);
});

test("the factory form cacheResource(options)(fn)", () => {
  deepStrictEqual(optionsOf("cacheResource({ ttl: 1 })(function g(_x, y) {});"), [{ name: "g", params: ["_x", "y"], ttl: 1 }]);
  deepStrictEqual(optionsOf("cacheResource()(function g(x) {});"), [{ name: "g", params: ["x"] }]);
});

test("an aliased import is followed; what it cannot see is left as it is", () => {
  const aliased = addNames('import { cacheResource as cached } from "cache-resource";\ncached(function h(_a) {});', "a.js");
  ok(aliased.code.includes('params: ["_a"]'), aliased.code);
  strictEqual(addNames("const x = 1;", "a.js"), null, "a module that does not mention the package costs nothing");
  strictEqual(addNames('import x from "cache-resource/inspector";\nx();', "a.js"), null);
  strictEqual(addNames(`${IMPORT}cacheResource(make());`, "a.js"), null, "a function it cannot see");
  strictEqual(addNames(`${IMPORT}cacheResource(...args);`, "a.js"), null);
});

test("a function bound to a name once is followed, as the function it names", () => {
  deepStrictEqual(optionsOf("const fetchUser = async (id, _signal) => id;\ncacheResource(fetchUser);"), [{ name: "fetchUser", params: ["id", "_signal"] }]);
  deepStrictEqual(optionsOf("var open = function connect(url, _log) {};\ncacheResource(open, { ttl: 1 });"), [{ name: "connect", params: ["url", "_log"], ttl: 1 }]);
  deepStrictEqual(optionsOf("let load = (_a, b) => b;\ncacheResource({ maxEntries: 2 })(load);"), [{ name: "load", params: ["_a", "b"], maxEntries: 2 }]);
  deepStrictEqual(optionsOf("function inner() { const f = (_x) => 0; return cacheResource(f); }\ninner();"), [{ name: "f", params: ["_x"] }]);
});

test("a factory the module keeps in a variable gets each function's names after it", () => {
  const code = 'const hourly = cacheResource({ ttl: 3600 });\nconst daily = cacheResource();\nhourly((id, _signal) => id);\ndaily(function rows(sql, _db) {}, { maxEntries: 2 });';
  const out = addNames(IMPORT + code, "a.js").code;
  ok(out.includes('hourly((id, _signal) => id, { params: ["id","_signal"] })'), out);
  ok(out.includes('daily(function rows(sql, _db) {}, { name: "rows", params: ["sql","_db"], maxEntries: 2 })'), out);
  const left = (body) => strictEqual(addNames(IMPORT + body, "a.js"), null, body);
  left("const o = { ttl: 1 };\nconst f = cacheResource(o);\nf((a, _b) => 0);");
  left("const f = other({ ttl: 1 });\nf((a, _b) => 0);");
  left("let f = cacheResource({ ttl: 1 });\nf = other;\nf((a, _b) => 0);");
});

test("a factory another module of the app's exports gets each function's names too, as that module now is", () => {
  const dir = mkdtempSync(join(tmpdir(), "cache-resource-plugin-"));
  try {
    mkdirSync(join(dir, "lib"));
    const caching = join(dir, "lib", "caching.ts");
    writeFileSync(caching, 'import { cacheResource, cacheData } from "cache-resource";\nexport const hourly = cacheResource({ ttl: "1h" });\n' +
      "const daily = cacheData();\nexport { daily as perDay };\nexport default cacheResource();\nexport const made = cacheResource((a) => a);\n");
    writeFileSync(join(dir, "lib", "other.js"), "export const hourly = (f) => f;\n");
    const app = join(dir, "app.ts");
    const code = 'import minutely, { hourly, perDay, made } from "./lib/caching.js";\nimport { hourly as plain } from "./lib/other";\n' +
      "hourly((id: number, _signal?: AbortSignal) => id);\nperDay(function rows(sql, _db) {}, { ttl: 60 });\nminutely((_a) => 0);\n" +
      "made((x, _y) => x);\nplain((x, _y) => x);\n";
    const out = addNames(code, `${app}?v=1`).code;
    ok(out.includes('hourly((id: number, _signal?: AbortSignal) => id, { params: ["id","_signal"] })'), out);
    ok(out.includes('perDay(function rows(sql, _db) {}, { name: "rows", params: ["sql","_db"], ttl: 60 })'), out);
    ok(out.includes('minutely((_a) => 0, { params: ["_a"] })'), "a default export");
    ok(out.includes("made((x, _y) => x);") && out.includes("plain((x, _y) => x);"), "a cached function, or another module's function, is no factory");
    // Through a barrel that re-exports them, and a namespace import; re-exports in a cycle end.
    writeFileSync(join(dir, "lib", "index.ts"), 'export { hourly as perHour } from "./caching";\nexport * from "./caching";\nexport * from "./cycle";\n');
    writeFileSync(join(dir, "lib", "cycle.ts"), 'export * from "./index";\n');
    const barrel = 'import { perHour, perDay } from "./lib";\nimport * as caching from "./lib/caching";\n' +
      "perHour((a, _b) => a);\nperDay((c, _d) => c);\ncaching.hourly((e, _f) => e);\ncaching.made((g, _h) => g);\n";
    const viaBarrel = addNames(barrel, app).code;
    for (const call of ['perHour((a, _b) => a, { params: ["a","_b"] })', 'perDay((c, _d) => c, { params: ["c","_d"] })', 'caching.hourly((e, _f) => e, { params: ["e","_f"] })', "caching.made((g, _h) => g);"]) {
      ok(viaBarrel.includes(call), `${call}\n${viaBarrel}`);
    }
    // The exporting module edited: read again.
    writeFileSync(caching, "export const hourly = (f) => f;\nexport const perDay = hourly;\nexport default hourly;\n// cache-resource\n");
    utimesSync(caching, new Date(), new Date(Date.now() + 60_000));
    strictEqual(addNames(code, app), null);
    strictEqual(addNames(code, "\0virtual:app"), null, "a virtual module is no place to resolve from");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("the package's functions passed on by a module of the app's are followed, as are local names for them", () => {
  const dir = mkdtempSync(join(tmpdir(), "cache-resource-plugin-"));
  try {
    mkdirSync(join(dir, "lib"));
    // The forms an app's own caching module takes to pass the package's functions on.
    writeFileSync(join(dir, "lib", "named.ts"), 'export { cacheResource as cached, cacheData } from "cache-resource";\n');
    writeFileSync(join(dir, "lib", "star.ts"), 'export * from "cache-resource";\n');
    writeFileSync(join(dir, "lib", "local.js"), 'import { cacheResource } from "cache-resource";\nexport const memo = cacheResource;\n' +
      "const quick = cacheResource({ ttl: 1 });\nconst soon = quick;\nexport { soon };\nexport default cacheResource;\n");
    writeFileSync(join(dir, "lib", "index.ts"), 'export { cached as resource } from "./named";\nexport * from "./local";\n');
    writeFileSync(join(dir, "lib", "not.js"), 'import { cacheResource } from "cache-resource";\nexport let later = cacheResource;\nlater = (f) => f;\n' +
      "export const made = cacheResource((a) => a);\n");
    const code = 'import { cached, cacheData } from "./lib/named";\nimport * as star from "./lib/star";\nimport memoize, { memo, soon } from "./lib/local";\n' +
      'import { resource } from "./lib";\nimport { later, made } from "./lib/not";\n' +
      "cached((a, _b) => a);\ncacheData((c, _d) => c);\nstar.cacheResource((e, _f) => e);\nmemo((g, _h) => g);\nmemoize((i, _j) => i);\n" +
      "soon((k, _l) => k);\nresource({ ttl: 2 })((m, _n) => m);\nlater((o, _p) => o);\nmade((q, _r) => q);\n";
    const out = addNames(code, join(dir, "app.ts")).code;
    for (const call of [
      'cached((a, _b) => a, { params: ["a","_b"] })', 'cacheData((c, _d) => c, { params: ["c","_d"] })',
      'star.cacheResource((e, _f) => e, { params: ["e","_f"] })', 'memo((g, _h) => g, { params: ["g","_h"] })',
      'memoize((i, _j) => i, { params: ["i","_j"] })', 'soon((k, _l) => k, { params: ["k","_l"] })',
      'resource({ params: ["m","_n"], ttl: 2 })((m, _n) => m)',
    ]) {
      ok(out.includes(call), `${call}\n${out}`);
    }
    ok(out.includes("later((o, _p) => o);") && out.includes("made((q, _r) => q);"), "a name assigned again, or a cached function, is no package function");
    // In one module: a local name for the package's function, or for a factory.
    const local = addNames(`${IMPORT}const cached = cacheResource;\nconst hourly = cacheResource({ ttl: 3600 });\nconst perHour = hourly;\n` +
      "cached(function a(x, _y) {});\nperHour(function b(_z) {});", "a.js").code;
    ok(local.includes('cached(function a(x, _y) {}, { name: "a", params: ["x","_y"] })'), local);
    ok(local.includes('perHour(function b(_z) {}, { name: "b", params: ["_z"] })'), local);
    strictEqual(addNames(`${IMPORT}let cached = cacheResource;\ncached = (f) => f;\ncached((x, _y) => x);`, "a.js"), null, "an alias assigned again");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a function imported from a module of the app's gets its names as that module writes them", () => {
  const dir = mkdtempSync(join(tmpdir(), "cache-resource-plugin-"));
  try {
    writeFileSync(join(dir, "api.ts"), "export async function fetchUser(id: number, _signal?: AbortSignal) { return id; }\n" +
      "export const fetchTeam = async (id, _signal) => id;\nconst rows = function query(sql, _db) {};\nexport { rows as loadRows };\n" +
      "export default function loadModel(name, _onProgress) {}\nexport let later = (a, _b) => a;\nlater = (c) => c;\nexport class Db {}\n");
    writeFileSync(join(dir, "index.ts"), 'export * from "./api";\nexport { default as loadModel } from "./api";\n');
    // A module that only calls them reads the barrel first, for factories alone.
    strictEqual(addNames('import { fetchTeam } from "./index";\nfetchTeam(1);', join(dir, "other.ts")), null);
    const code = `${IMPORT}import loadModel, { fetchUser as getUser, fetchTeam, loadRows, later } from "./api";\nimport * as api from "./api";\n` +
      'import { fetchTeam as team2, loadModel as model2 } from "./index";\n' +
      "cacheResource(getUser);\ncacheResource(fetchTeam, { ttl: 1 });\ncacheResource(loadRows);\ncacheResource(loadModel);\n" +
      "cacheResource(api.fetchUser);\ncacheResource(team2);\ncacheResource({ maxEntries: 2 })(model2);\ncacheResource(later);\ncacheResource(api.Db);\n";
    const out = addNames(code, join(dir, "app.ts")).code;
    for (const call of [
      'cacheResource(getUser, { name: "fetchUser", params: ["id","_signal"] })',
      'cacheResource(fetchTeam, { name: "fetchTeam", params: ["id","_signal"], ttl: 1 })',
      'cacheResource(loadRows, { name: "query", params: ["sql","_db"] })',
      'cacheResource(loadModel, { name: "loadModel", params: ["name","_onProgress"] })',
      'cacheResource(api.fetchUser, { name: "fetchUser", params: ["id","_signal"] })',
      'cacheResource(team2, { name: "fetchTeam", params: ["id","_signal"] })',
      'cacheResource({ name: "loadModel", params: ["name","_onProgress"], maxEntries: 2 })(model2)',
    ]) {
      ok(out.includes(call), `${call}\n${out}`);
    }
    ok(out.includes("cacheResource(later);") && out.includes("cacheResource(api.Db);"), "a name assigned again, or a class, is left alone");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a factory imported through an alias of tsconfig.json's paths is followed, as Next.js's @/* is", () => {
  const dir = mkdtempSync(join(tmpdir(), "cache-resource-plugin-"));
  try {
    mkdirSync(join(dir, "src", "lib"), { recursive: true });
    mkdirSync(join(dir, "src", "app"));
    // Vite's templates: tsconfig.json references the app's config, which extends a base;
    // comments, trailing commas and a "//" inside a string, as tsconfig files have them.
    writeFileSync(join(dir, "tsconfig.json"), '{\n  // the configs\n  "files": [],\n  "references": [{ "path": "./tsconfig.app.json" },],\n}\n');
    writeFileSync(join(dir, "tsconfig.app.json"), '{ "extends": "./tsconfig.base.json", "compilerOptions": { "strict": true, /* paths are in the base */ }, }');
    writeFileSync(join(dir, "tsconfig.base.json"), '{ "compilerOptions": { "paths": { "@/*": ["./src/*"], "~cache": ["./src/lib/caching.ts"], "x": ["http://a//b"] } } }');
    writeFileSync(join(dir, "src", "lib", "caching.ts"), 'import { cacheResource } from "cache-resource";\nexport const hourly = cacheResource({ ttl: "1h" });\n');
    const code = 'import { hourly } from "@/lib/caching";\nimport { hourly as again } from "~cache";\nimport { hourly as other } from "@/lib/missing";\n' +
      "hourly((a, _b) => a);\nagain((c, _d) => c);\nother((e, _f) => e);\n";
    const out = addNames(code, join(dir, "src", "app", "page.tsx")).code;
    ok(out.includes('hourly((a, _b) => a, { params: ["a","_b"] })') && out.includes('again((c, _d) => c, { params: ["c","_d"] })'), out);
    ok(out.includes("other((e, _f) => e);"), "an alias to no file is left alone");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a name that may mean another value is left alone", () => {
  const left = (body) => strictEqual(addNames(IMPORT + body, "a.js"), null, body);
  left("let f = (a, _b) => 0;\nf = (c) => 1;\ncacheResource(f);");
  left("let f = (a, _b) => 0;\nfor (f of []) ;\ncacheResource(f);");
  left("const f = (a, _b) => 0;\nfunction g(f) { return cacheResource(f); }");
  left("const f = (a, _b) => 0;\ntry {} catch (f) { cacheResource(f); }");
  left("{ const f = (a, _b) => 0; }\ncacheResource(f);");
  left("function f(a, _b) {}\n{ function f(c) {} }\ncacheResource(f);");
  left("const { f } = api;\ncacheResource(f);");
  left("const f = make((a, _b) => 0);\ncacheResource(f);");
});

test("cacheData, namespace imports and require() are followed like cacheResource", () => {
  const named = (code) => addNames(code, "a.js")?.code.match(/\{ name: [^}]*\}|\{ params: [^}]*\}/g);
  deepStrictEqual(named('import { cacheData as data } from "cache-resource";\ndata(async function rows(sql, _db) {});'), ['{ name: "rows", params: ["sql","_db"] }']);
  deepStrictEqual(named('import * as caching from "cache-resource";\ncaching.cacheResource((a, _b) => 0);\ncaching["cacheData"]((c) => 0);'), ['{ params: ["a","_b"] }', '{ params: ["c"] }']);
  deepStrictEqual(named('const { cacheResource: cr } = require("cache-resource");\ncr((_a) => 0);'), ['{ params: ["_a"] }']);
  deepStrictEqual(named('const caching = require("cache-resource");\ncaching.cacheData((_a) => 0);'), ['{ params: ["_a"] }']);
  deepStrictEqual(named('const { cacheData } = await import("cache-resource");\ncacheData((_a) => 0);'), ['{ params: ["_a"] }']);
  deepStrictEqual(named('const m = await import("cache-resource");\nm.cacheResource((_a) => 0);'), ['{ params: ["_a"] }']);
  deepStrictEqual(named('import { cacheResource } from "cache-resource/inline";\ncacheResource((_a) => 0);'), ['{ params: ["_a"] }'], "the inline entry");
  strictEqual(addNames('import { useCached } from "cache-resource/react";\nuseCached((_a) => 0);', "a.js"), null);
  strictEqual(addNames('import * as caching from "cache-resource";\ncaching.clear((_a) => 0);', "a.js"), null, "only the two wrapping functions");
  strictEqual(addNames('import { cacheResource } from "other";\ncacheResource((_a) => 0);\n// cache-resource', "a.js"), null, "another package's function of that name");
});

test("CommonJS that TypeScript compiles, and TypeScript's type wrappers, are seen through", () => {
  const named = (code, id = "a.js") => addNames(code, id)?.code.match(/\{ (name|params)[^}]*\}/g);
  // What ts-loader hands webpack under "module": "commonjs": the call goes through (0, ns.f).
  const source = 'import { cacheResource, cacheData } from "cache-resource";\n' +
    "export const load = cacheResource(async (id: number, _signal?: AbortSignal) => id);\n" +
    "const hourly = cacheResource({ ttl: 3600 });\nexport const rows = hourly(function rows(sql: string, _db: Db) { return sql; });\n" +
    "export const q = cacheData((sql: string, _db: Db) => sql, { ttl: 1 });\n";
  const cjs = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020 } }).outputText;
  ok(cjs.includes("(0, cache_resource_1.cacheResource)("), cjs);
  deepStrictEqual(named(cjs), ['{ params: ["id","_signal"] }', '{ name: "rows", params: ["sql","_db"] }', '{ params: ["sql","_db"], ttl: 1 }']);
  // Babel's, which names the namespace after the module.
  deepStrictEqual(named('var _cacheResource = require("cache-resource");\nconst load = (0, _cacheResource.cacheData)(async (id, _signal) => id);'), ['{ params: ["id","_signal"] }']);
  deepStrictEqual(named(`${IMPORT}const load = (0, cacheResource)((id, _s) => id);`), ['{ params: ["id","_s"] }']);
  // A function given a type on its way in: `as`, `satisfies`, `!`, `<T>`.
  deepStrictEqual(named(`${IMPORT}cacheResource(((id: string, _s: AbortSignal) => id) as Loader);`, "a.ts"), ['{ params: ["id","_s"] }']);
  deepStrictEqual(named(`${IMPORT}cacheResource((async (id: string, _s?: AbortSignal) => id) satisfies Loader);`, "a.ts"), ['{ params: ["id","_s"] }']);
  deepStrictEqual(named(`${IMPORT}const f = (<Loader>((id, _s) => id))!;\ncacheResource(f);`, "a.ts"), ['{ name: "f", params: ["id","_s"] }']);
  strictEqual(addNames(`${IMPORT}const load = (1, other)((id, _s) => id);`, "a.js"), null, "a sequence ending in another function");
});

test("TypeScript, JSX and TSX are read as written, so no compile step need come first", () => {
  const named = (code, id) => addNames(IMPORT + code, id)?.code.match(/\{ (name|params)[^}]*\}/g);
  deepStrictEqual(named("const f = async (id: number, _signal?: AbortSignal): Promise<number> => id;\ncacheResource<number>(f);", "a.ts"),
    ['{ name: "f", params: ["id","_signal"] }']);
  // A `.ts` file's `<T>` is a type assertion, not JSX.
  deepStrictEqual(named("const n = <number>(<unknown>1);\ncacheResource((a: string, _b: number) => a);", "a.mts"), ['{ params: ["a","_b"] }']);
  deepStrictEqual(named("const load = cacheResource(async function load(id: number, _s?: AbortSignal) { return id; });\nexport const C = () => <p onClick={() => load(1)}>{1}</p>;", "c.tsx"),
    ['{ name: "load", params: ["id","_s"] }']);
  deepStrictEqual(named("const load = cacheResource((id, _s) => id);\nexport default () => <p>{load(1)}</p>;", "c.jsx"), ['{ params: ["id","_s"] }']);
  // TypeScript's `this` parameter declares a type; the first argument is the next one.
  deepStrictEqual(named("function find(this: Db, id: number, _log: Log) {}\ncacheResource(find);", "a.ts"), ['{ name: "find", params: ["id","_log"] }']);
  strictEqual(addNames(`${IMPORT}cacheResource((a, _b) => 0`, "a.ts"), null, "text that does not parse is left to the bundler to report");
});

test("a decorated method written with its decorator gets its parameters, in TypeScript or JavaScript", () => {
  for (const id of ["a.ts", "a.js"]) {
    const code = 'import * as caching from "cache-resource";\nclass Api {\n  @cacheResource({ ttl: 60 }) find(id, _log) {}\n  @cacheResource bare(a, _b) {}\n' +
      "  @caching.cacheData() rows(sql, _db) {}\n  @cacheResource get size() { return 1; }\n  @other() skip(_x) {}\n}";
    const out = addNames(IMPORT + code, id).code;
    ok(out.includes('@cacheResource({ params: ["id","_log"], ttl: 60 }) find'), out);
    ok(out.includes('@cacheResource({ params: ["a","_b"] }) bare'), out);
    ok(out.includes('@caching.cacheData({ params: ["sql","_db"] }) rows'), out);
    ok(out.includes("@cacheResource get size") && out.includes("@other() skip"), "a getter is the runtime's to refuse; another decorator is not ours");
  }
});

test("the source map points the moved code back at the original", () => {
  const original = `${IMPORT}export const loadModel = cacheResource(async function loadModel(name, _onProgress) {\n  return name;\n});\nexport const marker = 42;\n`;
  const out = addNames(original, "app.js");
  const lines = out.code.split("\n");
  const line = lines.findIndex((l) => l.includes("marker"));
  const position = originalPositionFor(new TraceMap(out.map), { line: line + 1, column: lines[line].indexOf("marker") });
  const originalLines = original.split("\n");
  const want = originalLines.findIndex((l) => l.includes("marker"));
  deepStrictEqual([position.source, position.line, position.column], ["app.js", want + 1, originalLines[want].indexOf("marker")]);
  const inside = out.code.split("\n").findIndex((l) => l.includes("return name"));
  strictEqual(originalPositionFor(new TraceMap(out.map), { line: inside + 1, column: 2 }).line, 3);
});
