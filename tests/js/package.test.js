// What `npm publish` would upload from pkg/: what users need, a license matching the
// manifest, and nothing else.
import { test } from "node:test";
import { deepStrictEqual, match, ok, strictEqual } from "node:assert";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const pkg = fileURLToPath(new URL("../../pkg/", import.meta.url));

test("the packed package holds the entry points, their types, the wasm, the Python module, README and LICENSE", () => {
  const [packed] = JSON.parse(execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: pkg, encoding: "utf8" }));
  const files = new Set(packed.files.map((f) => f.path));
  const manifest = JSON.parse(readFileSync(`${pkg}package.json`, "utf8"));
  const needed = ["LICENSE", "README.md", "package.json", "wasm/cache_resource_bg.wasm", "wasm-base64.js", "wasm.js", "cache_resource.py"];
  // Every file an export names, for every condition.
  for (const target of Object.values(manifest.exports)) {
    for (const file of typeof target === "string" ? [target] : Object.values(target)) needed.push(file.replace(/^\.\//, ""));
  }
  for (const file of needed) ok(files.has(file), `${file} is packed`);
  const unexpected = [...files].filter((f) => !/^(LICENSE|README\.md|package\.json|[\w-]+\.(js|d\.ts|py)|wasm\/cache_resource_bg\.wasm)$/.test(f));
  deepStrictEqual(unexpected, [], "nothing but the package's own files");
});

test("the LICENSE file is the license the manifest names", () => {
  const manifest = JSON.parse(readFileSync(`${pkg}package.json`, "utf8"));
  strictEqual(manifest.license, "MIT");
  match(readFileSync(`${pkg}LICENSE`, "utf8"), /^MIT License\n/);
});

test("the manifest says where the source, the home page and the issues are", () => {
  const manifest = JSON.parse(readFileSync(`${pkg}package.json`, "utf8"));
  match(manifest.repository?.url ?? "", /^https:\/\//);
  match(manifest.homepage ?? "", /^https:\/\//);
  match(manifest.bugs?.url ?? "", /^https:\/\//);
  deepStrictEqual(manifest.peerDependenciesMeta, { react: { optional: true } }, "React only for cache-resource/react");
});

test("the package's README renders on its own: no image or link into the repository", () => {
  const readme = readFileSync(`${pkg}README.md`, "utf8");
  const local = [...readme.matchAll(/!?\[[^\]]*\]\(([^)]+)\)/g)].map((m) => m[1]).filter((href) => !/^(https?:|#)/.test(href));
  deepStrictEqual(local, []);
  match(readme, /^# cache-resource\n/);
  match(readme, /npm install cache-resource/);
  ok(!readme.includes("## Develop"), "the contributor section stays in the repository");
  // Every in-page link has its heading (GitHub's and npm's slugs).
  const slugs = new Set([...readme.matchAll(/^#+ (.*)$/gm)].map(([, h]) => h.toLowerCase().replace(/[^\w\- ]/g, "").replace(/ /g, "-")));
  const anchors = [...readme.matchAll(/\]\(#([^)]+)\)/g)].map((m) => m[1]);
  deepStrictEqual(anchors.filter((a) => !slugs.has(a)), [], "anchors without a heading");
});
