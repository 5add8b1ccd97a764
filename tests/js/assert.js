// A few assertions that run unchanged in Node and in the browser (node:assert does not
// exist in a page), so each case file is written once and run in both.

export class AssertionError extends Error {}

function fail(message, detail) {
  throw new AssertionError(detail ? `${message}: ${detail}` : message);
}

export function ok(value, message = "expected a truthy value") {
  if (!value) fail(message, String(value));
}

export function is(actual, expected, message = "expected the identical value") {
  if (!Object.is(actual, expected)) fail(message, `got ${render(actual)}, expected ${render(expected)}`);
}

export function isNot(actual, unexpected, message = "expected a different value") {
  if (Object.is(actual, unexpected)) fail(message, `both are ${render(actual)}`);
}

export function equal(actual, expected, message = "expected equal JSON") {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) fail(message, `got ${a}, expected ${e}`);
}

export function throws(fn, check, message = "expected a throw") {
  try {
    fn();
  } catch (e) {
    checkError(e, check, message);
    return e;
  }
  fail(message, "nothing was thrown");
}

export async function rejects(promiseOrFn, check, message = "expected a rejection") {
  try {
    await (typeof promiseOrFn === "function" ? promiseOrFn() : promiseOrFn);
  } catch (e) {
    checkError(e, check, message);
    return e;
  }
  fail(message, "it resolved");
}

function checkError(e, check, message) {
  if (check === undefined) return;
  if (typeof check === "function" && check.prototype instanceof Error) {
    if (!(e instanceof check)) fail(message, `threw ${e && e.name}: ${e && e.message}`);
  } else if (check instanceof RegExp) {
    if (!check.test(e && e.message)) fail(message, `message ${JSON.stringify(e && e.message)} does not match ${check}`);
  } else if (typeof check === "object") {
    for (const [k, v] of Object.entries(check)) {
      const actual = e[k];
      const good = v instanceof RegExp ? v.test(actual) : v === Error || typeof v === "function" ? e instanceof v : actual === v;
      if (!good) fail(message, `${k}: got ${render(actual)}`);
    }
  }
}

function render(v) {
  try {
    return typeof v === "string" ? JSON.stringify(v) : typeof v === "object" && v !== null ? JSON.stringify(v) : String(v);
  } catch {
    return Object.prototype.toString.call(v);
  }
}

export const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));
