// The build plugin: keeps what a minifier takes from a cached function. Before minification,
// each `cacheResource(fn, options?)` or `cacheData(fn, options?)` call (and the factory
// form `cacheResource(options)(fn)`, and `hourly(fn)` where the module binds `hourly` to
// `cacheResource(options)` or imports it, by a relative path or a tsconfig `paths` alias,
// from a module that exports it so, itself or through re-exports) whose `fn` is a function
// literal, a name the module binds once to one (a function declaration, or a `const`,
// `let` or `var` never assigned again), or such a function imported from a module of the
// app's, gets the function's name and its parameter names
// as written, as the `name` and `params` options: the underscore rule and the inspector
// then see the source's names in the shipped build. The package's functions are found
// under any import name, through a namespace import, or through `require` (called as
// CommonJS output calls them, `(0, ns.f)(fn)`), under a local name bound to them once
// (`const cached = cacheResource`), and imported from a module of the app's that passes
// them on (`export { cacheResource as cached } from "cache-resource"`). A method decorated as written,
// `@cacheResource` or `@cacheResource(options)`, gets its parameter names. Options the
// call gives itself win. One implementation for Vite, Rollup, Rolldown, esbuild, webpack
// and Rspack, through unplugin; loader.js hands it to Turbopack. @babel/parser reads the
// modules, since it reads TypeScript, JSX and decorators as well as JavaScript.
//
//   // vite.config.js
//   import cacheResource from "cache-resource/plugin";
//   export default { plugins: [cacheResource.vite()] };

