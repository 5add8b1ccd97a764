// Vue 3: a composable whose ref follows a cached call.
//   const user = useCached(loadUser, 42);   // in setup(): user.value.value, .error, .loading
import { onScopeDispose, shallowRef } from "vue";
import { watchCached } from "./watch.js";

export function useCached(fn, ...args) {
  const state = shallowRef({ value: undefined, error: null, loading: true });
  onScopeDispose(watchCached(fn, args, (next) => (state.value = next)));
  return state;
}
