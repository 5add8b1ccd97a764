// Engines from before String.prototype.isWellFormed (Chromium 110, Safari 16.3, Firefox
// 118, all of which the package supports) take another check for lone surrogates, which
// UTF-8 cannot write: it must tell them apart just as well.
import { test } from "node:test";
import { deepStrictEqual, strictEqual } from "node:assert/strict";
import { runModule } from "./module-process.js";

test("without String.prototype.isWellFormed, lone surrogates are still keyed apart", () => {
  const script = `
    delete String.prototype.isWellFormed;
    const { cacheResource } = await import("cache-resource");
    const probe = cacheResource((s) => ({ s }));
    const same = (a, b) => probe(a) === probe(b);
    // Past the short-ASCII path: a non-ASCII letter first.
    const texts = ["é\\uD800", "é\\uDC00", "é\\uFFFD", "é\\uD83D\\uDE00", "é\\uDE00\\uD83D", "é\\uD83D", "é\\uDE00"];
    console.log(JSON.stringify({
      method: typeof String.prototype.isWellFormed,
      apart: texts.map((a, i) => texts.filter((b, j) => i !== j && same(a, b)).length),
      equal: texts.map((a) => same(a, a.slice())),
    }));
  `;
  const run = runModule(script);
  strictEqual(run.status, 0, run.stderr);
  deepStrictEqual(JSON.parse(run.stdout), {
    method: "undefined",
    apart: [0, 0, 0, 0, 0, 0, 0],
    equal: [true, true, true, true, true, true, true],
  });
});
