// Arguments near the 512 MB limit of one key stream, in a process of their own: the limit
// is the same whatever was hashed before (a 260 MB argument once made a later 270 MB one
// fail, because the key buffer asked to double past the limit), and past it the error
// says so.
import { test } from "node:test";
import { strictEqual, throws } from "node:assert/strict";
import { cacheResource, UnhashableParamError } from "cache-resource";

const MB = 1 << 20;

test("the argument size limit does not depend on earlier arguments", () => {
  const f = cacheResource((bytes) => ({ n: bytes.length }), { key: "large-arguments" });
  strictEqual(f(new Uint8Array(260 * MB)).n, 260 * MB);
  strictEqual(f(new Uint8Array(270 * MB)).n, 270 * MB, "a larger argument after a large one");
  throws(() => f(new Uint8Array(520 * MB)), (e) => e instanceof UnhashableParamError && /512 MB/.test(e.message));
  strictEqual(f(1).n, undefined, "the cache still works afterwards");
});
