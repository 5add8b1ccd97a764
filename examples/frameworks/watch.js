// The pattern every framework binding of cache-resource follows: call the cached function,
// report its value (or error) when it has one, and call it again when that entry leaves
// the cache. A view that calls it again after a release never keeps showing a value
// `onRelease` already disposed.
import { cacheResource } from "cache-resource";

// A cacheData function hands out a new copy per call; releases name the value it keeps.
// Under this key it offers the call that gives that kept value, which is what to watch.
const KEPT = Symbol.for("cache-resource.kept");

/**
 * Calls `fn(...args)` now and after each release of what it returned; `show({ value,
 * error, loading })` hears each change. Returns the function that stops watching.
 */
export function watchCached(fn, args, show) {
  let shown = []; // what the entry holds: the result, then what a promise resolved to
  const kept = fn[KEPT] ?? null;
  const own = (value) => (kept === null ? value : structuredClone(value));
  const load = () => {
    let result;
    try {
      result = (kept?.call ?? fn)(...args);
    } catch (error) {
      shown = [];
      return show({ value: undefined, error, loading: false });
    }
    shown = [result];
    if (typeof result?.then !== "function") return show({ value: own(result), error: null, loading: false });
    show({ value: undefined, error: null, loading: true });
    result.then(
      (value) => shown[0] === result && (shown.push(value), show({ value: own(value), error: null, loading: false })),
      (error) => shown[0] === result && show({ value: undefined, error, loading: false }),
    );
  };
  // Releases only: listening to them costs cached calls nothing.
  const stop = cacheResource.subscribe((e) => shown.includes(e.value) && load(), { types: ["release"] });
  load();
  return stop;
}
