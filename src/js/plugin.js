// The build plugin: keeps what a minifier takes from a cached function. Before minification,
// each `cacheResource(fn, options?)` call (and `cacheResource(options)(fn)`) whose `fn` is a
// function literal, or the name of a function declared in the module, gets the function's
// name and its parameter names as written, as the `name` and `params` options: the
// underscore rule and the inspector then see the source's names in the shipped build.
// Options the call gives itself win. One implementation for Vite, Rollup, Rolldown,
// esbuild, webpack and Rspack, through unplugin.
//
//   // vite.config.js
//   import cacheResource from "cache-resource/plugin";
//   export default { plugins: [cacheResource.vite()] };

import { createUnplugin } from "unplugin";
import { parse } from "acorn";
import MagicString from "magic-string";

const PACKAGE = "cache-resource";
const SCRIPT = /\.[cm]?[jt]sx?$/;

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

/** Calls every node of `ast` with `visit(node)`, depth first. */
function walk(node, visit) {
  visit(node);
  for (const key in node) {
    const child = node[key];
    if (Array.isArray(child)) {
      for (const c of child) if (c && typeof c.type === "string") walk(c, visit);
    } else if (child && typeof child.type === "string" && key !== "loc") {
      walk(child, visit);
    }
  }
}

/**
 * `code` with the names added to every cacheResource call it can see, and its source map;
 * null when there is nothing to add (or the text is not JavaScript acorn can read: a
 * bundler's TypeScript or JSX step must come first, as it does in Vite).
 */
export function addNames(code, id) {
  if (!code.includes(PACKAGE)) return null;
  let ast;
  try {
    ast = parse(code, { ecmaVersion: "latest", sourceType: "module", allowHashBang: true });
  } catch {
    return null;
  }
  // The local names `cacheResource` is imported under from the package.
  const callees = new Set();
  for (const node of ast.body) {
    if (node.type !== "ImportDeclaration" || node.source.value !== PACKAGE) continue;
    for (const s of node.specifiers) if (s.type === "ImportSpecifier" && s.imported.name === "cacheResource") callees.add(s.local.name);
  }
  if (callees.size === 0) return null;
  const declared = new Map();
  walk(ast, (node) => {
    if (node.type === "FunctionDeclaration" && node.id) declared.set(node.id.name, declared.has(node.id.name) ? null : node);
  });
  const out = new MagicString(code);
  let changed = false;
  walk(ast, (node) => {
    if (node.type !== "CallExpression") return;
    // cacheResource(fn, options?) or cacheResource(options)(fn)
    let call = node;
    let optionsAt = 1;
    if (node.callee.type === "CallExpression" && node.callee.callee.type === "Identifier" && callees.has(node.callee.callee.name)) {
      call = node.callee;
      optionsAt = 0;
    } else if (node.callee.type !== "Identifier" || !callees.has(node.callee.name)) {
      return;
    }
    let fn = node.arguments[0];
    if (fn?.type === "Identifier") fn = declared.get(fn.name) ?? null;
    if (!fn || !/^(FunctionExpression|ArrowFunctionExpression|FunctionDeclaration)$/.test(fn.type)) return;
    if (call.arguments.some((a) => a.type === "SpreadElement")) return;
    const names = [...(fn.id ? [`name: ${JSON.stringify(fn.id.name)}`] : []), `params: ${JSON.stringify(paramsOf(fn))}`].join(", ");
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
