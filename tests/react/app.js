// The React app of tests/browser/react.test.mjs: one component per way an entry leaves
// the cache, each showing how many times its value was built. Built with esbuild and run in
// headless Chromium; `window.app` is what the test drives.
import { createElement as h, Component, Suspense } from "react";
import { createRoot } from "react-dom/client";
import { cacheData, cacheResource } from "cache-resource";
import { useCached } from "cache-resource/react";

const builds = {};
const built = (what) => (builds[what] = (builds[what] ?? 0) + 1);
const later = (ms) => new Promise((r) => setTimeout(r, ms));

const loadModel = cacheResource(async (name) => {
  const version = built(name);
  await later(10);
  return { name, version };
}, { name: "loadModel", params: ["name"], showSpinner: false });
const token = cacheResource(() => ({ version: built("token") }), { name: "token", ttl: 0.4 });
const lru = cacheResource((key) => ({ key, version: built(`lru ${key}`) }), { name: "lru", params: ["key"], maxEntries: 1 });
const connect = cacheResource(async (db) => ({ db, open: true, version: built(db) }), {
  name: "connect", params: ["db"], validate: (c) => c.open, showSpinner: false,
});
const failing = cacheResource(async () => {
  built("failing");
  await later(5);
  throw new Error("model server down");
}, { name: "failing", showSpinner: false });

const report = cacheData(async (month) => {
  const version = built(month);
  await later(10);
  return { month, version };
}, { name: "report", params: ["month"], showSpinner: false });

function Report() {
  const r = useCached(report, "nov");
  r.month = "changed by this component"; // its own copy
  return h("p", { id: "report" }, `report v${r.version}`);
}

function Model({ name }) {
  const m = useCached(loadModel, name);
  return h("p", { id: name }, `${m.name} v${m.version}`);
}
function Token() {
  return h("p", { id: "token" }, `token v${useCached(token).version}`);
}
function Lru() {
  return h("p", { id: "lru" }, `lru v${useCached(lru, "p").version}`);
}
function Connection() {
  return h("p", { id: "conn" }, `conn v${useCached(connect, "db").version}`);
}
function Failing() {
  return h("p", null, useCached(failing).never);
}

let boundary = null;

class Boundary extends Component {
  state = { error: null };
  componentDidMount() {
    boundary = this;
  }
  static getDerivedStateFromError(error) {
    return { error };
  }
  render() {
    return this.state.error ? h("p", { id: "error" }, this.state.error.message) : this.props.children;
  }
}

function App() {
  return h(
    "div",
    null,
    h(Suspense, { fallback: h("p", null, "loading") }, h(Model, { name: "a" }), h(Model, { name: "b" })),
    h(Token),
    h(Lru),
    h(Suspense, { fallback: null }, h(Connection)),
    h(Suspense, { fallback: null }, h(Report)),
    h(Boundary, null, h(Suspense, { fallback: null }, h(Failing))),
  );
}

createRoot(document.getElementById("root")).render(h(App));
window.app = { builds, loadModel, lru, connect, report, cacheResource, tryAgain: () => boundary.setState({ error: null }) };
