// The errors users catch. Real Error subclasses, so `instanceof` and stack traces work.

/**
 * An argument could not be hashed into a cache key. `minified`: the parameter names come
 * from a minified build, so an underscore the source had cannot be seen.
 */
export class UnhashableParamError extends TypeError {
  constructor({ functionName, parameter, typeName, path = "", reason, minified = false }) {
    super(
      `Cannot hash argument ${parameter} (of type \`${typeName}\`) in '${functionName}'` +
        (reason ? `: ${reason}.` : ".") +
        where(parameter, path) +
        (minified
          ? `\n\n${parameter} is a minifier's name: the build lost the source's parameter names, and with them any ` +
            "leading underscore. Give the names as written, or choose the key:\n\n" +
            '    cacheResource(fn, { params: ["name", "size", "_onProgress"] })\n' +
            "    cacheResource(fn, { cacheKey: (name, size) => [name, size] })\n\n"
          : "\n\nTo address this, you can tell cache-resource not to hash this argument by adding " +
            "a leading underscore to the argument's name in the function signature:\n\n" +
            `    const ${functionName} = cacheResource((_${stripQuotes(parameter)}, ...) => { ... });\n\n`) +
        "or by passing `hashFuncs` to hash values of this type another way.",
    );
    Object.assign(this, { name: "UnhashableParamError", functionName, parameter, typeName, path });
  }
}

/** A `hashFuncs` function threw while hashing an argument. */
export class HashFuncError extends Error {
  constructor({ functionName, parameter, typeName, path = "", hashFunc, cause }) {
    super(
      `The hashFuncs entry for \`${typeName}\` (${hashFunc.name ? `function ${hashFunc.name}` : "an anonymous function"}) ` +
        `threw while hashing argument ${parameter} of '${functionName}': ${cause && cause.message !== undefined ? cause.message : String(cause)}` +
        where(parameter, path),
      { cause },
    );
    Object.assign(this, { name: "HashFuncError", functionName, parameter, typeName, path, hashFunc });
  }
}

/**
 * What a cacheData function returned cannot be kept as a copy (a function, a class
 * instance, a DOM node...): Streamlit's UnserializableReturnValueError.
 */
export class UnserializableReturnValueError extends TypeError {
  constructor(functionName, reason, cause) {
    super(
      `Cannot keep what '${functionName}' returned as data: ${reason}. cacheData gives every caller its own ` +
        "copy (structuredClone): return plain data (objects, arrays, Maps, Sets, Dates, typed arrays...), or cache " +
        "a shared object with cacheResource instead.",
      cause === undefined ? undefined : { cause },
    );
    this.name = "UnserializableReturnValueError";
    this.functionName = functionName;
  }
}

/**
 * Where inside the argument the value that failed is, as a sentence ("" for the argument
 * itself): `path` is failure-path.js's, read from the parameter's name where there is one.
 */
function where(parameter, path) {
  if (path === "") return "";
  const named = /^'(.*)'$/.exec(parameter);
  return named ? ` It is at \`${named[1]}${path}\`.` : ` It is at \`${path}\` in that argument.`;
}

function stripQuotes(parameter) {
  const m = /^'([^'[]*)/.exec(parameter);
  return m ? m[1] : "arg";
}

/** Reports an error no caller can catch (a throwing onRelease or subscriber), as the
 * platform reports uncaught ones, so one failure does not stop the others. */
function report(error, what) {
  if (typeof globalThis.reportError === "function") globalThis.reportError(error);
  else console.error(`cache-resource: ${what}`, error);
}

/**
 * Calls user code no caller waits for (onRelease, a subscriber) with `arg`, reporting what
 * it throws, or what its promise rejects with: unhandled, a rejection ends a Node process.
 */
export function callReported(fn, arg, what, more) {
  try {
    const out = fn(arg, more);
    if (out instanceof Promise) out.catch((e) => report(e, what));
  } catch (e) {
    report(e, what);
  }
}
