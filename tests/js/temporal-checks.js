// What a cache must do with Temporal's values, for any Temporal: the browsers' own (the
// cases run it where there is one) and the polyfill (tests/js/temporal.test.js, in Node).
// A polyfill keeps each object's state out of sight, so keyed as an ordinary class every
// date was one entry; a native one was refused as a platform object.
import { cacheResource, UnhashableParamError } from "cache-resource";
import { is, isNot, ok, throws } from "./assert.js";

/** Checks that `T`'s dates, times and durations are keyed by their kind and text. */
export function checkTemporal(T) {
  const f = cacheResource((...args) => ({ args }), { key: `temporal-${Math.random()}` });
  const values = [
    [T.PlainDate.from("2026-01-01"), T.PlainDate.from("2026-02-01")],
    [T.PlainDateTime.from("2026-01-01T10:00"), T.PlainDateTime.from("2026-01-01T10:00:00.000000001")],
    [T.PlainTime.from("10:00"), T.PlainTime.from("10:01")],
    [T.Instant.from("2026-01-01T00:00Z"), T.Instant.from("2026-01-01T00:00:01Z")],
    [T.ZonedDateTime.from("2026-01-01T00:00[Europe/Paris]"), T.ZonedDateTime.from("2026-01-01T00:00[Europe/Berlin]")],
    [T.Duration.from("PT1H"), T.Duration.from("PT60M")],
    [T.PlainYearMonth.from("2026-01"), T.PlainYearMonth.from("2026-02")],
    [T.PlainMonthDay.from("01-15"), T.PlainMonthDay.from("01-16")],
  ];
  for (const [a, b] of values) {
    const kind = Object.prototype.toString.call(a);
    const first = f(a);
    is(f(T[a.constructor.name].from(a.toString())), first, `${kind}: an equal copy`);
    isNot(f(b), first, `${kind}: ${a} and ${b}`);
    is(f({ when: [a] }), f({ when: [T[a.constructor.name].from(a.toString())] }), `${kind}: nested`);
  }
  // Another calendar is another date, though the day is the same.
  isNot(f(T.PlainDate.from("2026-01-01[u-ca=japanese]")), f(T.PlainDate.from("2026-01-01")));
  // Kinds apart: a date is not the date-time at its midnight, nor its text.
  isNot(f(T.PlainDate.from("2026-01-01")), f(T.PlainDateTime.from("2026-01-01T00:00")));
  isNot(f(T.PlainDate.from("2026-01-01")), f("2026-01-01"));
  // Read by the class's own toString: a subclass's override changes nothing but the class.
  class Day extends T.PlainDate {
    toString() {
      return "every day";
    }
  }
  const day = f(new Day(2026, 1, 1));
  is(f(new Day(2026, 1, 1)), day);
  isNot(f(new Day(2026, 1, 2)), day);
  isNot(f(T.PlainDate.from("2026-01-01")), day);
  // Inheriting from one without being one.
  const hollow = throws(() => f(Object.create(T.PlainDate.prototype)), UnhashableParamError);
  ok(hollow.message.includes("not a real Temporal.PlainDate"), hollow.message);
}
