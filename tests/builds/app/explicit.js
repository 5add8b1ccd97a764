// The same app saying in code what a minifier cannot rename: built without the plugin.
import { cacheResource } from "cache-resource";
import { run } from "./harness.js";

let builds = 0;
const loadModel = cacheResource(async (name, size, onProgress) => {
  builds++;
  return { name, size };
}, { name: "loadModel", params: ["name", "size", "_onProgress"] });
const getConnection = cacheResource((config) => `${config.host}:${config.port}`, { name: "connect", maxEntries: 4 });

window.runApp = () => run(loadModel, getConnection, () => builds);
