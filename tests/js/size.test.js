// The size budget: everything a browser downloads for `import { cacheResource } from
// "cache-resource"`, gzipped at level 9 as a server would, both as published and as a
// bundler ships it. Fails when a change grows the package past the budget.
import { test } from "node:test";
import { ok } from "node:assert/strict";
import { bundled, publishedFiles } from "../../scripts/package-size.mjs";

// The budget is 32 KB for what an app ships: the package bundled and minified, as every
// production build does. The published files are readable source with comments (a page
// that imports them unbundled is a development setup); their ceiling only catches growth.
const PUBLISHED_BUDGET = 84 * 1024;
const BUNDLED_BUDGET = 32 * 1024;

test(`as published, a browser downloads at most ${PUBLISHED_BUDGET / 1024} KB gzipped`, () => {
  const files = publishedFiles();
  const names = files.map((f) => f.file);
  ok(names.includes("api.js") && names.includes("wasm.js"), `import graph found: ${names.join(", ")}`);
  ok(!names.some((n) => n.includes("py")), "the Pyodide installer is not in the main entry's graph");
  ok(!names.includes("react.js"), "nor the React binding");
  const total = files.reduce((s, f) => s + f.gzip, 0);
  const report = files.map((f) => `${f.file} ${f.gzip}`).join(", ");
  ok(total <= PUBLISHED_BUDGET, `${total} bytes gzipped > budget ${PUBLISHED_BUDGET}: ${report}`);
  console.log(`# published: gzipped total ${(total / 1024).toFixed(1)} KB: ${report}`);
});

test(`bundled and minified, a browser downloads at most ${BUNDLED_BUDGET / 1024} KB gzipped`, async () => {
  const { js, wasm } = await bundled();
  const total = js.gzip + wasm.gzip;
  ok(total <= BUNDLED_BUDGET, `${total} bytes gzipped > budget ${BUNDLED_BUDGET}: JS ${js.gzip}, wasm ${wasm.gzip}`);
  console.log(`# bundled: JS ${(js.gzip / 1024).toFixed(1)} KB + wasm ${(wasm.gzip / 1024).toFixed(1)} KB gzipped`);
});
