// Hardened JavaScript: an app under SES `lockdown()` (MetaMask Snaps, LavaMoat, Agoric),
// whose intrinsics are frozen and whose errors, by default, carry no stack. Each case runs
// in a process of its own, since lockdown changes the realm for good.
import { test } from "node:test";
import { strictEqual } from "node:assert/strict";
import { runModule } from "./module-process.js";

function underLockdown(body) {
  const script = `
    import "ses";
    lockdown();
    const check = (ok, what) => { if (!ok) { console.error(what); process.exit(3); } };
    ${body}
  `;
  return runModule(script, { timeout: 20_000 });
}

test("under SES lockdown the package caches: by value, with a bound, a ttl and async functions", () => {
  const run = underLockdown(`
    const { cacheResource } = await import("cache-resource");
    let runs = 0;
    const connect = cacheResource((url, options) => ({ url, options, run: ++runs }), { maxEntries: 2, ttl: "1h" });
    check(connect("db", { tls: true, pool: 2 }) === connect("db", { pool: 2, tls: true }), "equal arguments, one value");
    connect("a"); connect("b");
    check(connect.stats().evicted === 1 && runs === 3, "the least recently used left: " + JSON.stringify(connect.stats()));
    const load = cacheResource(async (name) => ({ name }));
    check((await load("m")) === (await load("m")), "one promise, one value");
    connect.clear();
    check(connect.stats().entries === 0, "cleared");
  `);
  strictEqual(run.status, 0, run.stderr);
});

test("under SES lockdown, whose errors show no stack, equal source wrapped in two modules is two caches", () => {
  const run = underLockdown(`
    check(new Error().stack === "", "lockdown hides the stack, so no call site can be read");
    const [a, b] = await Promise.all([import("./tests/js/cases/modules/twin-a.js"), import("./tests/js/cases/modules/twin-b.js")]);
    check(a.get(1) === "a:1" && b.get(1) === "b:1" && a.get(1) === "a:1", "each module's own cache: " + [a.get(1), b.get(1)]);
  `);
  strictEqual(run.status, 0, run.stderr);
});
