// `ttl` strings, in the forms pandas' `Timedelta` accepts (Streamlit passes a string ttl to
// `pd.Timedelta`): unit strings ("1d", "1.5 days", "1h23s", "2 hours 5 min"), clock
// strings ("00:30:00", "1 days 02:00:00") and ISO 8601 ("PT1H30M"). In JS rather than in
// the wasm module: there the parser and the string handling it pulled in cost 2.7 KB
// gzipped, here well under 1, for a function that runs once per wrap.

// Seconds per unit in pandas' spellings (single capitals it still accepts, T, S, L, U, N,
// included; "µs" and "μs" are the micro and mu spellings of "us"). Months and years have
// no fixed length: NaN.
const SECONDS = new Map(
  [
    ["w W week weeks", 604_800],
    ["d D day days", 86_400],
    ["h H hr hrs hour hours", 3_600],
    ["m T min mins minute minutes", 60],
    ["s S sec secs second seconds", 1],
    ["ms L milli millis millisecond milliseconds", 1e-3],
    ["us \u00b5s \u03bcs U micro micros microsecond microseconds", 1e-6],
    ["ns N nano nanos nanosecond nanoseconds", 1e-9],
    ["M Y y month months year years", NaN],
  ].flatMap(([names, seconds]) => names.split(" ").map((name) => [name, seconds])),
);

// An unsigned decimal: 12, 1.5, .5, 1.
const NUMBER = "(?=\\.?\\d)\\d*\\.?\\d*";
const SPACE = /^[\t\n\f\r ]+|[\t\n\f\r ]+$/g;
// One part of a unit string after its separators: a clock, which ends the string, or a
// number, ASCII space, and a unit (letters, and the µ of "µs").
const PART = new RegExp(`[ ,\\t]*(?:([^ ,\\t]*:[^]*)|(${NUMBER})[\\t\\n\\f\\r ]*([A-Za-z\\u0080-\\uffff]*))`, "y");
const CLOCK = new RegExp(`^(\\d+):(\\d+):(${NUMBER})[\\t\\n\\f\\r ]*$`);
const ISO = new RegExp(`(${NUMBER})([^])`, "y");
const ISO_UNITS = [{ W: 604_800, D: 86_400 }, { H: 3_600, M: 60, S: 1 }];
const MALFORMED = "it matches none of the forms";
const variable = (unit) => `"${unit}" (months or years) has no fixed length`;

/**
 * Seconds in a ttl string, or the reason it is refused (a string that completes "… is not
 * a duration: ").
 */
export function parseDuration(text) {
  const s = text.replace(SPACE, "");
  if (s === "") return "it is empty";
  const body = s[0] === "-" || s[0] === "+" ? s.slice(1).replace(SPACE, "") : s;
  const seconds = body[0] === "P" || body[0] === "p" ? iso8601(body.slice(1)) : unitsAndClock(body);
  if (typeof seconds === "string") return seconds;
  if (s[0] === "-" && seconds > 0) return "it is negative";
  return Number.isFinite(seconds) ? seconds : MALFORMED;
}

/** `[N unit]... [hh:mm:ss[.f]]`, separated by spaces, commas or tabs. */
function unitsAndClock(s) {
  let total = 0;
  let parts = 0;
  PART.lastIndex = 0;
  while (!/^[ ,\t]*$/.test(s.slice(PART.lastIndex))) {
    const m = PART.exec(s);
    if (m === null) return MALFORMED;
    parts++;
    if (m[1] !== undefined) {
      // A clock ends the string: "1 days 02:00:00" but not "02:00:00 1 day".
      const c = CLOCK.exec(m[1]);
      if (c === null || +c[2] >= 60 || +c[3] >= 60) return MALFORMED;
      return total + c[1] * 3_600 + c[2] * 60 + +c[3];
    }
    if (m[3] === "") return `${m[2]} has no unit (write "${m[2]}s" for seconds)`;
    // Longer spellings in any case ("Hours", "MIN"); single letters are case-sensitive
    // ("M" is months, "m" minutes).
    const unit = m[3];
    const per = SECONDS.get(unit) ?? (unit.length > 1 ? SECONDS.get(unit.toLowerCase()) : undefined);
    if (per === undefined) return `"${unit}" is not a unit`;
    if (per !== per) return variable(unit);
    total += m[2] * per;
  }
  return parts === 0 ? MALFORMED : total;
}

/** `P[nW][nD][T[nH][nM][nS]]` (after the `P`); numbers may have fractions. */
function iso8601(s) {
  const t = s.search(/[Tt]/);
  const sections = t < 0 ? [s] : [s.slice(0, t), s.slice(t + 1)];
  if (sections[1] === "") return MALFORMED;
  let total = 0;
  let parts = 0;
  for (let k = 0; k < sections.length; k++) {
    ISO.lastIndex = 0;
    while (ISO.lastIndex < sections[k].length) {
      const m = ISO.exec(sections[k]);
      if (m === null) return MALFORMED;
      const unit = m[2].toUpperCase();
      if (k === 0 && (unit === "Y" || unit === "M")) return variable(m[2]);
      if (!Object.hasOwn(ISO_UNITS[k], unit)) return MALFORMED;
      total += m[1] * ISO_UNITS[k][unit];
      parts++;
    }
  }
  return parts === 0 ? MALFORMED : total;
}
