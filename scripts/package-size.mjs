// What a browser downloads for `import { cacheResource } from "cache-resource"`, measured
// two ways: the package's files as published (the entry's import graph plus the wasm),
// and as an app bundler ships them (esbuild, minified). Shared by tests/js/size.test.js
// and bench/run.mjs.
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const PKG = new URL("../pkg/", import.meta.url);
const WASM = "wasm/cache_resource_bg.wasm";

export const gzipped = (buf) => gzipSync(buf, { level: 9 }).length;

/** index.js and every module it imports, transitively, plus the wasm file it fetches. */
export function publishedFiles() {
  const seen = new Set();
  const visit = (rel) => {
    if (seen.has(rel)) return;
    seen.add(rel);
    const text = readFileSync(new URL(rel, PKG), "utf8");
    for (const [, spec] of text.matchAll(/(?:import|export)\b[^"']*?from\s*["'](\.[^"']+)["']/g)) {
      visit(new URL(spec, new URL(rel, "http://x/")).pathname.slice(1));
    }
  };
  visit("index.js");
  return [...seen, WASM].map((file) => {
    const bytes = readFileSync(new URL(file, PKG));
    return { file, raw: bytes.length, gzip: gzipped(bytes) };
  });
}

/** The entry bundled and minified as for production, and the wasm beside it. */
export async function bundled() {
  const js = await minifiedBundle('export { cacheResource } from "./index.js";', fileURLToPath(PKG));
  const wasm = readFileSync(new URL(WASM, PKG));
  return { js: { raw: js.length, gzip: gzipped(js) }, wasm: { raw: wasm.length, gzip: gzipped(wasm) } };
}

/** Another npm package, whole, with everything it imports, bundled and minified the same way. */
export async function bundledPackage(name) {
  const js = await minifiedBundle(`import * as all from ${JSON.stringify(name)}; export default all;`, fileURLToPath(new URL("..", import.meta.url)));
  return { raw: js.length, gzip: gzipped(js) };
}

async function minifiedBundle(contents, resolveDir) {
  const out = await build({
    stdin: { contents, resolveDir, loader: "js" },
    bundle: true, minify: true, format: "esm", platform: "browser", target: "es2022", write: false, logLevel: "silent",
  });
  return out.outputFiles[0].contents;
}
