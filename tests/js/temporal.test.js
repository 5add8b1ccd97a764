// Temporal's values through the polyfill, as an app on a browser without Temporal (or on
// Node 20) has them: see temporal-checks.js. A class that only looks like one changes
// nothing for the real ones.
import { test } from "node:test";
import { Temporal } from "@js-temporal/polyfill";
import { cacheResource } from "cache-resource";
import { checkTemporal } from "./temporal-checks.js";
import { isNot } from "./assert.js";

test("the Temporal polyfill's dates, times and durations are keyed by their text", () => {
  checkTemporal(Temporal);
});

test("a class that carries Temporal's tag is read by its own toString, never a real date", () => {
  class PlainDate {
    constructor(text) {
      this.text = text;
    }
    toString() {
      return "one text for all";
    }
  }
  Object.defineProperty(PlainDate.prototype, Symbol.toStringTag, { value: "Temporal.PlainDate", configurable: true });
  const f = cacheResource((...args) => ({ args }), { key: "temporal-look-alike" });
  const fake = f(new PlainDate("a"));
  const real = f(Temporal.PlainDate.from("2026-01-01"));
  isNot(real, fake);
  isNot(f(Temporal.PlainDate.from("2026-01-02")), real, "real dates still by their own text");
});
