// The benchmark in headless Chromium: the same workloads as bench/run.mjs, bundled with
// their peers by esbuild, with cache-resource loaded from pkg/ as a page loads it.
// Usage: npm run build && node bench/browser.mjs [runs]   (BENCH_ONLY, BENCH_HITS as for run.mjs)
import { build } from "esbuild";
import { fileURLToPath } from "node:url";
import { serve } from "../scripts/serve.mjs";
import { launch } from "../tests/browser/chromium.mjs";

const runs = Number(process.argv[2] ?? 5);
const only = process.env.BENCH_ONLY;
const hits = process.env.BENCH_HITS;

const bundle = await build({
  entryPoints: [fileURLToPath(new URL("browser-entry.mjs", import.meta.url))],
  bundle: true, format: "esm", platform: "browser", target: "es2022", write: false,
  external: ["cache-resource"], // the page maps it to /pkg/index.js, the published file
});
const PAGE = `<!doctype html>
<script type="importmap">{ "imports": { "cache-resource": "/pkg/index.js" } }</script>
<script type="module" src="/bench/bench.js"></script>`;

const { server, url } = await serve(0);
const browser = await launch();
try {
  const page = await browser.newPage();
  await page.route("**/bench/*", (route) => {
    const html = new URL(route.request().url()).pathname.endsWith(".html");
    route.fulfill({ contentType: html ? "text/html" : "text/javascript", body: html ? PAGE : bundle.outputFiles[0].text });
  });
  page.on("console", (m) => console.log(m.text()));
  page.on("pageerror", (e) => console.error(`page error: ${e.message}`));
  await page.goto(`${url}bench/index.html?runs=${runs}${only ? `&only=${only}` : ""}${hits ? `&hits=${encodeURIComponent(hits)}` : ""}`);
  await page.waitForFunction(() => globalThis.benchDone === true, null, { timeout: 0, polling: 500 });
} finally {
  await browser.close();
  server.close();
}
