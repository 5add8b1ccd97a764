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
  const needed = ["LICENSE", "README.md", "package.json", "wasm/cache_resource_bg.wasm", "wasm.js", "cache_resource.py"];
  // Every file an export names, for every condition.
  for (const target of Object.values(manifest.exports)) {
    for (const file of typeof target === "string" ? [target] : Object.values(target)) needed.push(file.replace(/^\.\//, ""));
  }
  for (const file of needed) ok(files.has(file), `${file} is packed`);
  const unexpected = [...files].filter((f) => !/^(LICENSE|README\.md|package\.json|[\w-]+\.(js|d\.ts|py)|wasm\/cache_resource(_bg\.wasm|\.js))$/.test(f));
  deepStrictEqual(unexpected, [], "nothing but the package's own files");
});

test("the LICENSE file is the license the manifest names", () => {
  const manifest = JSON.parse(readFileSync(`${pkg}package.json`, "utf8"));
  strictEqual(manifest.license, "MIT");
  match(readFileSync(`${pkg}LICENSE`, "utf8"), /^MIT License\n/);
});
