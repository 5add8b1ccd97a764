// Svelte (4 and 5): a readable store that follows a cached call.
//   const user = cached(loadUser, 42);   // {#if $user.loading}…{:else}{$user.value.name}{/if}
import { readable } from "svelte/store";
import { watchCached } from "./watch.js";

export function cached(fn, ...args) {
  return readable({ value: undefined, error: null, loading: true }, (set) => watchCached(fn, args, set));
}
