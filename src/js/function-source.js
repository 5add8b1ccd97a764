// What a function's source text says about it, for keys: whether it is a built-in (no
// source to tell it apart), and for a class, a digest of its text and whether it keeps
// private state (# fields, or their compiled WeakMaps), which no walk can read.

const fnToString = Function.prototype.toString;

/** `Function.prototype.toString` of `f`, whatever `f` overrides. */
export const sourceOf = (f) => fnToString.call(f);

// What engines print for a function with no source: V8 "function f() { [native code] }",
// Firefox the same over three lines. No user function's text can end this way.
const NATIVE = /\{\s*\[native code\]\s*\}\s*$/;
/** Whether a function's text is a built-in's (or a bound or proxied function's): no source. */
export const isNativeSource = (source) => NATIVE.test(source);

/** The name in a built-in function's text ("" for a proxy or bound function), or null. */
export const nativeName = (f) => nativeNameIn(sourceOf(f));

function nativeNameIn(source) {
  if (!isNativeSource(source)) return null;
  const named = /^function ([\w$]*)\(/.exec(source);
  return named === null ? "" : named[1];
}

// What a constructor says about its instances, worked out once per class: hashing a
// class's whole source on every call would cost more than the rest of the key.
export const classes = new WeakMap();

/**
 * `{ native, digest, hidden, name }`: the built-in's name or null, a digest of the text,
 * private state, and the name, read once: a function is one key whatever `defineProperty`
 * later does to its name.
 */
export function classOf(ctor) {
  let c = classes.get(ctor);
  if (c === undefined) {
    const source = sourceOf(ctor);
    c = { native: nativeNameIn(source), digest: cyrb53(source), hidden: keepsPrivateState(source), name: String(ctor.name) };
    classes.set(ctor, c);
  }
  return c;
}

// Strings, templates and comments (a `#` there names nothing), or private state: `#x`, or
// the WeakMaps that compile it for older engines as TypeScript does (`_C_x.set(this, …)`).
const PRIVATE_STATE = /"(?:[^"\\\n]|\\[^])*"|'(?:[^'\\\n]|\\[^])*'|`(?:[^`\\]|\\[^])*`|\/\/[^\n]*|\/\*[^]*?\*\/|#[\p{ID_Start}$_\\]|\.set\(this,/gu;

// Other compilers pass each private member, a WeakMap or WeakSet, with `this` to a helper,
// `h(this, m, …)` (esbuild, SWC, TypeScript) or `h(m, this, …)` (Babel, Rolldown), and
// name it nowhere else: minified, the helper loses its name, not its calls.
// A value the class also names elsewhere (a parameter, the class itself, as in Babel's
// `_classCallCheck(this,C)`), or passes once, is taken for no private member.
const HELPER_CALL = /\((?:this,\s*([A-Za-z_$][\w$]*)|([A-Za-z_$][\w$]*),\s*this)[,)]/g;

/** Whether a class's source keeps private state (see PRIVATE_STATE, HELPER_CALL): state no hash can read. */
function keepsPrivateState(source) {
  for (const [match] of source.matchAll(PRIVATE_STATE)) if (!"\"'`/".includes(match[0])) return true;
  // Every compiler adds a member to the instance as `h(this, m, …)`; Node's
  // `nextTick(f, this)` passes a function as `(f, this)` alone.
  const passed = [], added = [];
  // What else the class names, as a variable or not (a name after `.` counts: `...rest`
  // is a parameter). Literals and `arguments` (`Base.apply(this, arguments)`) count as
  // named too: they name no member.
  const named = `${source.replace(HELPER_CALL, (_, a, b) => (passed.push(a ?? b), added.push(a), ""))} this null true false arguments`.match(/[\w$]+/g);
  return added.some((name) => passed.indexOf(name) < passed.lastIndexOf(name) && !named.includes(name));
}

/** A 53-bit string hash (cyrb53): enough to tell apart two classes that share a name. */
export function cyrb53(s) {
  let h1 = 0xdeadbeef, h2 = 0x41c6ce57;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}
