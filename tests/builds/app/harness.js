// What each production build of the test app runs, whatever its bundler: a cached async
// loader called with an unhashable callback and then a fresh closure, a cached function of
// an object argument and of a URL, the inspector mounted, and two lazily loaded modules
// (chunks of their own, where the bundler splits) wrapping functions of equal source.
// tests/browser/builds.test.mjs reads the result.
import { cacheResource } from "cache-resource";
import { mountInspector } from "cache-resource/inspector";

const frames = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));

export async function run(loadModel, getConnection, builds) {
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
  await frames(); // the inspector renders in the next frame
  const result = {
    builds: builds(),
    same: first === again,
    sameConnection,
    sameUrl,
    spinner,
    stats: cacheResource.stats().functions.map((f) => f.name).sort(),
    inspector: [...document.querySelectorAll(".cri-cache")].map((c) => c.dataset.function).sort(),
  };
  const [a, b] = await Promise.all([import("../../js/cases/modules/twin-a.js"), import("../../js/cases/modules/twin-b.js")]);
  return { ...result, twins: [a.get(1), b.get(1), a.get(1)] };
}
