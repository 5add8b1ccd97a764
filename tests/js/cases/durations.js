// ttl strings in the forms pandas' Timedelta reads, through the public option: each must
// parse to its seconds, and each refusal must say why.
import { cacheResource } from "cache-resource";
import { is, ok, throws } from "../assert.js";

/** The ttl in seconds that `text` sets, read back from the inspector. */
function seconds(text) {
  const name = `duration ${JSON.stringify(text)}`;
  cacheResource(() => 0, { ttl: text, key: name, name });
  return cacheResource.inspect().find((c) => c.name === name).ttlMs / 1000;
}

const close = (a, b) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));

export const tests = {
  "unit strings"() {
    const cases = [
      ["1d", 86_400], ["1.5 days", 129_600], ["1 day", 86_400], ["1h23s", 3_623], ["2 hours 5 min", 7_500],
      ["2 hours, 5 minutes", 7_500], ["10ms", 0.01], ["3 weeks", 1_814_400], ["90s", 90], ["90 sec", 90], ["1H", 3_600],
      ["1 Hours", 3_600], ["5T", 300], ["250us", 0.000_25], ["1 \u00b5s", 0.000_001], ["1 \u03bcs", 0.000_001],
      ["2 MINUTES", 120], ["500000000ns", 0.5], [".5s", 0.5], ["0s", 0], ["  1m  ", 60], ["+1m", 60],
      ["1d2h3m4s5ms", 93_784.005], ["1.s", 1],
    ];
    for (const [text, want] of cases) ok(close(seconds(text), want), `${JSON.stringify(text)}: got ${seconds(text)}, expected ${want}`);
  },

  "clock strings"() {
    const cases = [
      ["00:30:00", 1_800], ["1:00:00", 3_600], ["25:00:00", 90_000], ["00:00:01.5", 1.5], ["1 days 02:00:00", 93_600],
      ["1 day, 02:00:00", 93_600], ["2 days 00:00:00.250", 172_800.25],
    ];
    for (const [text, want] of cases) ok(close(seconds(text), want), `${JSON.stringify(text)}: got ${seconds(text)}`);
  },

  "ISO 8601"() {
    const cases = [["PT1H30M", 5_400], ["P1D", 86_400], ["P1DT2H", 93_600], ["P2W", 1_209_600], ["PT0.5S", 0.5], ["pt15m", 900], ["P1DT1H1M1S", 90_061]];
    for (const [text, want] of cases) ok(close(seconds(text), want), `${JSON.stringify(text)}: got ${seconds(text)}`);
  },

  "refusals say why"() {
    const refused = (text, why) => throws(() => cacheResource(() => 0, { ttl: text }), RangeError, `${JSON.stringify(text)} must be refused`).message.includes(why);
    ok(refused("", "it is empty"));
    ok(refused("   ", "it is empty"));
    ok(refused("soon", "is not a duration: it matches none of the forms"));
    ok(refused("-1d", "it is negative"));
    ok(refused("30", '30 has no unit (write "30s" for seconds)'));
    ok(refused("1 fortnight", '"fortnight" is not a unit'));
    ok(refused("1M", '"M" (months or years) has no fixed length'));
    ok(refused("2 years", '"years" (months or years)'));
    ok(refused("P1M", '"M" (months or years)'));
    ok(refused("  1h 2 lightyears", '"lightyears" is not a unit'));
    for (const bad of ["P", "PT", "P1H", "PT1D", "1:2", "00:61:00", "00:00:60", "a:b:c", "1d 00:00", "1..5s", "d", "1d foo", "P1DT", "1e5s", "\uff11d", "::", "P.T.", "\u00b5", "1 \u00b5", "9".repeat(400)]) {
      throws(() => cacheResource(() => 0, { ttl: bad }), RangeError, `${JSON.stringify(bad)} must be refused`);
    }
    is(seconds("-0s"), 0, "minus zero is no negative ttl");
  },
};
