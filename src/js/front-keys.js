// Front keys: what the front caches (front.js, front-objects.js) compare a primitive by.
// Each is the value itself, whose `===` is the key stream's equality, except -0 (=== 0)
// and NaN (!== NaN), which get symbols.

const MINUS_ZERO = Symbol("-0");
const NAN = Symbol("NaN");
/** keyOf's answer for a value the front caches do not take. */
export const NO = Symbol("no front key");
// Longer strings take the full path: a path holds its keys, and should not hold a big one.
const MAX_STRING = 256;

export function keyOf(v) {
  switch (typeof v) {
    case "number":
      return v === 0 ? (1 / v < 0 ? MINUS_ZERO : 0) : v === v ? v : NAN;
    case "string":
      return v.length <= MAX_STRING ? v : NO;
    case "boolean":
    case "undefined":
    case "bigint":
      return v;
    case "object":
      return v === null ? null : NO;
    default:
      return NO;
  }
}
