// The benchmark in a headless browser: the same workloads as bench/run.mjs, bundled with
// their peers by esbuild, with cache-resource loaded from pkg/ as a page loads it.
// Usage: npm run build && node bench/browser.mjs [runs]   (BENCH_ONLY, BENCH_HITS as for run.mjs)
// Chromium (/usr/bin/chromium, through playwright-core) by default; BENCH_BROWSER=firefox
// runs it in headless Firefox (firefox-esr through geckodriver, as tests/browser do).
import { build } from "esbuild";
import { fileURLToPath } from "node:url";
import { serve } from "../scripts/serve.mjs";
import { launch } from "../tests/browser/chromium.mjs";
import { launchFirefox } from "../tests/browser/firefox.mjs";

const runs = Number(process.argv[2] ?? 5);
const only = process.env.BENCH_ONLY;
const hits = process.env.BENCH_HITS;
const engine = process.env.BENCH_BROWSER ?? "chromium";
if (engine !== "chromium" && engine !== "firefox") throw new Error(`BENCH_BROWSER: chromium or firefox, not ${engine}`);

const bundle = await build({
  entryPoints: [fileURLToPath(new URL("browser-entry.mjs", import.meta.url))],
  bundle: true, format: "esm", platform: "browser", target: "es2022", write: false,
  external: ["cache-resource"], // the page maps it to /pkg/index.js, the published file
});
// The page keeps what the bench prints, for the driver to read (WebDriver, which drives
// Firefox here, cannot follow a page's console).
const PAGE = `<!doctype html>
<script>
window.printed = [];
const print = console.log;
console.log = (...parts) => { window.printed.push(parts.join(" ")); print(...parts); };
const failed = (why) => { window.printed.push("page error: " + why); globalThis.benchDone = true; };
window.addEventListener("error", (e) => failed(e.message));
window.addEventListener("unhandledrejection", (e) => failed(e.reason?.stack ?? e.reason));
</script>
<script type="importmap">{ "imports": { "cache-resource": "/pkg/index.js" } }</script>
<script type="module" src="/bench/bench.js"></script>`;

const { server, url } = await serve(0, "127.0.0.1", {}, {
  "/bench/index.html": { type: "text/html", body: PAGE },
  "/bench/bench.js": { type: "text/javascript", body: bundle.outputFiles[0].text },
});
const browser = engine === "firefox" ? await launchFirefox() : await launch();
try {
  if (engine === "firefox") {
    await browser.goto(`${url}bench/index.html?${query()}`);
    // The page answers between workloads, which yield to it (a workload runs for up to a
    // minute without one); WebDriver gives up on a script that waited longer.
    for (let shown = 0; ; ) {
      const state = await browser.evaluate("return { printed: window.printed ?? [], done: globalThis.benchDone === true }").catch(() => null);
      for (; shown < (state?.printed.length ?? 0); shown++) console.log(state.printed[shown]);
      if (state?.done) break;
      await new Promise((r) => setTimeout(r, 1000));
    }
  } else {
    const page = await browser.newPage();
    page.on("console", (m) => console.log(m.text()));
    page.on("pageerror", (e) => console.error(`page error: ${e.message}`));
    await page.goto(`${url}bench/index.html?${query()}`);
    await page.waitForFunction(() => globalThis.benchDone === true, null, { timeout: 0, polling: 500 });
  }
} finally {
  await browser.close();
  server.close();
}

function query() {
  return new URLSearchParams({ runs, ...(only && { only }), ...(hits && { hits }) });
}
