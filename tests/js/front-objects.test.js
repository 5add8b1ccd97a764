// The object front cache's own bookkeeping (src/js/front-objects.js), driven directly:
// every recorded argument list is found again under its slot, through any number of
// entries and releases. tests/js/cases/front-objects.js checks its answers against the
// full path; this checks it answers at all, so a tree that loses entries shows up here
// and not only as slower hits.
import { test } from "node:test";
import { strictEqual } from "node:assert/strict";
import { capture, findObject, forgetObject, rememberObject } from "../../pkg/front-objects.js";
import { xorshift } from "./random.js";

const VALUES = [0, -0, 1, 2, NaN, "a", "b", "", true, false, null, undefined, 3n];

/** One of four shapes, with leaves drawn from VALUES: many entries share most leaves. */
function randomArgs(next) {
  const v = () => VALUES[next() % VALUES.length];
  switch (next() % 4) {
    case 0:
      return [{ id: v(), name: v(), tls: { verify: v(), ca: v() } }];
    case 1:
      return [v(), [v(), v(), v()]];
    case 2:
      return [{ a: [v(), { b: v() }], c: v() }, v()];
    default: {
      const holes = [v(), , v()]; // eslint-disable-line no-sparse-arrays
      return [holes];
    }
  }
}

const keyOf = (args) => JSON.stringify(args, (_, x) => (Object.is(x, -0) ? "-0" : typeof x === "bigint" ? `${x}n` : x === undefined ? "undef" : Number.isNaN(x) ? "NaN" : x));

test("every recorded argument list is found under its slot, until its slot is released", () => {
  const next = xorshift(1234567);
  const id = 1_000_001; // a cache id no other test uses
  const slots = new Map(); // key -> [slot, args]
  for (let slot = 0; slots.size < 3000; slot++) {
    const args = randomArgs(next);
    const key = keyOf(args);
    if (slots.has(key)) continue;
    rememberObject(id, capture(id, args, args.length, null), args.length, slot);
    slots.set(key, [slot, args]);
  }
  for (const [key, [slot, args]] of slots) strictEqual(findObject(id, structuredClone(args), args.length), slot, key);
  const released = new Set();
  for (const [key, [slot]] of slots) {
    if (next() % 2 === 0) {
      forgetObject(slot);
      released.add(key);
    }
  }
  for (const [key, [slot, args]] of slots) {
    strictEqual(findObject(id, structuredClone(args), args.length), released.has(key) ? -1 : slot, key);
  }
  for (const [, [slot]] of slots) forgetObject(slot);
  for (const [key, [, args]] of slots) strictEqual(findObject(id, args, args.length), -1, key);
});