import { readFileSync, statSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { createUnplugin } from "unplugin";
import { parse } from "@babel/parser";
import MagicString from "magic-string";

const PACKAGE = "cache-resource";
// The entries that export cacheResource and cacheData.
const ENTRIES = new Set([PACKAGE, `${PACKAGE}/inline`]);
// Scripts, and the components that Vue, Svelte, Astro and MDX compile to JavaScript before
// the plugin runs.
const SCRIPT = /\.([cm]?[jt]sx?|vue|svelte|astro|mdx)$/;

/**
 * The module's syntax tree, read as written: JavaScript, JSX, TypeScript or TSX, so that
 * the plugin needs no compile step before it (esbuild's plugins, Turbopack's loaders and
 * Rollup's see the source itself). A `.ts` file cannot hold JSX, whose `<T>` would be a
 * type assertion there; anything else is tried as TSX first, which reads JavaScript too.
 * Null when no reading parses.
 */
function parseModule(code, id) {
  const ts = /\.[cm]?ts$/.test(id.split("?")[0]);
  for (const plugins of ts ? [["typescript"], []] : [["typescript", "jsx"], ["typescript"], []]) {
    try {
      return parse(code, { sourceType: "module", allowReturnOutsideFunction: true, plugins: ["estree", "decorators", ...plugins] });
    } catch {
      // the next reading
    }
  }
  return null;
}

/**
 * The parameters of a function node as cacheResource's `params` option spells them: a
 * name, "" when destructured, "...name" for a rest parameter. TypeScript's `this`
 * parameter is a type only, never an argument.
 */
function paramsOf(fn) {
  return fn.params.filter((p) => !(p.type === "Identifier" && p.name === "this")).map((p) => {
    if (p.type === "AssignmentPattern") p = p.left;
    if (p.type === "Identifier") return p.name;
    if (p.type === "RestElement") return p.argument.type === "Identifier" ? `...${p.argument.name}` : "...";
    return "";
  });
}

/** Calls `visit(node, scope)` on every node of `ast`, depth first; `scope` is the nearest block, function or program around it. */
function walk(node, visit, scope = node) {
  visit(node, scope);
  const inner = /^(Program|BlockStatement|StaticBlock|For(In|Of)?Statement|SwitchStatement|CatchClause)$|Function/.test(node.type) ? node : scope;
  for (const key in node) {
    const child = node[key];
    if (Array.isArray(child)) {
      for (const c of child) if (c && typeof c.type === "string") walk(c, visit, inner);
    } else if (child && typeof child.type === "string" && key !== "loc") {
      walk(child, visit, inner);
    }
  }
}

/** The names a binding pattern (`a`, `{ a, b: [c] }`, `...d`, `e = 1`) declares. */
function namesIn(pattern, out = []) {
  if (!pattern) return out;
  if (pattern.type === "Identifier") out.push(pattern.name);
  else if (pattern.type === "AssignmentPattern") namesIn(pattern.left, out);
  else if (pattern.type === "RestElement") namesIn(pattern.argument, out);
  else if (pattern.type === "ArrayPattern") for (const e of pattern.elements) namesIn(e, out);
  else if (pattern.type === "ObjectPattern") for (const p of pattern.properties) namesIn(p.type === "RestElement" ? p : p.value, out);
  return out;
}

const FUNCTION = /^(FunctionExpression|ArrowFunctionExpression|FunctionDeclaration)$/;

/**
 * The expression `node` stands for, through what leaves its value as it is: TypeScript's
 * `as`, `satisfies`, `!` and `<T>`, and the `(0, f)` through which TypeScript's and Babel's
 * CommonJS output calls an imported function (`(0, cache_resource_1.cacheResource)(fn)`).
 */
function unwrapped(node) {
  for (;;) {
    if (/^TS(AsExpression|SatisfiesExpression|NonNullExpression|TypeAssertion)$/.test(node?.type)) node = node.expression;
    else if (node?.type === "SequenceExpression" && node.expressions.slice(0, -1).every((e) => e.type === "Literal")) node = node.expressions.at(-1);
    else return node;
  }
}

const CALLED = new Set(["cacheResource", "cacheData"]);

/**
 * A function node as the options it is given: its own name (else `bound`, the name it is
 * bound to, as the function's `name` is then) and its parameters.
 */
const described = (fn, bound = undefined) => ({ name: fn.id?.name ?? bound, params: paramsOf(fn) });

/**
 * What each name the module declares exactly once is bound to, and where: the functions a
 * call can pass by name, and the package's functions under local names. A name declared
 * twice anywhere (shadowed, or a parameter elsewhere) or assigned to is left alone, so
 * no scope analysis can be fooled into naming the wrong function.
 */
function bindingsOf(ast) {
  const bindings = new Map();
  const bind = (name, value, scope) => bindings.set(name, bindings.has(name) ? null : { value, scope });
  const reassigned = new Set();
  walk(ast, (node, scope) => {
    switch (node.type) {
      case "ImportDeclaration":
        for (const s of node.specifiers) {
          const name = s.type === "ImportNamespaceSpecifier" ? "*" : s.type === "ImportDefaultSpecifier" ? "default" : s.imported?.name;
          const from = node.source.value;
          // The package's function, or what a module of the app's own exports (a factory?).
          bind(s.local.name, ENTRIES.has(from) ? { package: name } : { imported: { from, name } }, scope);
        }
        break;
      case "VariableDeclarator": {
        const names = namesIn(node.id);
        const init = unwrapped(node.init);
        // const { cacheResource } = require("cache-resource"), or = await import(…), or a
        // namespace: const m = require(…)
        const loaded = init?.type === "AwaitExpression" ? init.argument : init;
        const required = ENTRIES.has((loaded?.type === "ImportExpression" ? loaded.source : loaded?.callee?.name === "require" && loaded.arguments[0])?.value);
        if (required && node.id.type === "ObjectPattern") {
          for (const p of node.id.properties) bind(namesIn(p.type === "RestElement" ? p : p.value)[0], !p.computed && p.key?.name ? { package: p.key.name } : null, scope);
          break;
        }
        const value =
          node.id.type !== "Identifier" ? null
          : required ? { package: "*" }
          : FUNCTION.test(init?.type) ? { fn: init, name: node.id.name }
          : init?.type === "CallExpression" ? { factory: init }
          : /^(Identifier|MemberExpression)$/.test(init?.type) ? { alias: init }
          : null;
        for (const n of names) bind(n, value, scope);
        break;
      }
      case "FunctionDeclaration":
      case "ClassDeclaration":
      case "FunctionExpression":
      case "ArrowFunctionExpression":
      case "ClassExpression":
        // A declaration's name is its scope's; an expression's, its own.
        if (node.id) bind(node.id.name, node.type === "FunctionDeclaration" ? { fn: node, name: node.id.name } : null, node.type.endsWith("Declaration") ? scope : node);
        for (const n of (node.params ?? []).flatMap((p) => namesIn(p))) bind(n, null, node);
        break;
      case "CatchClause":
        for (const n of namesIn(node.param)) bind(n, null, node);
        break;
      case "AssignmentExpression":
        for (const n of namesIn(node.left)) reassigned.add(n);
        break;
      case "UpdateExpression":
        if (node.argument.type === "Identifier") reassigned.add(node.argument.name);
        break;
      case "ForInStatement":
      case "ForOfStatement":
        if (node.left.type !== "VariableDeclaration") for (const n of namesIn(node.left)) reassigned.add(n);
        break;
    }
  });
  for (const n of reassigned) bindings.set(n, null);
  return bindings;
}

const RELATIVE = /^\.\.?\//;
const REEXPORT = /\bexport\b[^;]*?\bfrom\s*["']/;

/**
 * How a module's names are read: `kindOf(node)`, what a name or expression there stands
 * for, of what matters here (below); `isPackageFunction(node)`, whether it is cacheResource
 * or cacheData, imported from the package or from a module of the app's that passes it on;
 * `isFactoryCall(call)`, whether a call makes a factory.
 */
function namesOf(ast, id) {
  const bindings = bindingsOf(ast);
  const bound = (node) => {
    if (node?.type !== "Identifier") return null;
    const b = bindings.get(node.name);
    return b?.value && b.scope.start <= node.start && node.end <= b.scope.end ? b.value : null;
  };
  /**
   * What `node` names, of what matters here: "cacheResource" or "cacheData" (imported from
   * the package, or from an app module that passes it on), FACTORY, a function as
   * `{ name, params }` (see described), or undefined; the same for a name imported from a
   * module of the app's (a function only with `functions`: see exportsOf). Follows a name
   * bound to another (`const cached = cacheResource`) a few steps.
   */
  const kindOf = (node, functions = false, steps = 0) => {
    node = unwrapped(node);
    if (FUNCTION.test(node?.type)) return described(node);
    if (node?.type === "MemberExpression") {
      const key = node.computed ? node.property.value : node.property.name;
      const object = bound(node.object);
      if (object?.package === "*") return CALLED.has(key) ? key : undefined;
      // caching.hourly, through `import * as caching from "./caching"`
      return object?.imported?.name === "*" ? exportsOf(object.imported.from, id, functions)?.get(key) : undefined;
    }
    const value = bound(node);
    if (CALLED.has(value?.package)) return value.package;
    if (isFactoryCall(value?.factory)) return FACTORY;
    if (value?.fn) return described(value.fn, value.name);
    if (value?.imported) return exportsOf(value.imported.from, id, functions)?.get(value.imported.name);
    return value?.alias && steps < 8 ? kindOf(value.alias, functions, steps + 1) : undefined;
  };
  const isPackageFunction = (node) => CALLED.has(kindOf(node));
  /** `cacheResource(options?)` or `cacheData(options?)`, options written as an object. */
  const isFactoryCall = (call) =>
    call?.type === "CallExpression" && isPackageFunction(unwrapped(call.callee)) && call.arguments.length <= 1 && (call.arguments[0]?.type ?? "ObjectExpression") === "ObjectExpression";
  return { kindOf, isPackageFunction, isFactoryCall };
}

// A module of the app's that exports factories or the package's functions, by path: its
// modification time and what it exports under each name (see exportsOf). Read once per
// change of the file.
const exported = new Map();
// What exportsOf says of an export that `cacheResource(options?)` made.
const FACTORY = "factory";

// The file each import path was found to be, or null where none was: a build asks again
// for every module that imports it, and probing extensions costs a dozen stats.
const found = new Map();

/**
 * The file an import of `from` in module `id` is, as a bundler resolves it, or null: a
 * relative path, or an alias of tsconfig.json's (or jsconfig.json's) `paths`, such as
 * Next.js's `@/*`. Packages are not the app's modules.
 */
function fileOf(from, id) {
  const importer = id.split("?")[0];
  if (!isAbsolute(importer)) return null; // a virtual module's id is no place on disk
  for (const base of RELATIVE.test(from) ? [resolve(dirname(importer), from)] : aliased(from, dirname(importer))) {
    const known = found.get(base);
    if (known === null) continue;
    if (known !== undefined) {
      try {
        return { path: known, mtimeMs: statSync(known).mtimeMs };
      } catch {
        found.delete(base);
      }
    }
    const file = probe(base);
    found.set(base, file?.path ?? null);
    if (file !== null) return file;
  }
  return null;
}

// The `paths` that apply in each folder, from the nearest tsconfig.json or jsconfig.json
// (or a config it extends or references: Vite's templates keep them there), or null.
const pathsIn = new Map();
// Comments, then trailing commas, which tsconfig.json may have and JSON may not; strings
// first, so that a "//" inside one stays.
const COMMENTS = /("(?:[^"\\]|\\.)*")|\/\/[^\n]*|\/\*[^]*?\*\//g;
const TRAILING_COMMAS = /("(?:[^"\\]|\\.)*")|,(?=\s*[}\]])/g;

