// Option names and checks. Every bad option fails when the function is wrapped, never on
// a later call, and the message quotes what was passed.

import { parseDuration } from "./duration.js";

const TTL_FORMS =
  'seconds (90, 0.5), null for no expiry, {hours: 1, minutes: 30}, ' +
  'or a string like "90s", "1.5 days", "2h 5min", "00:30:00", "PT1H30M"';

// Milliseconds per field of a ttl object (the fields of Python's timedelta).
const TTL_FIELDS = { weeks: 604_800_000, days: 86_400_000, hours: 3_600_000, minutes: 60_000, seconds: 1000, milliseconds: 1, microseconds: 0.001 };

/** A ttl in any accepted form, as milliseconds; Infinity for no expiry. */
function ttlMs(v, option = "ttl") {
  if (v === null || v === undefined || v === Infinity) return Infinity;
  if (typeof v === "number") {
    if (Number.isNaN(v) || v < 0) {
      throw new RangeError(`cacheResource: \`${option}\` must not be negative or NaN, got ${show(v)}. Accepted: ${TTL_FORMS}.`);
    }
    return v * 1000;
  }
  if (typeof v === "string") {
    const seconds = parseDuration(v);
    if (typeof seconds === "number") return seconds * 1000;
    throw new RangeError(`cacheResource: \`${option}\` ${show(v)} is not a duration: ${seconds}. Accepted: ${TTL_FORMS}.`);
  }
  if (typeof v === "object" && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype) {
    let ms = 0;
    for (const [field, amount] of Object.entries(v)) {
      if (!Object.hasOwn(TTL_FIELDS, field)) {
        throw new TypeError(`cacheResource: \`${option}\` object has unknown field \`${field}\`; fields: ${Object.keys(TTL_FIELDS).join(", ")}.`);
      }
      if (typeof amount !== "number" || !Number.isFinite(amount)) {
        throw new TypeError(`cacheResource: \`${option}.${field}\` must be a finite number, got ${show(amount)}.`);
      }
      ms += amount * TTL_FIELDS[field];
    }
    if (ms < 0) throw new RangeError(`cacheResource: \`${option}\` must not be negative, got ${JSON.stringify(v)} (${ms / 1000} s).`);
    return ms;
  }
  throw new TypeError(`cacheResource: \`${option}\` must be a number of seconds, a string or a duration object, got ${show(v)}. Accepted: ${TTL_FORMS}.`);
}

const OPTIONS = {
  name: (v) => {
    if (typeof v !== "string" || v === "") throw new TypeError(`cacheResource: \`name\` must be a non-empty string, got ${show(v)}.`);
    return v;
  },
  params: (v) => {
    if (!Array.isArray(v) || !v.every((p) => typeof p === "string")) {
      throw new TypeError(`cacheResource: \`params\` must be the parameter names as written, like ["url", "_onProgress"], got ${show(v)}.`);
    }
    return [...v];
  },
  cacheKey: (v) => callback("cacheKey", v),
  ttl: ttlMs,
  key: (v) => {
    if (typeof v !== "string") throw new TypeError(`cacheResource: \`key\` must be a string, got ${show(v)}.`);
    return v;
  },
  maxEntries: (v) => {
    if (v === null || v === undefined || v === Infinity) return 0;
    if (typeof v !== "number" || !Number.isInteger(v) || v < 1 || v > 0xffffffff) {
      const message = `cacheResource: \`maxEntries\` must be a whole number from 1 to 4294967295 (or null for no limit), got ${show(v)}.`;
      throw typeof v === "number" ? new RangeError(message) : new TypeError(message);
    }
    return v;
  },
  hashFuncs: (v) => {
    if (v === null || v === undefined) return null;
    const byType = new Map();
    const byName = new Map();
    let entries;
    if (v instanceof Map) entries = [...v.entries()];
    else if (typeof v === "object" && !Array.isArray(v)) entries = Object.entries(v);
    else throw new TypeError(`cacheResource: \`hashFuncs\` must be a Map or an object, got ${show(v)}.`);
    for (const [type, fn] of entries) {
      if (typeof fn !== "function") {
        throw new TypeError(`cacheResource: \`hashFuncs\` entry ${typeof type === "function" ? type.name : show(type)} must map to a function, got ${show(fn)}.`);
      }
      if (typeof type === "function") byType.set(type, fn);
      else if (typeof type === "string" && type !== "") byName.set(type, fn);
      else throw new TypeError(`cacheResource: \`hashFuncs\` keys must be classes or type names, got ${show(type)}.`);
    }
    // Whether one takes over a value the primitive front cache takes (by its `typeof`;
    // "object" is null's): if none does, such calls keep that front cache.
    const primitive = ["number", "string", "boolean", "undefined", "bigint", "object"].some((t) => byName.has(t));
    return entries.length === 0 ? null : { byType, byName, primitive };
  },
  onRelease: (v) => callback("onRelease", v),
  validate: (v) => {
    const check = callback("validate", v);
    // Its answer is read at once: a promise is truthy, so an async check would keep every entry.
    if (check?.constructor?.name === "AsyncFunction") throw new TypeError(ASYNC_VALIDATE);
    return check;
  },
  showSpinner: (v) => {
    if (v === undefined) return true;
    if (typeof v !== "boolean" && typeof v !== "string") {
      throw new TypeError(`cacheResource: \`showSpinner\` must be true, false or a text, got ${show(v)}.`);
    }
    return v;
  },
  showTime: (v) => {
    if (v === undefined) return false;
    if (typeof v !== "boolean") throw new TypeError(`cacheResource: \`showTime\` must be true or false, got ${show(v)}.`);
    return v;
  },
  spinnerContainer: (v) => {
    if (v === null || v === undefined) return null;
    const isElement = typeof v === "object" && typeof v.append === "function";
    if (!(typeof v === "string" && v !== "") && !isElement) {
      throw new TypeError(`cacheResource: \`spinnerContainer\` must be an element or a CSS selector, got ${show(v)}.`);
    }
    return v;
  },
  scope: (v) => oneOf("scope", v, ["global", "session"]),
  refreshMode: (v) => oneOf("refreshMode", v, ["foreground", "background"]),
  refreshRetry: (v) => {
    const ms = ttlMs(v, "refreshRetry");
    if (ms === Infinity) throw new RangeError("cacheResource: `refreshRetry` must be a finite duration, e.g. 60 or \"1 min\".");
    return ms;
  },
};

