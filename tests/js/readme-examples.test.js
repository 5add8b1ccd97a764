// The README's examples, run: each ```js and ```jsx block becomes a module that imports the
// built package by name, with stand-ins for what an example leaves to the reader (a
// socket, a database, a model server). A statement commented `// true` must be true.
import { test } from "node:test";
import { deepStrictEqual, ok } from "node:assert/strict";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { transform } from "esbuild";

const README = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
const OUT = new URL("../../test-results/readme/", import.meta.url);

// Stand-ins, declared in a block only when it uses the name and does not declare it.
const STANDINS = {
  openSocket: "async (url, options) => ({ url, options, close() {} })",
  compile: "async (bytes, onProgress) => ({ bytes, contextLost: false, dispose() {} })",
  fetch: "async (url) => ({ ok: true, json: async () => ({ url }), arrayBuffer: async () => new ArrayBuffer(8) })",
  connA: "{ run: (sql) => `rows of ${sql}` }",
  connB: "{ run: (sql) => `rows of ${sql}` }",
  open: "(name) => ({ name })",
  ApiClient: "class { constructor(region) { this.region = region; } }",
  openDb: "(name) => ({ name, close() {} })",
  getDb: 'cacheResource((name) => ({ name, close() {} }), { scope: "session", key: "readme getDb" })',
  render: "async (db) => `<p>${db.name}</p>`",
  app: "{ get: (path, handle) => handle({ id: 1 }, { send() {} }) }",
  fetchModel: "async (name) => ({ name, layers: 50, dispose() {} })",
  fetchUser: "async (id) => ({ id })",
  fetchRows: "async (sql) => ({ rows: [3, 1, 2] })",
  userFromServerRender: "{ id: 42, name: 'from the server' }",
  self: "{ addEventListener() {} }", // a service worker's global
};

/** The fenced blocks of `lang`, with the line each starts on. */
function blocks(text) {
  const out = [];
  const re = /^```(js|jsx)\n([\s\S]*?)^```$/gm;
  for (let m; (m = re.exec(text)); ) out.push({ lang: m[1], code: m[2], line: text.slice(0, m.index).split("\n").length });
  return out;
}

function prepare({ code }) {
  const declared = (name) => new RegExp(`\\b(const|let|var|function|class)\\s+${name}\\b|import\\s*\\{[^}]*\\b${name}\\b`).test(code);
  const uses = (name) => new RegExp(`\\b${name}\\b`).test(code);
  const head = [];
  for (const name of ["cacheResource", "cacheData"]) {
    if (uses(name) && !declared(name)) head.push(`import { ${name} } from "cache-resource";`);
  }
  head.push('import { strictEqual as __true } from "node:assert/strict";');
  for (const [name, value] of Object.entries(STANDINS)) if (uses(name) && !declared(name)) head.push(`const ${name} = ${value};`);
  // `expression; // true...` asserts the expression.
  const body = code
    .replace(/^(.+?);\s*\/\/ true\b.*$/gm, (_, expr) => `__true(await (${expr}), true, ${JSON.stringify(expr)});`)
    .replace(/from "pyodide"/, 'from "../../tests/js/readme-pyodide.mjs"');
  return `${head.join("\n")}\n${body}`;
}

test("the README's examples run, and what they say is true", async () => {
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  const found = blocks(README);
  ok(found.length >= 10, `found ${found.length} blocks`);
  const ran = [];
  for (const [i, block] of found.entries()) {
    // The inspector needs a page: the demo's browser test mounts it.
    if (/\bdocument\./.test(block.code)) continue;
    const { code } = await transform(prepare(block), { loader: block.lang, format: "esm", target: "es2022", jsx: "automatic" });
    const file = new URL(`block-${i}-line-${block.line}.mjs`, OUT);
    writeFileSync(file, code);
    try {
      await import(file);
    } catch (e) {
      throw new Error(`README line ${block.line}: ${e.message}`, { cause: e });
    }
    ran.push(block.line);
  }
  ok(ran.length >= found.length - 1, `ran ${ran.length} of ${found.length}`);
  const { printed } = await import("./readme-pyodide.mjs");
  deepStrictEqual(printed, ["True"], "the Python example prints what it says");
});
