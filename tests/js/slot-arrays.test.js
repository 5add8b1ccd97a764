// The JS arrays indexed by slot stay fast arrays in V8 however far apart the slots they are
// written at: a store far past an array's end turns it into a dictionary, and every hit
// and release that reads it into a hash lookup (an object entry recorded and released
// cost 2.7× as much). Slots run into the tens of thousands when one cache holds that many
// entries; the arrays the front caches and ttl deadlines use are written only for some of
// them. V8 says which kind an array has only to a process started with
// --allow-natives-syntax, so the check runs in one.
import { test } from "node:test";
import { strictEqual } from "node:assert/strict";
import { spawnSync } from "node:child_process";

const url = (path) => JSON.stringify(new URL(path, import.meta.url).href);

const SCRIPT = `
import { cacheResource } from "cache-resource";
import { values, settled, deadlines, argsOf } from ${url("../../pkg/slots.js")};
import { primitivePaths } from ${url("../../pkg/front-primitives.js")};
import { objectEntries } from ${url("../../pkg/front-objects.js")};

// 20,000 entries used once: slots 0 to 19,999, none recorded by a front cache.
const many = cacheResource((i) => ({ i }), { key: "many" });
for (let i = 0; i < 20_000; i++) many(i);
// Entries from slot 20,000 on, each called twice (recorded once their shape is known), and evicted.
const objects = cacheResource((o) => ({ o }), { key: "objects", maxEntries: 5 });
const primitives = cacheResource((x) => ({ x }), { key: "primitives", maxEntries: 5, ttl: 60 });
for (let i = 0; i < 40; i++) {
  objects({ id: i, tls: { verify: true } });
  objects({ id: i, tls: { verify: true } });
  primitives(i);
  primitives(i);
}
const arrays = { values, settled, deadlines, argsOf, primitivePaths, objectEntries };
console.log(JSON.stringify(Object.entries(arrays).filter(([, a]) => %HasDictionaryElements(a)).map(([name]) => name)));
`;

test("arrays indexed by slot stay fast arrays when the slots they hold are far apart", () => {
  const child = spawnSync(process.execPath, ["--allow-natives-syntax", "--input-type=module", "-e", SCRIPT], {
    cwd: new URL(".", import.meta.url),
    encoding: "utf8",
  });
  strictEqual(child.status, 0, child.stderr);
  strictEqual(child.stdout.trim(), "[]", "arrays in dictionary mode");
});
