// A dependency-free static server for the demo and the browser tests. `/` is www/,
// `/pkg/` the built package, `/tests/` the test pages, `/node_modules/pyodide/` Pyodide.
// Usage: node scripts/serve.mjs [port]
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = resolve(fileURLToPath(new URL("..", import.meta.url)));
const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".wasm": "application/wasm", // required by WebAssembly.instantiateStreaming
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".zip": "application/zip",
};
const MOUNTS = [
  ["/pkg/", "pkg"],
  // Pyodide for the in-browser Python test (tests/browser/pyodide.test.mjs).
  ["/node_modules/pyodide/", "node_modules/pyodide"],
  ["/tests/", "tests"],
  ["/", "www"],
];

async function resolveFile(urlPath) {
  const [prefix, dir] = MOUNTS.find(([p]) => urlPath.startsWith(p));
  const base = join(ROOT, dir);
  let file = normalize(join(base, decodeURIComponent(urlPath.slice(prefix.length))));
  if (!file.startsWith(base)) return null; // no escaping the mount with ../
  const info = await stat(file).catch(() => null);
  if (info && info.isDirectory()) file = join(file, "index.html");
  return file;
}

/**
 * Starts the server; resolves to { server, url } once it listens. Port 0 picks a free one.
 * `headers` are added to every response (a test's Content-Security-Policy). `pages` maps
 * a path to a `{ type, body }` made in memory (the benchmark's page and bundle), served
 * before any file.
 */
export function serve(port = 8080, host = "127.0.0.1", headers = {}, pages = {}) {
  const server = createServer(async (req, res) => {
    const path = new URL(req.url, "http://x").pathname;
    if (Object.hasOwn(pages, path)) {
      res.writeHead(200, { "content-type": pages[path].type, "cache-control": "no-store", ...headers }).end(pages[path].body);
      return;
    }
    const file = await resolveFile(path);
    const body = file && (await readFile(file).catch(() => null));
    if (!body) {
      res.writeHead(404, { "content-type": "text/plain" }).end(`not found: ${path}\n`);
      return;
    }
    res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream", "cache-control": "no-store", ...headers });
    res.end(body);
  });
  return new Promise((done, fail) => {
    server.once("error", fail);
    server.listen(port, host, () => done({ server, url: `http://${host}:${server.address().port}/` }));
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const port = Number(process.argv[2] ?? process.env.PORT ?? 8080);
  const { url } = await serve(port);
  console.log(`cache-resource demo: ${url}  (Ctrl+C to stop)`);
}
