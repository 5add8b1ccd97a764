// A module that a test imports twice, under two queries, as a dev server's hot update
// evaluates a module again.
import { cacheResource } from "cache-resource";

globalThis.hotModuleRuns ??= { n: 0 };

export const connect = cacheResource((url) => ({ url, run: ++globalThis.hotModuleRuns.n }));
