// The build plugin: keeps what a minifier takes from a cached function. Before minification,
// each `cacheResource(fn, options?)` or `cacheData(fn, options?)` call (and the factory
// form `cacheResource(options)(fn)`, and `hourly(fn)` where the module binds `hourly` to
// `cacheResource(options)`) whose `fn` is a function literal, or a name the module
// binds once to one (a function declaration, or a `const`, `let` or `var` never assigned
// again), gets the function's name and its parameter names as written, as the `name` and
// `params` options: the underscore rule and the inspector then see the source's names in
// the shipped build. The package's functions are found under any import name, through a
// namespace import, or through `require`. Options the call gives itself win. One
// implementation for Vite, Rollup, Rolldown, esbuild, webpack and Rspack, through unplugin.
//
//   // vite.config.js
//   import cacheResource from "cache-resource/plugin";
//   export default { plugins: [cacheResource.vite()] };

import { createUnplugin } from "unplugin";
import { parse } from "acorn";
import MagicString from "magic-string";

const PACKAGE = "cache-resource";
// Modules that are JavaScript by the time the plugin runs: scripts, and the components that
// Vue, Svelte, Astro and MDX compile to JavaScript before it.
const SCRIPT = /\.([cm]?[jt]sx?|vue|svelte|astro|mdx)$/;

/**
 * The parameters of a function node as cacheResource's `params` option spells them: a
 * name, "" when destructured, "...name" for a rest parameter.
 */
function paramsOf(fn) {
  return fn.params.map((p) => {
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
const CALLED = new Set(["cacheResource", "cacheData"]);

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
          const from = node.source.value === PACKAGE && (s.type === "ImportNamespaceSpecifier" ? "*" : s.imported?.name);
          bind(s.local.name, from ? { package: from } : null, scope);
        }
        break;
      case "VariableDeclarator": {
        const names = namesIn(node.id);
        const init = node.init;
        // const { cacheResource } = require("cache-resource"), or const m = require(...)
        const required = init?.type === "CallExpression" && init.callee.name === "require" && init.arguments[0]?.value === PACKAGE;
        if (required && node.id.type === "ObjectPattern") {
          for (const p of node.id.properties) bind(namesIn(p.type === "RestElement" ? p : p.value)[0], !p.computed && p.key?.name ? { package: p.key.name } : null, scope);
          break;
        }
        const value = node.id.type !== "Identifier" ? null : required ? { package: "*" } : FUNCTION.test(init?.type) ? { fn: init, name: node.id.name } : init?.type === "CallExpression" ? { factory: init } : null;
        for (const n of names) bind(n, value, scope);
        break;
      }
      case "FunctionDeclaration":
      case "ClassDeclaration":
        if (node.id) bind(node.id.name, node.type === "FunctionDeclaration" ? { fn: node, name: node.id.name } : null, scope);
        if (node.params) for (const n of node.params.flatMap((p) => namesIn(p))) bind(n, null, node);
        break;
      case "FunctionExpression":
      case "ArrowFunctionExpression":
      case "ClassExpression":
        if (node.id) bind(node.id.name, null, node);
        if (node.params) for (const n of node.params.flatMap((p) => namesIn(p))) bind(n, null, node);
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

/**
 * `code` with the names added to every cacheResource and cacheData call it can see, and its
 * source map; null when there is nothing to add (or the text is not JavaScript acorn can
 * read: a bundler's TypeScript or JSX step must come first, as it does in Vite).
 */
export function addNames(code, id) {
  if (!code.includes(PACKAGE)) return null;
  let ast;
  try {
    ast = parse(code, { ecmaVersion: "latest", sourceType: "module", allowHashBang: true });
  } catch {
    return null;
  }
  const bindings = bindingsOf(ast);
  /** What `node`, an expression, names where it is used, if it is one binding the module declares. */
  const bound = (node) => {
    if (node?.type !== "Identifier") return null;
    const b = bindings.get(node.name);
    return b?.value && b.scope.start <= node.start && node.end <= b.scope.end ? b.value : null;
  };
  /** Whether `node` is cacheResource or cacheData from the package, by any local name. */
  const isPackageFunction = (node) => {
    if (node.type === "MemberExpression") {
      const key = node.computed ? node.property.value : node.property.name;
      return bound(node.object)?.package === "*" && CALLED.has(key);
    }
    return CALLED.has(bound(node)?.package);
  };
  /** Whether `node` names what `cacheResource(options?)` returned: `const hourly = cacheResource({ ttl: "1h" })`. */
  const isFactory = (node) => {
    const call = bound(node)?.factory;
    return call !== undefined && isPackageFunction(call.callee) && call.arguments.length <= 1 && (call.arguments[0]?.type ?? "ObjectExpression") === "ObjectExpression";
  };
  const out = new MagicString(code);
  let changed = false;
  walk(ast, (node) => {
    if (node.type !== "CallExpression") return;
    // cacheResource(fn, options?), cacheResource(options)(fn), or hourly(fn, options?)
    // where `hourly` is a factory, which takes options after the function too.
    let call = node;
    let optionsAt = 1;
    if (node.callee.type === "CallExpression" && isPackageFunction(node.callee.callee)) {
      call = node.callee;
      optionsAt = 0;
    } else if (!isPackageFunction(node.callee) && !isFactory(node.callee)) {
      return;
    }
    let fn = node.arguments[0];
    let name = fn?.id?.name;
    if (fn?.type === "Identifier") ({ fn, name } = bound(fn) ?? {});
    if (!fn || !FUNCTION.test(fn.type)) return;
    if (call.arguments.some((a) => a.type === "SpreadElement")) return;
    const names = [...(name ? [`name: ${JSON.stringify(fn.id?.name ?? name)}`] : []), `params: ${JSON.stringify(paramsOf(fn))}`].join(", ");
    const options = call.arguments[optionsAt];
    if (options === undefined) {
      // After the last argument (or inside the empty parentheses of the factory form).
      const at = optionsAt === 0 ? call.end - 1 : node.arguments[0].end;
      out.appendLeft(at, optionsAt === 0 ? `{ ${names} }` : `, { ${names} }`);
    } else if (options.type === "ObjectExpression") {
      // First, so names the call gives itself win.
      out.appendRight(options.start + 1, ` ${names},`);
    } else {
      out.prependRight(options.start, `{ ${names}, ...(`);
      out.appendLeft(options.end, ")}");
    }
    changed = true;
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
