// Solid: a signal that follows a cached call.
//   const user = createCached(loadUser, 42);   // user().value, user().error, user().loading
import { createSignal, onCleanup } from "solid-js";
import { watchCached } from "./watch.js";

export function createCached(fn, ...args) {
  const [state, setState] = createSignal({ value: undefined, error: null, loading: true });
  onCleanup(watchCached(fn, args, setState));
  return state;
}
