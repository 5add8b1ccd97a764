// `ttl` strings, in the forms pandas' `Timedelta` accepts (Streamlit passes a string ttl to
// `pd.Timedelta`): unit strings ("1d", "1.5 days", "1h23s", "2 hours 5 min"), clock
// strings ("00:30:00", "1 days 02:00:00") and ISO 8601 ("PT1H30M"). In JS rather than in
// the wasm module: there the parser and the string handling it pulls in cost 2.7 KB
// gzipped, here about 0.6, for a function that runs once per wrap.

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

// An unsigned decimal (12, 1.5, .5, 1.) and, in clocks, whole fields.
const NUMBER = /^(?=\.?\d)\d*\.?\d*/;
const UNIT = /^[A-Za-z\u0080-\uffff]+/;
const SEPARATOR = /[ ,\t]/;
const asciiSpace = /^[\t\n\f\r ]+|[\t\n\f\r ]+$/g;

class Refusal {
  constructor(reason) {
    this.reason = reason;
  }
}

const malformed = () => new Refusal("it is not a duration");
const variable = (unit) => new Refusal(`"${unit}" (months or years) has no fixed length`);

/**
 * Seconds in a ttl string, or the reason it is refused (a string that completes "… is not
 * a duration: ").
 */
export function parseDuration(text) {
  const s = text.replace(asciiSpace, "");
  if (s === "") return "it is empty";
  const sign = s[0] === "-" || s[0] === "+";
  const body = sign ? s.slice(1).replace(asciiSpace, "") : s;
  try {
    const seconds = body[0] === "P" || body[0] === "p" ? iso8601(body.slice(1)) : unitsAndClock(body);
    if (s[0] === "-" && seconds > 0) return "it is negative";
    return Number.isFinite(seconds) ? seconds : malformed().reason;
  } catch (e) {
    if (e instanceof Refusal) return e.reason;
    throw e;
  }
}

function unitSeconds(unit) {
  // Longer spellings in any case ("Hours", "MIN"); single letters are case-sensitive ("M"
  // is months, "m" minutes).
  let seconds = SECONDS.get(unit);
  if (seconds === undefined && unit.length > 1) seconds = SECONDS.get(unit.replace(/[A-Z]/g, (c) => c.toLowerCase()));
  if (seconds === undefined) throw new Refusal(`"${unit}" is not a unit`);
  if (seconds !== seconds) throw variable(unit);
  return seconds;
}

/** `[N unit]... [hh:mm:ss[.f]]`, separated by spaces, commas or tabs. */
function unitsAndClock(s) {
  let total = 0;
  let parts = 0;
  let i = 0;
  for (;;) {
    while (i < s.length && SEPARATOR.test(s[i])) i++;
    if (i === s.length) break;
    let end = i;
    while (end < s.length && !SEPARATOR.test(s[end])) end++;
    if (s.slice(i, end).includes(":")) {
      // A clock ends the string: "1 days 02:00:00" but not "02:00:00 1 day".
      total += clock(s.slice(i));
      parts++;
      break;
    }
    const number = NUMBER.exec(s.slice(i));
    if (number === null) throw malformed();
    const rest = s.slice(i + number[0].length);
    const gap = rest.length - rest.replace(/^[\t\n\f\r ]+/, "").length;
    const unit = UNIT.exec(rest.slice(gap));
    if (unit === null) throw new Refusal(`${number[0]} has no unit (write "${number[0]}s" for seconds)`);
    total += Number(number[0]) * unitSeconds(unit[0]);
    i += number[0].length + gap + unit[0].length;
    parts++;
  }
  if (parts === 0) throw malformed();
  return total;
}

/** `hh:mm:ss` or `hh:mm:ss.fff`, the whole of `s`. */
function clock(s) {
  const fields = s.replace(/[\t\n\f\r ]+$/, "").split(":");
  if (fields.length !== 3 || !fields.slice(0, 2).every((f) => /^\d+$/.test(f))) throw malformed();
  const seconds = NUMBER.exec(fields[2]);
  const [h, m] = fields.map(Number);
  if (seconds === null || seconds[0] !== fields[2] || m >= 60 || Number(fields[2]) >= 60) throw malformed();
  return h * 3_600 + m * 60 + Number(fields[2]);
}

const ISO_DATE = { W: 604_800, D: 86_400 };
const ISO_TIME = { H: 3_600, M: 60, S: 1 };

/** `P[nW][nD][T[nH][nM][nS]]` (after the `P`); numbers may have fractions. */
function iso8601(s) {
  const t = s.search(/[Tt]/);
  const sections = t < 0 ? [[s, ISO_DATE]] : [[s.slice(0, t), ISO_DATE], [s.slice(t + 1), ISO_TIME]];
  let total = 0;
  let parts = 0;
  for (let [rest, units] of sections) {
    while (rest !== "") {
      const number = NUMBER.exec(rest);
      if (number === null || rest.length === number[0].length) throw malformed();
      const designator = rest[number[0].length];
      const upper = designator.toUpperCase();
      if (units === ISO_DATE && (upper === "Y" || upper === "M")) throw variable(designator);
      if (!Object.hasOwn(units, upper)) throw malformed();
      total += Number(number[0]) * units[upper];
      parts++;
      rest = rest.slice(number[0].length + 1);
    }
  }
  if (parts === 0 || (t >= 0 && s.slice(t + 1) === "")) throw malformed();
  return total;
}
