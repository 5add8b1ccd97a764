// The expiry timer is unref'd: a Node process with live ttl entries still exits.
import { test } from "node:test";
import { strictEqual } from "node:assert/strict";
import { runModule } from "./module-process.js";

test("a Node process exits while entries with a ttl are alive", () => {
  const script = `
    import { cacheResource } from "cache-resource";
    const f = cacheResource((x) => ({ x }), { ttl: "1h" });
    f(1); f(2);
    if (f.stats().entries !== 2) process.exit(3);
  `;
  const run = runModule(script);
  strictEqual(run.error, undefined, "the process ended by itself (no timeout)");
  strictEqual(run.status, 0, run.stderr);
});

test("a Node process that stays alive sees its entries expire on the timer", () => {
  const script = `
    import { cacheResource } from "cache-resource";
    const released = [];
    const f = cacheResource((x) => ({ x }), { ttl: 0.05, onRelease: (v) => released.push(v.x) });
    f("a");
    setTimeout(() => process.exit(released.join() === "a" ? 0 : 4), 300);
  `;
  const run = runModule(script);
  strictEqual(run.status, 0, run.stderr);
});
