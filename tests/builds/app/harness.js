// What each production build of the test app runs, whatever its bundler: a cached async
// loader called with an unhashable callback and then a fresh closure, a cached function of
// an object argument and of a URL, a function bound to a name and called with an abort
// signal it leaves out, a cacheData query given a connection it leaves out, the inspector
// mounted, two lazily loaded modules (chunks of their own, where the bundler splits)
// wrapping functions of equal source, and two modules of the main chunk wrapping them
// through the app's own helper.
// tests/browser/builds.test.mjs reads the result.
import { cacheResource } from "cache-resource";
import { mountInspector } from "cache-resource/inspector";
import * as users from "./users.js";
import * as teams from "./teams.js";

const frames = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));

/** A connection as a driver writes one: its handle is private, so it cannot be hashed. */
export class Db {
  #handle = { open: true };
  rows(sql) {
    return this.#handle.open ? [{ sql }] : [];
  }
}

export async function run({ loadModel, getConnection, fetchUser, loadRows, builds }) {
  mountInspector(document.getElementById("inspector"));
  const setProgress = function (p) {
    this.progress = p;
  }.bind({}); // as React's state setters are: a bound function, which no hash can read
  const pending = loadModel("small", 1000, setProgress);
  const spinner = document.querySelector(".cache-resource-spinner")?.textContent ?? null;
  const first = await pending;
  const again = await loadModel("small", 1000, (p) => p); // a fresh closure, as each render makes
  const sameConnection = getConnection({ host: "db", port: 5432 }) === getConnection({ port: 5432, host: "db" });
  // A URL is keyed by where it points, as the config is by its fields.
  const sameUrl = getConnection(new URL("postgres://db:5432/app")) === getConnection(new URL("postgres://db:5432/app"));
  const user = await fetchUser(7, new AbortController().signal);
  const sameUser = user === (await fetchUser(7, new AbortController().signal));
  const rows = await loadRows("select 1", new Db());
  const sameRows = JSON.stringify(rows) === JSON.stringify(await loadRows("select 1", new Db()));
  await frames(); // the inspector renders in the next frame
  const result = {
    builds: builds(),
    same: first === again,
    sameConnection,
    sameUrl,
    sameUser,
    sameRows,
    spinner,
    stats: cacheResource.stats().functions.map((f) => f.name).sort(),
    inspector: [...document.querySelectorAll(".cri-cache")].map((c) => c.dataset.function).sort(),
  };
  const [a, b] = await Promise.all([import("../../js/cases/modules/twin-a.js"), import("../../js/cases/modules/twin-b.js")]);
  return { ...result, twins: [a.get(1), b.get(1), a.get(1)], helped: [users.get(1), teams.get(1)] };
}
