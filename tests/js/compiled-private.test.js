// Classes with #private fields as production builds for older engines ship them: each
// compiler turns the fields into WeakMaps out of the walk's sight, and minifying renames
// the helpers it calls. Each build must be refused, as the source class is, never keyed
// by its public fields alone; the same builds of a class without private state stay keyed
// by their fields.
import { test, after } from "node:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { pathToFileURL } from "node:url";
import { transform } from "esbuild";
import { rolldown } from "rolldown";
import ts from "typescript";
import { minify } from "terser";
import { cacheResource, UnhashableParamError } from "cache-resource";
import { is, isNot, ok, throws } from "./assert.js";

const SOURCE = `
export class Account {
  #balance;
  constructor(owner, balance) { this.owner = owner; this.#balance = balance; }
  get balance() { return this.#balance; }
}
export class Counter {
  #n = 0;
  inc() { return ++this.#n; }
}
export class Vault {
  #secret() { return this.#code; }
  #code;
  constructor(code) { this.#code = code; }
  open(code) { return code === this.#secret(); }
}
export class Point {
  constructor(x, y) { this.x = x; this.y = y; }
  static of(...xs) { return new Point(...xs); }
  moved(...d) { return Point.of.apply(this, d); }
}
`;

const dir = mkdtempSync(`${tmpdir()}/compiled-private-`);
after(() => rmSync(dir, { recursive: true, force: true }));

const esbuildFor = (target, minifyIt) => async () => (await transform(SOURCE, { loader: "js", format: "esm", target, minify: minifyIt })).code;

async function rolldownFor(minifyIt) {
  const entry = `${dir}/entry.js`;
  writeFileSync(entry, SOURCE);
  const bundle = await rolldown({ input: entry, transform: { target: "es2020" }, logLevel: "silent" });
  const { output } = await bundle.generate({ format: "es", minify: minifyIt });
  await bundle.close();
  return output[0].code;
}

async function typescriptFor(minifyIt) {
  const { outputText } = ts.transpileModule(SOURCE, { compilerOptions: { target: ts.ScriptTarget.ES2020, module: ts.ModuleKind.ESNext } });
  return minifyIt ? (await minify(outputText, { module: true })).code : outputText;
}

const BUILDS = {
  "esbuild, ES2020, minified": esbuildFor("es2020", true),
  "esbuild, ES2020": esbuildFor("es2020", false),
  "esbuild, ES2015, minified": esbuildFor("es2015", true),
  "Rolldown, ES2020, minified": () => rolldownFor(true),
  "Rolldown, ES2020": () => rolldownFor(false),
  "TypeScript, ES2020, minified by terser": () => typescriptFor(true),
  "TypeScript, ES2020": () => typescriptFor(false),
};

let n = 0;
for (const [build, compile] of Object.entries(BUILDS)) {
  test(`${build}: a class with private fields is refused; one without is keyed by its fields`, async () => {
    const code = await compile();
    ok(!code.includes("#"), `${build} kept the private names: it tests nothing`);
    const file = `${dir}/build-${n++}.mjs`;
    writeFileSync(file, code);
    const { Account, Counter, Vault, Point } = await import(pathToFileURL(file).href);
    const f = cacheResource((x) => ({ x }), { key: `compiled-private ${build}` });
    for (const [name, make] of [["Account", () => new Account("ann", 1)], ["Counter", () => new Counter()], ["Vault", () => new Vault(7)]]) {
      const e = throws(() => f(make()), UnhashableParamError, `${build}: ${name}`);
      ok(/private/.test(e.message), `${build}: ${name}: ${e.message}`);
    }
    const p = f(new Point(1, 2));
    is(f(new Point(1, 2)), p, `${build}: Point`);
    isNot(f(new Point(1, 3)), p, `${build}: Point`);
  });
}