/** A tsconfig's `paths` and the folder they are relative to, or null; undefined where there is no such file. */
function pathsOfConfig(file) {
  let text;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
  let config;
  try {
    config = JSON.parse(text.replace(COMMENTS, (match, string) => string ?? "").replace(TRAILING_COMMAS, (match, string) => string ?? ""));
  } catch {
    return null;
  }
  const { baseUrl = ".", paths } = config.compilerOptions ?? {};
  if (paths) return { base: resolve(dirname(file), baseUrl), paths };
  // A config it extends (by a path; a package's is no app alias), or one it references.
  const others = [config.extends ?? []].flat().filter((e) => RELATIVE.test(e));
  for (const { path } of config.references ?? []) others.push(path.endsWith(".json") ? path : join(path, "tsconfig.json"));
  for (const other of others) {
    const inherited = pathsOfConfig(resolve(dirname(file), other));
    if (inherited) return inherited;
  }
  return null;
}

function pathsFor(dir) {
  if (!pathsIn.has(dir)) {
    let config;
    for (const name of ["tsconfig.json", "jsconfig.json"]) if ((config = pathsOfConfig(join(dir, name))) !== undefined) break;
    pathsIn.set(dir, config !== undefined ? config : dirname(dir) === dir ? null : pathsFor(dirname(dir)));
  }
  return pathsIn.get(dir);
}

