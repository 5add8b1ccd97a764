// Where the app wrapped a function, part of its identity: two modules, or two chunks of a
// minified build, may wrap functions of equal source that close over different things.

/**
 * The places of the frames from `depth` frames above the caller up: file, line and column,
 * read from the stack (V8 `at f (url:3:18)`, others `f@url:3:18`), without a query (a dev
 * server's `?t=`) or the function's name (V8's holds the receiver's type), which ends at
 * the first `@` (a URL may hold others: a CDN's `pkg@1.2.0/index.js`).
 */
const places = (depth) =>
  (String(new Error().stack).match(/.*:\d+:\d+\)?$/gm) ?? [])
    .slice(depth + 2)
    .map((frame) => frame.replace(/^\s*at (?:[^(]* \()?|^[^@]*@|\)$|[?#][^\s:()]*/g, ""));

/**
 * The place `depth` frames above the caller and the place of the call that led there
 * ("" where the stack shows none): an app's helper around cacheResource is a place per
 * call of it, also where a bundle put it and its callers in one file.
 */
const callSite = (depth) => places(depth).slice(0, 2).join(" ");

/**
 * Every place on the stack, for a decorated method: compiled decorators (tsc, Babel,
 * esbuild) are all applied from one helper, and only the frames above it, where each class
 * has it apply them, tell two classes' methods of equal name and source apart. With no
 * frame to read, a site met nowhere else (see siteOf).
 */
export const stackSite = () => places(1).join(" ") || Math.random();

// Where each function was first wrapped: wrapped again anywhere, one function is one cache.
const firstSites = new WeakMap();

/**
 * Where `fn` was first wrapped, or else, now, `depth` frames above the caller; a site met
 * nowhere else, not even after a reload, where the stack shows none (a low
 * `Error.stackTraceLimit`, SES lockdown): equal source must not share a cache for want of one.
 */
export function siteOf(fn, depth) {
  if (typeof fn !== "function") return "";
  let site = firstSites.get(fn);
  if (site === undefined) firstSites.set(fn, (site = callSite(depth + 1) || Math.random()));
  return site;
}

/** What tells a wrap apart from others of equal name and source: its `key`, else its call site. */
export function identityOf(opts) {
  return opts.key !== "" ? `=${opts.key}` : `@${opts.site}`;
}
