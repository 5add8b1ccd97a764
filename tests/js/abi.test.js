// The contract between the package's JS and its wasm module, src/js/abi.js, against the
// Rust constants it copies: any drift fails here, before a stream or an answer is misread.
import { test } from "node:test";
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as abi from "../../pkg/abi.js";

const rust = (path) => readFileSync(new URL(`../../src/${path}`, import.meta.url), "utf8");

/** `pub const NAME: T = VALUE;` in `text`, as a number; throws when it is not there. */
function constant(text, name) {
  const m = new RegExp(`pub const ${name}: \\w+ = (-?(?:0x[0-9a-fA-F]+|\\d+));`).exec(text);
  if (m === null) throw new Error(`no constant ${name}`);
  return Number(m[1]);
}

test("the key stream's type tags are core::key::tag's", () => {
  const key = rust("core/key.rs");
  const module = key.slice(key.indexOf("pub mod tag {"), key.indexOf("\n}\n", key.indexOf("pub mod tag {")));
  const tags = Object.fromEntries([...module.matchAll(/pub const (\w+): u8 = (0x[0-9a-fA-F]+);/g)].map(([, n, v]) => [n, Number(v)]));
  // The digests are written by wasm into its canonical form only, never by the encoder.
  delete tags.MAP_DIGEST;
  delete tags.SET_DIGEST;
  ok(Object.keys(tags).length > 20, "found core::key::tag");
  for (const [name, value] of Object.entries(tags)) strictEqual(abi[name], value, name);
  strictEqual(new Set(Object.values(tags)).size, Object.keys(tags).length, "every tag its own value");
  strictEqual(abi.MAX_STREAM_DEPTH, constant(key, "MAX_DEPTH"));
});

test("the out slot, the answers and the records are the wasm layer's", () => {
  strictEqual(abi.OUT_SLOT_BYTES, constant(rust("wasm/key_buffer.rs"), "KEY_OUT_BYTES"));
  const registry = rust("wasm/registry.rs");
  for (const name of ["MISS", "MALFORMED", "GONE", "STALE_BASE", "ENTRY_RECORD", "RELEASE_RECORD"]) {
    strictEqual(abi[name], constant(registry, name), name);
  }
  strictEqual(abi.USED_LOG, constant(rust("wasm/used.rs"), "USED_LOG"));
  const answers = [abi.MISS, abi.MALFORMED, abi.GONE];
  strictEqual(new Set(answers).size, answers.length, "every answer its own value");
  ok(answers.every((a) => a > abi.STALE_BASE), "no answer is also a stale hit");
});

test("stale hits decode in one place", () => {
  // As wasm encodes them: STALE_BASE - 2 * slot, minus one when a refresh is due.
  for (const slot of [0, 1, 7, 1_000_000]) {
    for (const due of [false, true]) {
      const answer = abi.STALE_BASE - 2 * slot - Number(due);
      strictEqual(abi.slotOf(answer), slot);
      strictEqual(abi.refreshDue(answer), due);
    }
    strictEqual(abi.slotOf(slot), slot, "a fresh hit is its slot");
  }
});

test("release reasons follow core::registry::ReleaseCause", () => {
  const registry = rust("core/registry.rs");
  const body = /pub enum ReleaseCause \{([^}]*)\}/.exec(registry)[1];
  const causes = [...body.matchAll(/^\s*(\w+) = (\d+),/gm)].map(([, name, value]) => [name, Number(value)]);
  const reasonOf = { Cleared: "clear", Evicted: "lru", Reconfigured: "rewrap", Replaced: "replace", Expired: "ttl", Invalid: "validate" };
  deepStrictEqual(causes.map(([name]) => name).sort(), Object.keys(reasonOf).sort(), "every cause has a reason");
  for (const [name, value] of causes) strictEqual(abi.RELEASE_REASONS[value], reasonOf[name], name);
  strictEqual(abi.RELEASE_REASONS.length, causes.length);
});

test("the counters' order is Rust's", () => {
  const names = /pub const STAT_NAMES: \[&str; \d+\] =\s*\[([^\]]*)\]/.exec(rust("core/registry.rs"));
  deepStrictEqual(abi.STAT_NAMES, JSON.parse(`[${names[1]}]`));
});
