import { cacheResource } from "cache-resource";
function xorshift(seed) { let x = seed; return () => { x ^= x << 13; x ^= x >>> 17; x ^= x << 5; return (x >>> 0); }; }
class Box { constructor(v) { this.v = v; } }
const SEED = +(process.argv[2] ?? 1);
let fails = 0;
for (let trial = 0; trial < 300; trial++) {
  const next = xorshift(SEED * 1000 + trial + 1);
  const r = (n) => next() % n;
  // a spec: build function given a rng replay
  const specSeed = next();
  function build() {
    const rr = xorshift(specSeed);
    const rn = (n) => rr() % n;
    const stack = [];
    function val(d) {
      const k = d > 5 ? rn(3) : rn(10);
      if (k === 0) return rn(5);
      if (k === 1) return ["a", "b", "x".repeat(rn(3) * 100)][rn(3)];
      if (k === 2) return rn(2) ? null : undefined;
      if (k === 3 && stack.length) return stack[rn(stack.length)];
      if (k === 4) { const o = {}; stack.push(o); const n = rn(4); for (let i = 0; i < n; i++) o["k" + rn(6)] = val(d + 1); stack.pop(); return o; }
      if (k === 5) { const a = []; stack.push(a); const n = rn(4); for (let i = 0; i < n; i++) a.push(val(d + 1)); stack.pop(); return a; }
      if (k === 6) { const m = new Map(); stack.push(m); const n = rn(3); for (let i = 0; i < n; i++) m.set("m" + i, val(d + 1)); stack.pop(); return m; }
      if (k === 7) { const b = new Box(null); stack.push(b); b.v = val(d + 1); stack.pop(); return b; }
      if (k === 8) { const a = Array.from({ length: rn(3) * 60 }, (_, i) => ({ i })); return a; }
      const o = {}; stack.push(o); o.a = val(d + 1); o.b = val(d + 1); stack.pop(); return o;
    }
    const n = 1 + rn(2);
    return Array.from({ length: n }, () => val(0));
  }
  let made = 0;
  const f = cacheResource((...a) => ({ n: ++made }), { key: "fz" + SEED + "-" + trial });
  const first = f(...build());
  for (let i = 0; i < 25; i++) {
    // perturb: calls with other shapes
    if (r(2) === 0) {
      const flat = (x, d) => {
        if (typeof x !== "object" || x === null || x instanceof Map || x instanceof Box) return r(3);
        if (Array.isArray(x)) return x.map((y) => (d > 0 && r(2) ? r(3) : flat(y, d + 1)));
        const o = {}; for (const k of Object.keys(x)) o[k] = d > 0 && r(2) ? r(3) : flat(x[k], d + 1); return o;
      };
      try { for (let j = 0; j < 3; j++) f(...build().map((x) => flat(x, 0))); } catch (e) { if (!/deeper|Cannot hash/.test(e.message)) console.log("perturb threw", e.message); }
    }
    const got = f(...build());
    if (got !== first) { fails++; console.log("trial", trial, "call", i, "different entry", got.n, first.n); break; }
  }
}
console.log("fails", fails);
