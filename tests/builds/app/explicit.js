// The same app saying in code what a minifier cannot rename: built without the plugin.
import { cacheData, cacheResource } from "cache-resource";
import { run } from "./harness.js";

let builds = 0;
const loadModel = cacheResource(async (name, size, onProgress) => {
  builds++;
  return { name, size };
}, { name: "loadModel", params: ["name", "size", "_onProgress"] });
const getConnection = cacheResource((config) => `${config.host}:${config.port}`, { name: "connect", maxEntries: 4 });
const fetchUser = cacheResource(async (id, signal) => {
  builds++;
  return { id };
}, { name: "fetchUser", params: ["id", "_signal"], ttl: 60 });
const loadRows = cacheData(async (sql, db) => {
  builds++;
  return db.rows(sql);
}, { name: "loadRows", params: ["sql", "_db"] });

window.runApp = () => run({ loadModel, getConnection, fetchUser, loadRows, builds: () => builds });
