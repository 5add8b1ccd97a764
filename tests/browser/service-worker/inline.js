// A module service worker using the package through cache-resource/inline: a service
// worker may not await at the top of its modules, which the main entry does. Workers have
// no import maps, so it imports the entry file by path.
import { cacheResource } from "/pkg/inline.js";

const open = cacheResource((name) => ({ name, openedAt: performance.now() }), { key: "sw", ttl: 60, maxEntries: 4 });

self.addEventListener("message", (e) => {
  const a = open({ db: e.data });
  const b = open({ db: e.data });
  e.source.postMessage({ same: a === b, other: open({ db: `${e.data}-2` }) !== a, stats: open.stats() });
});
