// A service worker using the package through cache-resource/inline: a service worker may
// not await at the top of its modules, which the main entry does. Served as a module
// worker with the name mapped to the package's file (workers have no import maps), and
// bundled into a minified classic worker, as a PWA's build makes one.
import { cacheResource } from "cache-resource/inline";

const open = cacheResource((name) => ({ name, openedAt: performance.now() }), { key: "sw", ttl: 60, maxEntries: 4 });

self.addEventListener("message", (e) => {
  const a = open({ db: e.data });
  const b = open({ db: e.data });
  e.source.postMessage({ same: a === b, other: open({ db: `${e.data}-2` }) !== a, stats: open.stats() });
});
