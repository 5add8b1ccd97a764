// Pages with a Content-Security-Policy without 'unsafe-eval' forbid `new Function`, which
// the encoder uses for per-shape object readers. Node's --disallow-code-generation-from-strings
// forbids it the same way: keys must come out the same through the generic walk.
import { test } from "node:test";
import { deepStrictEqual, strictEqual } from "node:assert/strict";
import { runModule } from "./module-process.js";

test("without code generation from strings, objects still key by value", () => {
  const script = `
    import { cacheResource } from "cache-resource";
    let evalWorks = true;
    try { new Function("return 1"); } catch { evalWorks = false; }
    const f = cacheResource((o) => ({ o }), { key: "no-eval" });
    const first = f({ a: 1, b: { c: [1, 2] } });
    let same = true;
    for (let i = 0; i < 20; i++) same &&= f({ b: { c: [1, 2] }, a: 1 }) === first;
    const differs = f({ a: 2, b: { c: [1, 2] } }) !== first;
    console.log(JSON.stringify({ evalWorks, same, differs }));
  `;
  const run = runModule(script, { flags: ["--disallow-code-generation-from-strings"] });
  strictEqual(run.status, 0, run.stderr);
  deepStrictEqual(JSON.parse(run.stdout), { evalWorks: false, same: true, differs: true });
});