/** Where an alias of the `paths` that apply in `dir` may point, in the order a bundler tries. */
function aliased(from, dir) {
  const config = pathsFor(dir);
  const out = [];
  for (const [pattern, targets] of Object.entries(config?.paths ?? {})) {
    const [pre, post = null] = pattern.split("*");
    const middle = post === null ? (from === pre ? "" : null) : from.startsWith(pre) && from.endsWith(post) && from.length >= pre.length + post.length ? from.slice(pre.length, from.length - post.length) : null;
    if (middle !== null) for (const target of targets) out.push(resolve(config.base, target.replace("*", middle)));
  }
  return out;
}

/** The first file `base` names, with the extensions and index files a bundler tries. */
function probe(base) {
  // TypeScript's ESM imports name a .ts file by its .js name.
  const stems = /\.[cm]?js$/.test(base) ? [base, base.replace(/js$/, "ts"), base.replace(/\.js$/, ".tsx")] : [base];
  for (const stem of stems) {
    for (const ext of ["", ".ts", ".tsx", ".js", ".jsx", ".mjs", ".mts", "/index.ts", "/index.tsx", "/index.js", "/index.jsx"]) {
      try {
        const stat = statSync(stem + ext);
        if (stat.isFile()) return { path: stem + ext, mtimeMs: stat.mtimeMs };
      } catch {
        // not this one
      }
    }
  }
  return null;
}

