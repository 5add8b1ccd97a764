// What a frontend team does first: `npm pack` the package, install the tarball into a tiny
// Vite app with no plugins and no config, run it on Vite's dev server (7 and 8), build it
// for production (Vite 7), and open each in headless Chromium. All three entry points are
// imported the way the README shows.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build, createServer, preview } from "vite";
import { createServer as createServer8 } from "vite8";
import { launch } from "./chromium.mjs";
import { gzipped } from "../../scripts/package-size.mjs";

const PKG = fileURLToPath(new URL("../../pkg/", import.meta.url));

const MAIN = `
import { cacheResource } from "cache-resource";
import { mountInspector } from "cache-resource/inspector";
import { installCacheResource } from "cache-resource/pyodide";

const released = [];
const load = cacheResource(async (config) => ({ config }), { ttl: "1h", maxEntries: 1, onRelease: (v) => released.push(v) });
const a = await load({ size: 1, tags: new Set(["x"]) });
const b = await load({ tags: new Set(["x"]), size: 1 });
await load({ size: 2 });
mountInspector(document.getElementById("inspector"));
document.getElementById("out").textContent = JSON.stringify({
  same: a === b,
  released: released.length,
  stats: cacheResource.stats().hits,
  pyodideInstaller: typeof installCacheResource,
});
`;

/** A new app directory with the packed tarball installed and the page above. */
function packedApp() {
  const app = mkdtempSync(join(tmpdir(), "cache-resource-vite-"));
  const tarball = execFileSync("npm", ["pack", "--silent", "--pack-destination", app], { cwd: PKG, encoding: "utf8" }).trim();
  writeFileSync(join(app, "package.json"), JSON.stringify({ name: "vite-app", private: true, type: "module" }));
  // --prefer-offline: the cache serves the tarballs; the plugin's dependencies may need their registry metadata.
  execFileSync("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--silent", `./${tarball}`], { cwd: app });
  writeFileSync(join(app, "index.html"), '<!doctype html><div id="out"></div><div id="inspector"></div><script type="module" src="./main.js"></script>');
  writeFileSync(join(app, "main.js"), MAIN);
  return app;
}

/** Opens `url` in headless Chromium and checks what the page above shows. */
async function checkPage(url) {
  const browser = await launch();
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("console", (m) => m.type() === "warning" && errors.push(m.text())); // e.g. a wasm MIME fallback
    await page.goto(url);
    await page.waitForFunction(() => document.getElementById("out").textContent !== "", null, { timeout: 30_000 })
      .catch(() => { throw new Error(`the page did not start: ${errors.join("; ")}`); });
    const out = JSON.parse(await page.textContent("#out"));
    assert.deepEqual(out, { same: true, released: 1, stats: 1, pyodideInstaller: "function" });
    assert.ok((await page.locator("#inspector").textContent()).length > 0, "the inspector renders");
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
}

// The dev server bundles dependencies into node_modules/.vite/deps/; Vite 7 leaves the wasm
// file behind there, which the package finds in itself.
for (const [version, create] of [["7", createServer], ["8", createServer8]]) {
  test(`the packed tarball runs on Vite ${version}'s dev server`, async () => {
    const app = packedApp();
    const server = await create({ root: app, logLevel: "silent", configFile: false, server: { port: 0, host: "127.0.0.1" } });
    try {
      await server.listen();
      await checkPage(server.resolvedUrls.local[0]);
    } finally {
      await server.close();
      rmSync(app, { recursive: true, force: true });
    }
  });
}

test("the packed tarball builds with Vite 7 and runs in headless Chromium", async () => {
  const app = packedApp();
  try {

    await build({ root: app, logLevel: "silent", configFile: false });
    const assets = readdirSync(join(app, "dist", "assets"));
    assert.ok(assets.some((f) => f.endsWith(".wasm")), `the wasm is emitted as an asset: ${assets}`);
    // What this app ships (it also uses the inspector and imports the Pyodide installer).
    const shipped = assets.map((f) => `${f.replace(/-[\w-]{8}\./, ".")} ${(gzipped(readFileSync(join(app, "dist", "assets", f))) / 1024).toFixed(1)} KB`);
    console.log(`# Vite build, gzipped: ${shipped.join(", ")}`);

    const server = await preview({ root: app, logLevel: "silent", configFile: false, preview: { port: 0, host: "127.0.0.1" } });
    try {
      await checkPage(server.resolvedUrls.local[0]);
    } finally {
      await server.close();
    }
  } finally {
    rmSync(app, { recursive: true, force: true });
  }
});
