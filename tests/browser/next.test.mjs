// What many React teams ship: a Next.js app, installed from the packed package, built for
// production with each of Next's bundlers (Turbopack, its default, and webpack) and served
// by `next start`. A server component calls a cached function on every request (the Node
// entry, bundled into the server's chunks), and a client component calls one in the browser,
// with a React state setter it leaves out by an underscore, through a factory the app shares
// from lib/caching.js under the @/* alias, which the minified build keeps through the build
// plugin: Turbopack's loader rule and webpack's plugin in next.config.mjs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { launch } from "./chromium.mjs";

const PKG = fileURLToPath(new URL("../../pkg/", import.meta.url));
const MODULES = fileURLToPath(new URL("../../node_modules/", import.meta.url));
/** The version this repository's lock file installed, so the app gets the same offline. */
const versionOf = (name) => JSON.parse(readFileSync(join(MODULES, name, "package.json"), "utf8")).version;

const APP = {
  "app/layout.js": `export default function RootLayout({ children }) {
  return (<html lang="en"><body>{children}</body></html>);
}
`,
  "app/page.js": `import { cacheResource } from "cache-resource";
import Client from "./client";

// Rendered on each request, by the server process that keeps the cache.
export const dynamic = "force-dynamic";

let runs = 0;
const connect = cacheResource((config) => ({ config, run: ++runs }));

export default function Page() {
  const a = connect({ host: "db", port: 5432 });
  const b = connect({ port: 5432, host: "db" });
  return (<main><p id="server">{JSON.stringify({ same: a === b, runs })}</p><Client /></main>);
}
`,
  "app/client.js": `"use client";
import { useEffect, useState } from "react";
import { cacheResource } from "cache-resource";
import { hourly } from "@/lib/caching";

let runs = 0;
const load = hourly(async (config, _onProgress) => {
  _onProgress(1);
  return { config, run: ++runs };
});

export default function Client() {
  const [out, setOut] = useState("");
  const [, setProgress] = useState(0);
  useEffect(() => {
    (async () => {
      const a = await load({ size: 1, tags: ["x"] }, setProgress);
      const b = await load({ tags: ["x"], size: 1 }, setProgress);
      setOut(JSON.stringify({ same: a === b, runs, hits: cacheResource.stats().hits }));
    })().catch((e) => setOut("error: " + e.message));
  }, []);
  return <div id="out">{out}</div>;
}
`,
  // The app's shared cache settings, imported through the @/* alias create-next-app sets up.
  "jsconfig.json": JSON.stringify({ compilerOptions: { paths: { "@/*": ["./*"] } } }),
  "lib/caching.js": `import { cacheResource } from "cache-resource";

export const hourly = cacheResource({ ttl: "1h", maxEntries: 4 });
`,
  "next.config.mjs": `import cacheResource from "cache-resource/plugin";

export default {
  turbopack: { rules: { "*.{js,jsx,ts,tsx}": { loaders: ["cache-resource/loader"] } } },
  webpack(config) {
    config.plugins.push(cacheResource.webpack());
    return config;
  },
};
`,
};

function freePort() {
  return new Promise((resolve) => {
    const server = createServer().listen(0, () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Starts `next start` in `app`; resolves with the process once it says it is ready. */
function start(next, app, port) {
  const server = spawn(process.execPath, [next, "start", "-p", String(port)], { cwd: app, env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  let output = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`next start did not get ready:\n${output}`)), 30_000);
    const read = (chunk) => {
      output += chunk;
      if (/Ready in/.test(output)) {
        clearTimeout(timer);
        resolve(server);
      }
    };
    server.stdout.on("data", read);
    server.stderr.on("data", read);
    server.on("exit", (code) => reject(new Error(`next start exited with ${code}:\n${output}`)));
  });
}

for (const [bundler, flags] of [["Turbopack", []], ["webpack", ["--webpack"]]]) {
  test(`a Next.js production build (${bundler}) runs it in server components and in the browser`, async () => {
    const app = mkdtempSync(join(tmpdir(), "cache-resource-next-"));
    let server = null;
    try {
      const tarball = execFileSync("npm", ["pack", "--silent", "--pack-destination", app], { cwd: PKG, encoding: "utf8" }).trim();
      writeFileSync(join(app, "package.json"), JSON.stringify({ name: "next-app", private: true }));
      const deps = ["next", "react", "react-dom"].map((name) => `${name}@${versionOf(name)}`);
      execFileSync("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--silent", `./${tarball}`, ...deps], { cwd: app });
      for (const [file, text] of Object.entries(APP)) {
        mkdirSync(dirname(join(app, file)), { recursive: true });
        writeFileSync(join(app, file), text);
      }
      const next = join(app, "node_modules/next/dist/bin/next");
      try {
        execFileSync(process.execPath, [next, "build", ...flags], { cwd: app, encoding: "utf8", stdio: "pipe", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
      } catch (e) {
        throw new Error(`next build failed:\n${e.stdout}${e.stderr}`);
      }
      const port = await freePort();
      server = await start(next, app, port);
      const browser = await launch();
      try {
        const page = await browser.newPage();
        const problems = [];
        page.on("pageerror", (e) => problems.push(e.message));
        page.on("response", (r) => r.status() >= 400 && !r.url().endsWith("/favicon.ico") && problems.push(`${r.status()} ${r.url()}`));
        for (let visit = 1; visit <= 2; visit++) {
          await page.goto(`http://localhost:${port}/`);
          await page.waitForFunction(() => document.getElementById("out")?.textContent !== "", null, { timeout: 15_000 })
            .catch(() => { throw new Error(`the client component never answered: ${problems.join("; ")}`); });
          // The server's cache outlives a request: the second visit finds the first's entry.
          assert.deepEqual(JSON.parse(await page.textContent("#server")), { same: true, runs: 1 }, `visit ${visit}`);
          assert.deepEqual(JSON.parse(await page.textContent("#out")), { same: true, runs: 1, hits: 1 }, `visit ${visit}`);
        }
        assert.deepEqual(problems, []);
      } finally {
        await browser.close();
      }
    } finally {
      server?.kill();
      rmSync(app, { recursive: true, force: true });
    }
  });
}
