// The browser entry (index.js), loaded by Node: what a test environment that resolves the
// "browser" or "default" export condition (jsdom setups) does. It reads the wasm from disk,
// since Node's fetch takes no file: URL. A process of its own, so its registry is its own.
import { test } from "node:test";
import { equal } from "node:assert/strict";
import { execFileSync } from "node:child_process";

const ENTRY = new URL("../../pkg/index.js", import.meta.url).href;

test("the browser entry starts in Node and caches", () => {
  const script = `const { cacheResource } = await import(${JSON.stringify(ENTRY)});
const load = cacheResource((id) => ({ id }), { maxEntries: 2 });
console.log(JSON.stringify([load(1) === load(1), load(1) !== load(2)]));`;
  const out = execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
  equal(out.trim(), "[true,true]");
});
