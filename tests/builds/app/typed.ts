// The app in TypeScript, as `npm create vite` scaffolds one, with a factory it imports from
// a module of its own.
import { cacheData, cacheResource } from "cache-resource";
import { run, type Db } from "./harness.js";
import { minutely } from "./minutely";

let loaded = 0;
const loadModel = cacheResource(async function loadModel(name: string, size: number, _onProgress?: (p: number) => void) {
  loaded += 1;
  return { name, size };
});
function connect(config: { host: string; port: number }): string {
  return `${config.host}:${config.port}`;
}
const getConnection = cacheResource(connect, { maxEntries: 4 });
const fetchUser = async (id: number, _signal?: AbortSignal) => {
  loaded += 1;
  return { id };
};
const cachedUser = minutely(fetchUser);
const loadRows = cacheData(async function loadRows(sql: string, _db: Db) {
  loaded += 1;
  return _db.rows(sql);
});

(window as unknown as { runApp: () => unknown }).runApp = () =>
  run({ loadModel, getConnection, fetchUser: cachedUser, loadRows, builds: () => loaded });
