// The app in TypeScript, as `npm create vite` scaffolds one: Vite compiles the types away
// before the plugin reads the calls.
import { cacheResource } from "cache-resource";
import { run } from "./harness.js";

let loaded = 0;
const loadModel = cacheResource(async function loadModel(name: string, size: number, _onProgress?: (p: number) => void) {
  loaded += 1;
  return { name, size };
});
function connect(config: { host: string; port: number }): string {
  return `${config.host}:${config.port}`;
}
const getConnection = cacheResource(connect, { maxEntries: 4 });

(window as unknown as { runApp: () => unknown }).runApp = () => run(loadModel, getConnection, () => loaded);
