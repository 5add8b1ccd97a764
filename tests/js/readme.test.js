// The options are documented in one place, src/js/index.d.ts: the README's table is made
// from it (scripts/options-table.mjs), and the runtime accepts exactly the options it lists.
import { test } from "node:test";
import { deepStrictEqual, strictEqual, throws } from "node:assert/strict";
import { optionsTable, readmeTable } from "../../scripts/options-table.mjs";
import { cacheResource } from "cache-resource";

test("the README's options table is the one index.d.ts makes", () => {
  strictEqual(readmeTable(), optionsTable(), "run `node scripts/options-table.mjs --write` after editing index.d.ts");
});

test("the runtime accepts exactly the documented options", () => {
  const documented = [...optionsTable().matchAll(/^\| `(\w+)` \|/gm)].map((m) => m[1]).sort();
  let listed;
  throws(() => cacheResource(() => 0, { notAnOption: 1 }), (e) => {
    listed = /Valid options: ([^.]*)\./.exec(e.message)[1].split(", ").sort();
    return true;
  });
  deepStrictEqual(listed, documented);
});
