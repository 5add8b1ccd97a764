// The README's decorator form needs a compile step that transforms `@` (no engine runs it
// yet): TypeScript's own tsc does, with TC39 decorators. Compiled, the method caches.
import { test } from "node:test";
import { cacheResource } from "cache-resource";
import { strictEqual } from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { TYPESCRIPTS } from "./typescripts.js";

for (const [version, bin] of TYPESCRIPTS) {
  test(`a @cacheResource method compiled by tsc ${version} caches, leaving an underscore parameter out, and keys this through cacheKey`, async () => {
    const tsc = fileURLToPath(new URL(`../../node_modules/${bin}`, import.meta.url));
    const project = fileURLToPath(new URL("../decorators/tsconfig.json", import.meta.url));
    const out = mkdtempSync(join(tmpdir(), "cache-resource-decorators-"));
    try {
      try {
        execFileSync(process.execPath, [tsc, "-p", project, "--outDir", out], { encoding: "utf8", stdio: "pipe" });
      } catch (e) {
        throw new Error(`tsc ${version} failed:\n${e.stdout}${e.stderr}`);
      }
      // The compiled module imports "cache-resource" by name, as the source does.
      symlinkSync(fileURLToPath(new URL("../../node_modules", import.meta.url)), join(out, "node_modules"));
      // Both compilers emit the same function text, which is one cache (as after a hot
      // reload): start each from empty.
      cacheResource.clear();
      const compiled = await import(pathToFileURL(join(out, "model.js")));
      const { Models } = compiled;
      const models = new Models();
      const first = models.load("resnet", () => {});
      strictEqual(models.load("resnet", () => {}), first, "one entry for equal arguments, the callback left out");
      strictEqual(new Models().load("resnet"), first, "instances share entries");
      strictEqual(compiled.loads, 1);
      const { Api } = compiled;
      const a = new Api("https://a");
      strictEqual(a.user(1).url, "https://a/users/1");
      strictEqual(new Api("https://b").user(1).url, "https://b/users/1", "a cacheKey returning this keys instances apart");
      strictEqual(new Api("https://a").user(1), a.user(1), "by value: equal instances share");
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
}