/**
 * What the module that `id` imports as `from` exports, of what matters here: exported name
 * -> FACTORY, "cacheResource" or "cacheData" where it passes on the package's function
 * (`export { cacheResource as cached } from "cache-resource"`, an app's own caching module),
 * or a function's `{ name, params }`. Null when `from` is no module of the app's. Without
 * `functions`, only a module that names the package or re-exports is read: every module a
 * build transforms asks this of each module it imports, and reading them all would parse
 * the app twice; with it (for a function passed to cacheResource by name), any is.
 */
function exportsOf(from, id, functions = false) {
  const file = fileOf(from, id);
  if (file === null) return null;
  const seen = exported.get(file.path);
  // Read with `functions`, what it says holds either way; read without, not.
  if (seen?.mtimeMs === file.mtimeMs && (seen.functions || !functions)) return seen.names;
  const names = new Map();
  exported.set(file.path, { mtimeMs: file.mtimeMs, names, functions });
  const code = readFileSync(file.path, "utf8");
  // A module that makes factories or passes the functions on names the package; a barrel re-exports them.
  const ast = functions || code.includes(PACKAGE) || REEXPORT.test(code) ? parseModule(code, file.path) : null;
  if (ast === null) return names;
  const { kindOf, isFactoryCall } = namesOf(ast, file.path);
  const nameOf = (node) => node.name ?? node.value;
  const add = (name, kind) => kind !== undefined && names.set(name, kind);
  for (const node of ast.program.body) {
    const from = typeof node.source?.value === "string" ? node.source.value : null;
    if (node.type === "ExportNamedDeclaration" && node.declaration?.type === "VariableDeclaration") {
      // export const hourly = cacheResource({ ttl: "1h" }), export const cached = cacheResource,
      // or export const fetchUser = async (id, _signal) => …
      for (const d of node.declaration.declarations) if (d.id.type === "Identifier") add(d.id.name, kindOf(d.id, functions));
    } else if (node.type === "ExportNamedDeclaration" && node.declaration?.type === "FunctionDeclaration") {
      add(node.declaration.id.name, kindOf(node.declaration.id, functions));
    } else if (node.type === "ExportNamedDeclaration") {
      // export { hourly }, export { hourly as h } from "./caching", export { cacheResource as cached } from "cache-resource"
      for (const s of node.specifiers) {
        const local = nameOf(s.local);
        const kind = from === null ? kindOf(s.local, functions) : ENTRIES.has(from) ? (CALLED.has(local) ? local : undefined) : exportsOf(from, file.path, functions)?.get(local);
        add(nameOf(s.exported), kind);
      }
    } else if (node.type === "ExportAllDeclaration" && from !== null && !node.exported) {
      if (ENTRIES.has(from)) for (const n of CALLED) names.set(n, n);
      else for (const [n, kind] of exportsOf(from, file.path, functions) ?? []) if (n !== "default") names.set(n, kind);
    } else if (node.type === "ExportDefaultDeclaration") {
      const d = unwrapped(node.declaration);
      add("default", isFactoryCall(d) ? FACTORY : kindOf(d, functions));
    }
  }
  return names;
}

/** Whether `code` imports, from a module of the app's, a factory or one of the package's functions that module exports. */
function importsCaching(code, id) {
  for (const [, from] of code.matchAll(/\bfrom\s*["']([^"']+)["']/g)) {
    for (const kind of exportsOf(from, id)?.values() ?? []) if (typeof kind === "string") return true;
  }
  return false;
}

