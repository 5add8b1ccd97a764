// The app as its author writes it: names and an underscore parameter in the source only.
import { cacheResource } from "cache-resource";
import * as caching from "cache-resource";
import { cached } from "./caching.js";
import { connect } from "./connect.js";
import { run } from "./harness.js";

let builds = 0;
const loadModel = cacheResource(async function loadModel(name, size, _onProgress) {
  builds++;
  return { name, size };
});
const getConnection = cached(connect, { maxEntries: 4 });
const fetchUser = async (id, _signal) => {
  builds++;
  return { id };
};
const minutely = cacheResource({ ttl: 60 });
const cachedUser = minutely(fetchUser);
const loadRows = caching.cacheData(async function loadRows(sql, _db) {
  builds++;
  return _db.rows(sql);
});

window.runApp = () => run({ loadModel, getConnection, fetchUser: cachedUser, loadRows, builds: () => builds });
