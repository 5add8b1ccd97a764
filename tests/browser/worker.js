// A module worker using the package: no DOM, so the spinner must be a silent no-op.
// Workers have no import maps, so it imports the package's entry file by path.
import { cacheResource } from "/pkg/index.js";

const load = cacheResource(async (name) => ({ name, at: performance.now() }), { key: "worker", ttl: 60 });
const a = await load("m");
const b = await load("m");
postMessage({ same: a === b, stats: load.stats(), hasDocument: typeof document !== "undefined" });
