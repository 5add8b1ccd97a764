// A wrapped function's parameters: their names (read from the source, or given where a
// minified build lost them), which arguments the underscore rule leaves out of the key,
// and how errors name an argument.

import { HashFuncFailure, Unhashable } from "./encode.js";
import { paramNames } from "./param-names.js";
import { HashFuncError, UnhashableParamError } from "./errors.js";

/**
 * What `fn`'s parameters mean for its key and its errors: `skip`, `skipFrom` and
 * `keepFrom` for the encoder (see encodeArgs and keyLength), `label(i)` naming argument i,
 * `minified` when the names are a minifier's, and `none` when it declares no parameter.
 * A `cacheKey` chooses the key itself: nothing is left out of what it returns.
 */
export function parameters(source, opts) {
  if (opts.cacheKey !== null) return { skip: null, skipFrom: Infinity, keepFrom: Infinity, label: () => "returned by cacheKey", minified: false, none: false };
  const names = opts.params ?? paramNames(source);
  return {
    ...skipsOf(names, /\barguments\b/.test(source)),
    label: (i) => parameterLabel(names, i), minified: opts.params === null && looksMinified(source, names),
    none: names.length === 0,
  };
}

/** How errors name argument `i`: by its parameter name where the source shows one. */
function parameterLabel(params, i) {
  for (let p = 0; p < params.length; p++) {
    const name = params[p];
    if (name.startsWith("...")) return name.length > 3 ? `'${name.slice(3)}[${i - p}]'` : `#${i + 1}`;
    if (p === i) return name === "" ? `#${i + 1} (destructured)` : `'${name}'`;
  }
  return `#${i + 1}`;
}

/**
 * Whether a function's text is a minifier's: one line, every name one or two letters, no
 * space in or after its parameter list (`function(e,t){…}`, `(e)=>…`, `e=>…`). Code people
 * write, by hand or through a formatter, spaces `(id) => …` and `function (a, b) {`.
 */
function looksMinified(source, params) {
  if (params.length === 0 || source.includes("\n") || !params.every((p) => p.replace(/^\.\.\./, "").length <= 2)) return false;
  const list = /\(([^()]*)\)(\s?)/.exec(source);
  return list === null ? /^(async\s*)?[\w$]{1,2}=>/.test(source) : !/\s/.test(list[1] + list[2]);
}

/**
 * The error for a failure the encoder reported (`Unhashable`, `HashFuncFailure`) about
 * argument `e.index`, named as `parameters` says; anything else as it is.
 */
export function paramError(e, functionName, { label, minified }) {
  if (e instanceof HashFuncFailure) {
    return new HashFuncError({
      functionName,
      parameter: label(e.index),
      typeName: e.typeName,
      path: e.path,
      hashFunc: e.func,
      cause: e.cause,
    });
  }
  if (!(e instanceof Unhashable)) return e;
  const error = new UnhashableParamError({
    functionName,
    parameter: label(e.index),
    typeName: e.typeName,
    path: e.path,
    reason: e.reason,
    minified,
  });
  if (e.cause !== undefined) error.cause = e.cause;
  return error;
}

/**
 * Which arguments underscore parameters leave out (a mask, and where a `..._rest` starts),
 * and from which one on the function counts them: its rest parameter, or the first when
 * it reads `arguments`.
 */
function skipsOf(params, readsArguments) {
  let skip = null;
  let skipFrom = Infinity;
  let keepFrom = readsArguments ? 0 : Infinity;
  params.forEach((name, i) => {
    if (name.startsWith("...")) {
      keepFrom = Math.min(keepFrom, i);
      if (name.startsWith("..._")) skipFrom = i;
    } else if (name.startsWith("_")) {
      skip ??= [];
      skip[i] = true;
    }
  });
  return { skip, skipFrom, keepFrom };
}
