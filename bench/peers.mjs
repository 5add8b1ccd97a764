// The libraries cache-resource is measured against, each with how it keys arguments.
// Every factory takes (fn, { max, key }) and returns a memoized fn; `max` bounds entries.
import { cacheResource } from "cache-resource";
import memoizee from "memoizee";
import moize from "moize";
import { memoize as microMemoize } from "micro-memoize";
import fastMemoize from "fast-memoize";
import pMemoize from "p-memoize";
import { LRUCache } from "lru-cache";
import { stringify as safeStableStringify } from "safe-stable-stringify";
import fastStableStringify from "fast-json-stable-stringify";
import { hashKey } from "@tanstack/query-core";

const BIG = 1 << 30; // "unbounded" for libraries whose default size is 1

function jsonKeyed(store, keyOf = JSON.stringify) {
  return (fn) =>
    function (...args) {
      const k = keyOf(args);
      let v = store.get(k);
      if (v === undefined) {
        v = fn(...args);
        store.set(k, v);
      }
      return v;
    };
}

export const PEERS = [
  {
    name: "cache-resource",
    expires: true,
    keys: "by value (type-tagged, canonical)",
    byValue: true,
    hashFuncs: true,
    make: (fn, { max, key, ttl, onRelease, hashFuncs } = {}) => cacheResource(fn, { key, maxEntries: max ?? null, ttl: ttl ?? null, onRelease, hashFuncs }),
  },
  {
    name: "memoizee",
    expires: true,
    keys: "by identity (===)",
    make: (fn, { max, ttl, onRelease } = {}) =>
      memoizee(fn, { length: fn.length, max, maxAge: ttl ? ttl * 1000 : undefined, dispose: onRelease, promise: fn.constructor.name === "AsyncFunction" }),
  },
  {
    name: "moize",
    expires: true,
    keys: "by identity (SameValueZero)",
    make: (fn, { max, ttl, onRelease } = {}) =>
      moize(fn, { maxSize: max ?? BIG, maxAge: ttl ? ttl * 1000 : undefined, onExpire: onRelease, isPromise: fn.constructor.name === "AsyncFunction" }),
  },
  {
    name: "moize.deep",
    keys: "by value (deep equal, linear scan)",
    byValue: true,
    make: (fn, { max } = {}) => moize.deep(fn, { maxSize: max ?? BIG }),
  },
  {
    name: "micro-memoize",
    keys: "by identity (SameValueZero)",
    make: (fn, { max } = {}) => microMemoize(fn, { maxSize: max ?? BIG, async: fn.constructor.name === "AsyncFunction" }),
  },
  {
    name: "fast-memoize",
    keys: "by JSON.stringify (wrong for some types)",
    byValue: true,
    unbounded: true,
    make: (fn) => fastMemoize(fn),
  },
  {
    name: "p-memoize",
    keys: "by first argument identity (async only)",
    asyncOnly: true,
    make: (fn) => pMemoize(fn, { cacheKey: (args) => args[0] }),
  },
  {
    name: "lru-cache + JSON key",
    expires: true,
    keys: "by JSON.stringify (wrong for some types)",
    byValue: true,
    make: (fn, { max, ttl, onRelease } = {}) =>
      jsonKeyed(new LRUCache({ max: max ?? 1_000_000, ttl: ttl ? ttl * 1000 : undefined, ttlAutopurge: !!ttl, dispose: onRelease }))(fn),
  },
  // The by-value way to key a Map that sorts names, so {a, b} and {b, a} are one key.
  ...[
    ["safe-stable-stringify", safeStableStringify],
    ["fast-json-stable-stringify", fastStableStringify],
    ["TanStack hashKey", hashKey],
  ].map(([keyName, keyOf]) => ({
    name: `lru-cache + ${keyName}`,
    keys: `by ${keyName} (sorted names; wrong for some types)`,
    byValue: true,
    make: (fn, { max } = {}) => jsonKeyed(new LRUCache({ max: max ?? 1_000_000 }), keyOf)(fn),
  })),
  {
    name: "Map + JSON key",
    keys: "by JSON.stringify (wrong for some types)",
    byValue: true,
    unbounded: true,
    make: (fn) => jsonKeyed(new Map())(fn),
  },
];