export const ASYNC_VALIDATE = "cacheResource: `validate` must answer at once, not with a promise.";

function callback(name, v) {
  if (v === null || v === undefined) return null;
  if (typeof v !== "function") throw new TypeError(`cacheResource: \`${name}\` must be a function, got ${show(v)}.`);
  return v;
}

function oneOf(name, v, allowed) {
  if (v === undefined) return allowed[0];
  if (!allowed.includes(v)) {
    throw new TypeError(`cacheResource: \`${name}\` must be ${allowed.map((a) => JSON.stringify(a)).join(" or ")}, got ${show(v)}.`);
  }
  return v;
}

/** A name as it is compared with the options: in lower case, without `_` and `-`. */
const norm = (n) => n.toLowerCase().replace(/[_-]/g, "");

/**
 * The option a misspelt name most likely meant: the same letters in another case or with
 * `_`/`-` (Streamlit's `max_entries`), or a shared start of at least three letters that is
 * two thirds of the name (`maxEntry`, `hash`) or the whole option (`ttl_seconds`).
 */
function nearest(name, names) {
  const a = norm(name);
  return names.find((n) => norm(n) === a) ?? names.find((n) => {
    const b = norm(n);
    let i = 0;
    while (i < a.length && a[i] === b[i]) i++;
    return i >= 3 && (i === b.length || i >= (2 * a.length) / 3);
  });
}

/** Checks `options` and returns them normalized; throws TypeError/RangeError on bad input. */
export function parseOptions(options) {
  if (options === undefined || options === null) options = {};
  if (typeof options !== "object" || Array.isArray(options)) {
    throw new TypeError(`cacheResource: options must be an object, got ${show(options)}.`);
  }
  const parsed = {
    name: null, params: null, cacheKey: null, key: "", site: "", ttl: Infinity, maxEntries: 0, hashFuncs: null, onRelease: null, validate: null, showSpinner: true,
    showTime: false, spinnerContainer: null, scope: "global", refreshMode: "foreground", refreshRetry: 60_000,
  };
  // Own names only, looked up as own names: `constructor` or `valueOf` is no option.
  for (const name of Object.keys(options)) {
    if (Object.hasOwn(OPTIONS, name)) {
      parsed[name] = OPTIONS[name](options[name]);
      continue;
    }
    // Streamlit's experimental_allow_widgets, in any spelling.
    if (norm(name) === "experimentalallowwidgets") {
      throw new TypeError(`cacheResource: option \`${name}\` is not supported: it was removed from Streamlit's st.cache_resource (a TypeError there too).`);
    }
    const near = nearest(name, Object.keys(OPTIONS));
    const hint = near ? ` Did you mean \`${near}\`?` : "";
    throw new TypeError(
      `cacheResource: unknown option \`${name}\`.${hint} Valid options: ${Object.keys(OPTIONS).join(", ")}.`,
    );
  }
  if (parsed.refreshMode === "background" && (parsed.ttl === Infinity || parsed.ttl === 0)) {
    throw new TypeError(
      'cacheResource: `refreshMode: "background"` needs a `ttl` above 0, the age at which an entry turns stale: ' +
        'e.g. { ttl: "1h", refreshMode: "background" }.',
    );
  }
  return parsed;
}

/** A short, safe rendering of a user value for messages; never throws (a revoked proxy, a throwing getter). */
export function show(v) {
  if (typeof v === "string") return JSON.stringify(v.length > 60 ? v.slice(0, 57) + "..." : v);
  if (typeof v === "bigint") return `${v}n`;
  if (typeof v === "symbol") return v.toString();
  try {
    if (typeof v === "function") return `function ${v.name || "(anonymous)"}`;
    if (Array.isArray(v)) return "an array";
    if (v !== null && typeof v === "object" && typeof v.then === "function") return "a promise";
    if (v !== null && typeof v === "object") return `an object (${Object.prototype.toString.call(v).slice(8, -1)})`;
  } catch {
    return "a proxy";
  }
  return String(v);
}
