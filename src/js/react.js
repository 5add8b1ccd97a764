// cache-resource/react: read a cached function's value in a component. Equal arguments
// give the same value, or the same promise, so React's `use` suspends on an entry still
// loading and resumes with its value. When the entry leaves the cache (a clear, its ttl,
// LRU eviction, a failed validate, a closed session), each component showing it renders
// again, and that render calls the function again.

import { use, useEffect, useMemo, useReducer } from "react";
import { cacheResource } from "cache-resource";

/** A released value -> the re-render callbacks of the components that show it. */
const watchers = new Map();
let unsubscribe = null;

function released(event) {
  const callbacks = watchers.get(event.value);
  if (callbacks !== undefined) for (const rerender of [...callbacks]) rerender();
}

/**
 * Re-renders with `rerender` when any of `shown` is released; returns the undo. One
 * subscription serves every component, to releases only, so hits stay unwatched.
 */
function watch(shown, rerender) {
  for (const v of shown) {
    let callbacks = watchers.get(v);
    if (callbacks === undefined) watchers.set(v, (callbacks = new Set()));
    callbacks.add(rerender);
  }
  unsubscribe ??= cacheResource.subscribe(released, { types: ["release"] });
  return () => {
    for (const v of shown) {
      const callbacks = watchers.get(v);
      callbacks?.delete(rerender);
      if (callbacks?.size === 0) watchers.delete(v);
    }
    if (watchers.size === 0) {
      unsubscribe?.();
      unsubscribe = null;
    }
  };
}

// The cache keeps no rejection, so the next call loads again. React renders a boundary
// whose promise rejected once more before it shows the error, and that render would
// start a load whose rejection asks for another render, and so on: a rejection is
// remembered by its function and key (the package's text for it) while React retries.
const KEY_TEXT = Symbol.for("cache-resource.keyText");
const KEPT = Symbol.for("cache-resource.kept");
const REMEMBER_MS = 300;
/** Cached function -> key text -> a rejected promise. */
const rejections = new WeakMap();
const observed = new WeakSet();

/** `target(...args)` for `fn`, or the promise that just rejected for these arguments. */
function call(fn, target, args) {
  const keyText = fn[KEY_TEXT];
  if (typeof keyText !== "function") return target(...args);
  const key = keyText(...args);
  const failed = rejections.get(fn)?.get(key);
  if (failed !== undefined) return failed;
  const result = target(...args);
  if (isThenable(result) && !observed.has(result)) {
    observed.add(result);
    result.then(undefined, () => {
      let byKey = rejections.get(fn);
      if (byKey === undefined) rejections.set(fn, (byKey = new Map()));
      byKey.set(key, result);
      setTimeout(() => byKey.get(key) === result && byKey.delete(key), REMEMBER_MS);
    });
  }
  return result;
}

const isThenable = (v) => v !== null && (typeof v === "object" || typeof v === "function") && typeof v.then === "function";

/**
 * `fn(...args)` for a function wrapped with `cacheResource`, its promise unwrapped with
 * React's `use` (so the nearest Suspense boundary shows while it loads, and a rejection
 * reaches the nearest error boundary). The component renders again when the entry is
 * released.
 */
export function useCached(fn, ...args) {
  if (typeof fn !== "function") throw new TypeError(`useCached: expected a cached function, got ${typeof fn}.`);
  const [, rerender] = useReducer((n) => n + 1, 0);
  // A cacheData function: the kept value itself, which is stable from render to render
  // and is what a release names; the component gets its own copy of it below.
  const kept = fn[KEPT] ?? null;
  const result = call(fn, kept?.call ?? fn, args);
  const value = isThenable(result) ? use(result) : result;
  const shown = useMemo(() => (kept === null ? value : structuredClone(value)), [kept, value]);
  useEffect(() => {
    const stop = watch(result === value ? [result] : [result, value], rerender);
    // Released between this render and now: no event will come for it.
    const peek = kept?.peek ?? fn.peek;
    try {
      if (typeof peek === "function" && peek(...args) !== result) rerender();
    } catch {
      // A session-scoped function outside its session: the next call says so.
    }
    return stop;
    // `args` are compared by value through `result`: equal arguments, same entry.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [fn, result, value]);
  return shown;
}
