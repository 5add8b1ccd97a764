// Production builds: the test app (tests/builds/app/) built, minified, by Vite 8, Vite 7,
// esbuild, Rollup with terser, webpack 5, Rspack and Rolldown, each with the build plugin
// (cache-resource/plugin); once without it, saying its names in code; once served
// unbundled, as development runs it; and once minified with neither, which must fail the
// way the README says. Each build runs in headless Chromium and must behave as development does: the
// loader runs once for equal arguments, its callback is not hashed, nor are the abort
// signal and the connection the other two functions leave out, the spinner, the
// inspector and stats name every function, and functions of equal source in two chunks
// (esbuild splits too) keep caches of their own. One function, imported from a module of its
// own, is cached through the app's module that passes cacheResource on under another name. A Vue and a Svelte component, compiled by
// their Vite plugins, are read by the build plugin too (Vite 7: the Svelte plugin that
// installs beside this repository's `vite` is the one for Vite 7).
import { test, before, after } from "node:test";
import { deepStrictEqual, match } from "node:assert/strict";
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";
import { build as vite7 } from "vite";
import { build as vite8 } from "vite8";
import { rollup } from "rollup";
import terser from "@rollup/plugin-terser";
import { nodeResolve } from "@rollup/plugin-node-resolve";
import webpack from "webpack";
import { rspack } from "@rspack/core";
import { rolldown } from "rolldown";
import vue from "@vitejs/plugin-vue";
import { svelte } from "@sveltejs/vite-plugin-svelte";
import cacheResourcePlugin from "cache-resource/plugin";
import { serve } from "../../scripts/serve.mjs";
import { launch } from "./chromium.mjs";

const APP = fileURLToPath(new URL("../builds/app/", import.meta.url));
const OUT = fileURLToPath(new URL("../builds/out/", import.meta.url));
const WASM = fileURLToPath(new URL("../../pkg/wasm/cache_resource_bg.wasm", import.meta.url));

const DEVELOPMENT = {
  builds: 3,
  same: true,
  sameConnection: true,
  sameUrl: true,
  sameUser: true,
  sameRows: true,
  spinner: "Running loadModel(...).",
  stats: ["anonymous", "anonymous", "connect", "fetchUser", "loadModel", "loadRows"],
  inspector: ["anonymous", "anonymous", "connect", "fetchUser", "loadModel", "loadRows"],
  twins: ["a:1", "b:1", "a:1"],
  helped: ["users:1", "teams:1"],
};

/** A page that loads the bundle `entry`.js, beside the wasm where the bundle's new URL() looks. */
function page(dir, entry) {
  writeFileSync(`${dir}/${entry}.html`, `<!doctype html><meta charset="utf-8"><div id="inspector"></div><script type="module" src="./${entry}.js"></script>`);
  mkdirSync(`${dir}/wasm`, { recursive: true });
  copyFileSync(WASM, `${dir}/wasm/cache_resource_bg.wasm`);
}

const viteBuild = (build, entry, plugins) => (dir) =>
  build({
    root: APP, configFile: false, logLevel: "silent", base: "./", plugins,
    build: { outDir: dir, emptyOutDir: true, rollupOptions: { input: `${APP}${entry}.html` } },
  });

const esbuildBuild = (entry, { minify, plugins, ext = "js" }) => async (dir) => {
  await esbuild.build({ entryPoints: [`${APP}${entry}.${ext}`], bundle: true, splitting: true, minify, format: "esm", target: "es2022", outdir: dir, plugins, logLevel: "silent" });
  page(dir, entry);
};

async function rollupBuild(dir) {
  const bundle = await rollup({ input: `${APP}main.js`, plugins: [nodeResolve({ browser: true }), cacheResourcePlugin.rollup(), terser()], onwarn() {} });
  await bundle.write({ dir, format: "es", entryFileNames: "main.js" });
  await bundle.close();
  page(dir, "main");
}

/** No build: the app's modules as a development server serves them, names intact. */
function development(dir) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    `${dir}/main.html`,
    '<!doctype html><meta charset="utf-8"><script type="importmap">{ "imports": { "cache-resource": "/pkg/index.js", ' +
      '"cache-resource/inspector": "/pkg/inspector.js" } }</script><div id="inspector"></div>' +
      '<script type="module" src="/tests/builds/app/main.js"></script>',
  );
}

async function rolldownBuild(dir) {
  const bundle = await rolldown({ input: `${APP}main.js`, plugins: [cacheResourcePlugin.rolldown()], logLevel: "silent" });
  await bundle.write({ dir, format: "es", entryFileNames: "main.js", minify: true });
  await bundle.close();
  page(dir, "main");
}

/**
 * webpack 5, or Rspack through the same configuration; `concatenateModules: false` keeps
 * each module in a function of its own in one file, as webpack does with modules it cannot
 * concatenate (CommonJS ones, say).
 */
