// A ttl under a test's fake timers, as Jest and Vitest install them (both use
// @sinonjs/fake-timers): moving the fake time expires entries, with or without the timers
// themselves faked, and uninstalling them leaves the clock counting real time.
import { test } from "node:test";
import { deepStrictEqual, equal } from "node:assert/strict";
import FakeTimers from "@sinonjs/fake-timers";
import { cacheResource } from "cache-resource";

const HOUR = 3_600_000;

// What each install fakes: Vitest's default (everything but nextTick and queueMicrotask,
// which node:test itself needs), Date alone, Date and the timers; a fake Date starts at
// the real time (Jest, Vitest) or at 0 (sinon).
const VITEST = ["Date", "performance", "hrtime", "setTimeout", "clearTimeout", "setImmediate", "clearImmediate", "setInterval", "clearInterval"];
const INSTALLS = [
  ["Vitest's default, from now", { toFake: VITEST, now: Date.now() }],
  ["Vitest's default, from 0", { toFake: VITEST }],
  ["Date alone", { toFake: ["Date"] }],
  ["Date and the timers", { toFake: ["Date", "setTimeout", "clearTimeout"], now: Date.now() }],
];

for (const [what, config] of INSTALLS) {
  test(`fake timers (${what}): moving the time expires an entry; uninstalled, real time counts`, async () => {
    const clock = FakeTimers.install(config);
    const released = [];
    let runs = 0;
    const connect = cacheResource((url) => ({ url, run: ++runs }), { ttl: "1h", onRelease: (v) => released.push(v.run), key: what });
    try {
      const first = connect("db");
      clock.tick(HOUR / 2);
      await clock.tickAsync(1);
      equal(connect("db"), first, "half an hour on: a hit");
      clock.tick(HOUR / 2 + 1000);
      await clock.tickAsync(1);
      equal(connect("db").run, 2, "an hour on: computed again");
      deepStrictEqual(released, [1], "released by the timer, or by the call that found it expired");
    } finally {
      clock.uninstall();
    }
    const short = cacheResource((x) => ({ x }), { ttl: 0.05, key: `${what}, after` });
    const value = short(1);
    equal(short(1), value, "real time: a hit at once");
    await new Promise((r) => setTimeout(r, 150));
    equal(short(1) === value, false, "and expired 150 ms later");
  });
}

// A test body that moves the fake time, calls, and uninstalls, all in one synchronous turn:
// the clock has shown the moved time, and must go on from there with the real time, not
// stand still until the real time catches up (an hour here, every ttl served that long).
test("fake time moved and uninstalled within one turn: the clock goes on with real time", async () => {
  const clock = FakeTimers.install({ toFake: ["Date"], now: Date.now() });
  const hourly = cacheResource((x) => ({ x }), { ttl: "1h", key: "moved, then uninstalled" });
  const first = hourly(1);
  clock.tick(HOUR + 1000);
  equal(hourly(1) === first, false, "an hour on: computed again");
  clock.uninstall();
  const short = cacheResource((x) => ({ x }), { ttl: 0.05, key: "after an uninstall in the same turn" });
  const value = short(1);
  equal(short(1), value, "a hit at once");
  await new Promise((r) => setTimeout(r, 150));
  equal(short(1) === value, false, "expired 150 ms later, as the real time says");
});
