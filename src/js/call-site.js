// Where the app wrapped a function, part of its identity: two modules, or two chunks of a
// minified build, may wrap functions of equal source that close over different things.

/**
 * The file, line and column of the code `depth` frames above the caller of this function,
 * from the stack (V8 `at f (url:3:18)`, SpiderMonkey and JavaScriptCore `f@url:3:18`),
 * or "". Without a query or hash, so a module a dev server evaluates again (`?t=`) keeps
 * its caches, and without the function's name, which V8 gives the receiver's type.
 */
export function callSite(depth) {
  const frames = String(new Error().stack).split("\n").filter((line) => /:\d+:\d+\)?$/.test(line));
  return (frames[depth + 1] ?? "").trim().replace(/^.*[(@]|^at |\)$|[?#][^\s:()]*/g, "");
}

/** What tells a wrap apart from others of equal name and source: its `key`, else its call site. */
export function identityOf(opts) {
  return opts.key !== "" ? `=${opts.key}` : `@${opts.site}`;
}