const webpackBuild = (bundler, plugin, optimization = {}) => (dir) => {
  const compiler = bundler({
    mode: "production", context: APP, entry: "./main.js",
    output: { path: dir, filename: "main.js", module: true, publicPath: "auto" },
    experiments: { outputModule: true }, plugins: [plugin()], performance: { hints: false }, optimization,
  });
  return new Promise((resolve, reject) =>
    compiler.run((error, stats) => {
      compiler.close(() => {});
      if (error || stats.hasErrors()) return reject(error ?? new Error(stats.toString("errors-only")));
      writeFileSync(`${dir}/main.html`, '<!doctype html><meta charset="utf-8"><div id="inspector"></div><script type="module" src="./main.js"></script>');
      resolve();
    }),
  );
};

// [name, entry page, build into a directory, what runApp must give]
const BUILDS = [
  ["Vite 8 with the plugin", "main", viteBuild(vite8, "main", [cacheResourcePlugin.vite()]), DEVELOPMENT],
  ["Vite 7 with the plugin", "main", viteBuild(vite7, "main", [cacheResourcePlugin.vite()]), DEVELOPMENT],
  ["Vite 8 with the plugin, TypeScript source", "typed", viteBuild(vite8, "typed", [cacheResourcePlugin.vite()]), DEVELOPMENT],
  ["esbuild --minify with the plugin", "main", esbuildBuild("main", { minify: true, plugins: [cacheResourcePlugin.esbuild()] }), DEVELOPMENT],
  // esbuild's plugins see TypeScript as written, before esbuild compiles it.
  ["esbuild --minify with the plugin, TypeScript source", "typed", esbuildBuild("typed", { minify: true, plugins: [cacheResourcePlugin.esbuild()], ext: "ts" }), DEVELOPMENT],
  ["Rollup + terser with the plugin", "main", rollupBuild, DEVELOPMENT],
  ["webpack 5 with the plugin", "main", webpackBuild(webpack, cacheResourcePlugin.webpack), DEVELOPMENT],
  ["webpack 5 with the plugin, modules not concatenated", "main", webpackBuild(webpack, cacheResourcePlugin.webpack, { concatenateModules: false }), DEVELOPMENT],
  ["Rspack with the plugin", "main", webpackBuild(rspack, cacheResourcePlugin.rspack), DEVELOPMENT],
  ["Rolldown --minify with the plugin", "main", rolldownBuild, DEVELOPMENT],
  ["Vite 8 without the plugin, the names given as options", "explicit", viteBuild(vite8, "explicit", []), DEVELOPMENT],
  ["none: development, modules served as written", "main", development, DEVELOPMENT],
  // Bundling alone renames a function whose name a module-level binding shares
  // (esbuild made `loadModel` `loadModel2`): the plugin keeps it.
  ["esbuild unminified with the plugin", "main", esbuildBuild("main", { minify: false, plugins: [cacheResourcePlugin.esbuild()] }), DEVELOPMENT],
  ["esbuild --minify with neither", "main", esbuildBuild("main", { minify: true, plugins: [] }), /minifier's name[^]*params: \[/],
  // Components that their compilers turn into JavaScript: a Vue SFC and a Svelte component.
  ["Vite 7 with the plugin, Vue and Svelte components", "components", viteBuild(vite7, "components", [vue(), svelte(), cacheResourcePlugin.vite()]),
    { vue: "true", svelte: "true", stats: ["loadTeam", "loadUser"] }],
  ["Vite 7 with Vue and Svelte components, without the plugin", "components", viteBuild(vite7, "components", [vue(), svelte()]),
    { vue: "UnhashableParamError", svelte: "UnhashableParamError", stats: ["anonymous", "anonymous"] }],
];

let browser, server;

before(async () => {
  rmSync(OUT, { recursive: true, force: true });
  ({ server } = await serve(0));
  browser = await launch();
});

after(async () => {
  await browser?.close();
  server?.close();
});

for (const [name, entry, build, expected] of BUILDS) {
  test(`production build: ${name}`, async () => {
    const dir = `${OUT}${name.replace(/\W+/g, "-")}`;
    await build(dir);
    const tab = await browser.newPage();
    const errors = [];
    tab.on("pageerror", (e) => errors.push(e.message));
    try {
      await tab.goto(`http://127.0.0.1:${server.address().port}/tests/builds/out/${dir.slice(OUT.length)}/${entry}.html`);
      await tab.waitForFunction(() => typeof window.runApp === "function", null, { timeout: 20_000 })
        .catch(() => { throw new Error(`the build did not start: ${errors.join("; ")}`); });
      const result = await tab.evaluate(() => window.runApp().catch((e) => ({ error: e.message })));
      if (expected instanceof RegExp) match(result.error ?? "", expected);
      else deepStrictEqual(result, expected);
      deepStrictEqual(errors, []);
    } finally {
      await tab.close();
    }
  });
}
