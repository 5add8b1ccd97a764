// Option names and checks. Every bad option fails when the function is wrapped, never on
// a later call, and the message quotes what was passed.

const OPTIONS = {
  key: (v) => {
    if (typeof v !== "string") throw new TypeError(`cacheResource: \`key\` must be a string, got ${show(v)}.`);
    return v;
  },
  maxEntries: (v) => {
    if (v === null || v === undefined || v === Infinity) return 0;
    if (typeof v !== "number") {
      throw new TypeError(`cacheResource: \`maxEntries\` must be a positive integer or null, got ${show(v)}.`);
    }
    if (!Number.isInteger(v) || v < 1 || v > 0xffffffff) {
      throw new RangeError(`cacheResource: \`maxEntries\` must be a whole number from 1 to 4294967295 (or null for no limit), got ${show(v)}.`);
    }
    return v;
  },
  onRelease: (v) => {
    if (v === null || v === undefined) return null;
    if (typeof v !== "function") throw new TypeError(`cacheResource: \`onRelease\` must be a function, got ${show(v)}.`);
    return v;
  },
};

// Streamlit spellings, so a ported call gets a pointer instead of a bare "unknown option".
const STREAMLIT_NAMES = { max_entries: "maxEntries", on_release: "onRelease" };

const REMOVED = {
  experimental_allow_widgets:
    "it was removed from Streamlit's st.cache_resource (a TypeError there too) and has no equivalent here",
  experimentalAllowWidgets:
    "it was removed from Streamlit's st.cache_resource (a TypeError there too) and has no equivalent here",
};

/** Checks `options` and returns them normalized; throws TypeError/RangeError on bad input. */
export function parseOptions(options) {
  if (options === undefined || options === null) options = {};
  if (typeof options !== "object" || Array.isArray(options)) {
    throw new TypeError(`cacheResource: options must be an object, got ${show(options)}.`);
  }
  const parsed = { key: "", maxEntries: 0, onRelease: null };
  for (const name of Object.keys(options)) {
    const check = OPTIONS[name];
    if (check) {
      parsed[name] = check(options[name]);
      continue;
    }
    if (REMOVED[name]) throw new TypeError(`cacheResource: option \`${name}\` is not supported: ${REMOVED[name]}.`);
    const hint = STREAMLIT_NAMES[name] ? ` Did you mean \`${STREAMLIT_NAMES[name]}\`?` : "";
    throw new TypeError(
      `cacheResource: unknown option \`${name}\`.${hint} Valid options: ${Object.keys(OPTIONS).join(", ")}.`,
    );
  }
  return parsed;
}

/** A short, safe rendering of a user value for error messages. */
export function show(v) {
  if (typeof v === "string") return JSON.stringify(v.length > 60 ? v.slice(0, 57) + "..." : v);
  if (typeof v === "bigint") return `${v}n`;
  if (typeof v === "function") return `function ${v.name || "(anonymous)"}`;
  if (Array.isArray(v)) return "an array";
  if (v !== null && typeof v === "object") return `an object (${Object.prototype.toString.call(v).slice(8, -1)})`;
  return String(v);
}
