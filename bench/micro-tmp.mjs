import { cacheResource } from "cache-resource";
const f = cacheResource((a, b, c) => ({ a, b, c }), { key: "m" });
for (let i = 0; i < 10; i++) f(i, "tenant", true);
const g = cacheResource(() => ({}), { key: "m0" }); g();
const h = cacheResource((a) => ({a}), { key: "m1" }); for (let i = 0; i < 10; i++) h(i);
function bench(name, body) {
  for (let r = 0; r < 3; r++) {
    const n = 5e6; const t0 = performance.now();
    for (let i = 0; i < n; i++) body(i);
    const ns = (performance.now() - t0) * 1e6 / n;
    if (r === 2) console.log(name, ns.toFixed(1));
  }
}
const m1 = new Map(), m2 = new Map(), m3 = new Map();
for (let i = 0; i < 10; i++) { const a = new Map(); m1.set(i, a); const b = new Map(); a.set("tenant", b); b.set(true, i); }
bench("3 args", (i) => f(i % 10, "tenant", true));
bench("1 arg", (i) => h(i % 10));
bench("0 args", (i) => g());
bench("3 Map.get", (i) => m1.get(i % 10).get("tenant").get(true));
bench("JSON 3", (i) => JSON.stringify([i % 10, "tenant", true]));
