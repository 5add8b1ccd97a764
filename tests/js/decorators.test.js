// The README's decorator form needs a compile step that transforms `@` (no engine runs it
// yet): TypeScript's own tsc does, with TC39 decorators, and so do esbuild and Babel.
// Compiled, the method caches, and two classes' methods of equal name and source, which
// the compiled code decorates from one helper, keep caches of their own.
import { test } from "node:test";
import { cacheResource } from "cache-resource";
import plugin from "cache-resource/plugin";
import { strictEqual, throws } from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build, transform } from "esbuild";
import { transformAsync } from "@babel/core";
import decorators from "@babel/plugin-proposal-decorators";
import { TYPESCRIPTS } from "./typescripts.js";

/** `project` (under tests/decorators/) compiled by tsc `bin` into a folder of its own, then `use`d. */
async function compiled(bin, version, project, use) {
  const tsc = fileURLToPath(new URL(`../../node_modules/${bin}`, import.meta.url));
  const out = mkdtempSync(join(tmpdir(), "cache-resource-decorators-"));
  try {
    try {
      execFileSync(process.execPath, [tsc, "-p", fileURLToPath(new URL(`../decorators/${project}`, import.meta.url)), "--outDir", out], { encoding: "utf8", stdio: "pipe" });
    } catch (e) {
      throw new Error(`tsc ${version} failed:\n${e.stdout}${e.stderr}`);
    }
    // The compiled module imports "cache-resource" by name, as the source does.
    symlinkSync(fileURLToPath(new URL("../../node_modules", import.meta.url)), join(out, "node_modules"));
    // Both compilers emit the same function text, which is one cache (as after a hot
    // reload): start each from empty.
    cacheResource.clear();
    await use(out);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** A `Models` class's load(name, _onProgress), cached, counting its runs in `loads`. */
function checkModels(module) {
  const { Models } = module;
  const models = new Models();
  const first = models.load("resnet", () => {});
  strictEqual(models.load("resnet", () => {}), first, "one entry for equal arguments, the callback left out");
  strictEqual(new Models().load("resnet"), first, "instances share entries");
  strictEqual(module.loads, 1);
}

for (const [version, bin] of TYPESCRIPTS) {
  test(`a @cacheResource method compiled by tsc ${version} caches, leaving an underscore parameter out, and keys this through cacheKey`, () =>
    compiled(bin, version, "tsconfig.json", async (out) => {
      const module = await import(pathToFileURL(join(out, "model.js")));
      checkModels(module);
      const { Api } = module;
      const a = new Api("https://a");
      strictEqual(a.user(1).url, "https://a/users/1");
      strictEqual(new Api("https://b").user(1).url, "https://b/users/1", "a cacheKey returning this keys instances apart");
      strictEqual(new Api("https://a").user(1), a.user(1), "by value: equal instances share");
      checkTwins(module);
    }));

  test(`with experimentalDecorators (Angular's), a method compiled by tsc ${version} caches the same way`, () =>
    compiled(bin, version, "tsconfig.legacy.json", async (out) => {
      checkLegacy(await import(pathToFileURL(join(out, "legacy.js"))));
    }));
}

/** tests/decorators/legacy.ts, compiled: it caches as the TC39 form does. */
function checkLegacy(module) {
  checkModels(module);
  const { Users, Posts } = module;
  strictEqual(new Users().find(1), "users/1");
  strictEqual(new Posts().find(1), "posts/1", "another class's method of equal source is another cache");
  strictEqual(Users.prototype.find.call({ table: "elsewhere" }, 1), "users/1", "cached");
  const { Labels, Links } = module;
  strictEqual(new Labels().find(1), "labels/1");
  strictEqual(new Links().find(1), "links/1", "bare @cacheResource");
  strictEqual(Labels.prototype.find.call({ table: "elsewhere" }, 1), "labels/1", "bare @cacheResource caches");
}

/** Two classes' decorated methods of equal name and source keep caches of their own. */
function checkTwins({ Users, Posts, Tags, Notes, Labels, Links }) {
  strictEqual(new Users().find(1), "users/1");
  strictEqual(new Posts().find(1), "posts/1", "another class's method of equal source is another cache");
  strictEqual(new Tags().find(1), "tags/1");
  strictEqual(new Notes().find(1), "notes/1", "one decorator applied to both classes");
  strictEqual(new Tags().find(1), "tags/1");
  const label = new Labels().find(1);
  strictEqual(label, "labels/1");
  strictEqual(new Links().find(1), "links/1", "bare @cacheResource");
  strictEqual(Labels.prototype.find.call({ table: "elsewhere" }, 1), label, "bare @cacheResource caches");
}

// esbuild lowers decorators itself. Babel's helper is the deepest (three frames between a
// decorator and the class that has it applied); esbuild strips the types first and leaves
// the decorators in place for it.
const LOWERINGS = [
  ["esbuild", (source) => transform(source, { loader: "ts", target: "es2022", format: "esm" }).then((r) => r.code)],
  ["Babel 8", async (source) => {
    const { code } = await transform(source, { loader: "ts", target: "esnext", format: "esm" });
    return (await transformAsync(code, { configFile: false, babelrc: false, plugins: [[decorators, { version: "2023-11" }]] })).code;
  }],
];

test("experimentalDecorators lowered by esbuild: a method caches, and two classes' twins keep caches of their own", async () => {
  const source = readFileSync(new URL("../decorators/legacy.ts", import.meta.url), "utf8");
  const options = { loader: "ts", target: "es2022", format: "esm", tsconfigRaw: { compilerOptions: { experimentalDecorators: true } } };
  await lowered((await transform(source, options)).code, checkLegacy);
});

for (const [name, lower] of LOWERINGS) {
  test(`decorators lowered by ${name}: two classes' methods of equal name and source keep caches of their own`, async () => {
    await lowered(await lower(readFileSync(new URL("../decorators/model.ts", import.meta.url), "utf8")), checkTwins);
  });
}

// A minified build renames a decorated method's parameters; the build plugin, reading the
// source as written in esbuild, gives them back, so the underscore still leaves a React
// state setter (a bound function, which no hash can read) out of the key.
for (const [file, tsconfigRaw] of [["model.ts", {}], ["legacy.ts", { compilerOptions: { experimentalDecorators: true } }]]) {
  test(`decorators in ${file} minified by esbuild with the build plugin keep their underscore parameters`, async () => {
    const bundle = (plugins) => build({
      entryPoints: [fileURLToPath(new URL(`../decorators/${file}`, import.meta.url))], bundle: true, external: ["cache-resource"], minify: true,
      format: "esm", target: "es2022", write: false, tsconfigRaw, plugins, logLevel: "silent",
    }).then((r) => r.outputFiles[0].text);
    const setProgress = function (p) { this.p = p; }.bind({});
    await lowered(await bundle([plugin.esbuild()]), (module) => {
      const models = new module.Models();
      strictEqual(models.load("resnet", setProgress), models.load("resnet", setProgress));
      checkModels(module);
    });
    await lowered(await bundle([]), (module) => {
      throws(() => new module.Models().load("resnet", setProgress), /minifier's name/, "without the plugin, the setter is hashed");
    });
  });
}

/** `code`, a lowered model, run as a module of its own and handed to `check`. */
async function lowered(code, check) {
  const out = mkdtempSync(join(tmpdir(), "cache-resource-decorators-lowered-"));
  try {
    symlinkSync(fileURLToPath(new URL("../../node_modules", import.meta.url)), join(out, "node_modules"));
    writeFileSync(join(out, "model.mjs"), code);
    cacheResource.clear();
    check(await import(pathToFileURL(join(out, "model.mjs"))));
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