/**
 * `code` with the names added to every cacheResource and cacheData call it can see, and its
 * source map; null when there is nothing to add, or the text does not parse. Never throws:
 * what it cannot read, it leaves to the bundler.
 */
export function addNames(code, id) {
  try {
    return named(code, id);
  } catch {
    return null;
  }
}

function named(code, id) {
  if (!code.includes(PACKAGE) && !importsCaching(code, id)) return null;
  const ast = parseModule(code, id);
  if (ast === null) return null;
  const { kindOf, isPackageFunction } = namesOf(ast, id);
  const out = new MagicString(code);
  let changed = false;
  /** Adds `names` to the options that `call` takes at `optionsAt` (its first or second argument). */
  const addTo = (call, optionsAt, names) => {
    const options = call.arguments[optionsAt];
    if (options === undefined) {
      // After the last argument, or inside the empty parentheses.
      const last = call.arguments.at(-1);
      if (last === undefined) out.appendLeft(call.end - 1, `{ ${names} }`);
      else out.appendLeft(last.end, `, { ${names} }`);
    } else if (options.type === "ObjectExpression") {
      // First, so names the call gives itself win.
      out.appendRight(options.start + 1, ` ${names},`);
    } else {
      out.prependRight(options.start, `{ ${names}, ...(`);
      out.appendLeft(options.end, ")}");
    }
    changed = true;
  };
  walk(ast, (node) => {
    // A decorated method, `@cacheResource(options?)` or bare `@cacheResource`, as written:
    // a minifier keeps the method's name (a property), so only its parameters are added.
    if (node.type === "MethodDefinition" && node.kind === "method" && node.decorators?.length) {
      for (const { expression: d } of node.decorators) {
        const params = `params: ${JSON.stringify(paramsOf(node.value))}`;
        if (d.type === "CallExpression" && isPackageFunction(d.callee) && d.arguments.length <= 1 && d.arguments[0]?.type !== "SpreadElement") addTo(d, 0, params);
        else if (d.type !== "CallExpression" && isPackageFunction(d)) {
          out.appendLeft(d.end, `({ ${params} })`);
          changed = true;
        }
      }
      return;
    }
    if (node.type !== "CallExpression") return;
    // cacheResource(fn, options?), cacheResource(options)(fn), or hourly(fn, options?)
    // where `hourly` is a factory, which takes options after the function too.
    let call = node;
    let optionsAt = 1;
    const callee = unwrapped(node.callee);
    if (callee.type === "CallExpression" && isPackageFunction(unwrapped(callee.callee))) {
      call = callee;
      optionsAt = 0;
    } else {
      // One reading of the callee: an imported one is looked up in its module.
      const kind = kindOf(callee);
      if (!CALLED.has(kind) && kind !== FACTORY) return;
    }
    // A function written here, bound here once, or imported from a module of the app's.
    const fn = node.arguments[0] && kindOf(node.arguments[0], true);
    if (!Array.isArray(fn?.params)) return;
    if (call.arguments.some((a) => a.type === "SpreadElement")) return;
    addTo(call, optionsAt, [...(fn.name ? [`name: ${JSON.stringify(fn.name)}`] : []), `params: ${JSON.stringify(fn.params)}`].join(", "));
  });
  if (!changed) return null;
  return { code: out.toString(), map: out.generateMap({ source: id, includeContent: true, hires: true }) };
}

const unplugin = createUnplugin(() => ({
  name: "cache-resource",
  // After TypeScript and JSX are compiled, before anything minifies.
  enforce: "post",
  transformInclude: (id) => SCRIPT.test(id.split("?")[0]),
  transform: (code, id) => addNames(code, id),
}));

export const vite = unplugin.vite;
export const rollup = unplugin.rollup;
export const rolldown = unplugin.rolldown;
export const esbuild = unplugin.esbuild;
export const webpack = unplugin.webpack;
export const rspack = unplugin.rspack;
export default unplugin;
