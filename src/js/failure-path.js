// Where inside an argument the walk met what it could not hash, for the error's message:
// `.ready`, `[2].conn`, `.get("db")`. Worked out after the failure from the containers the
// walk had open (each inside the one before) and the value that failed; it reads data
// properties (own and prototypes') and collections' contents only, and runs no getter: user
// code already ran once for this call, and may not answer the same again (a proxy's traps
// may run).

const MAX_STEPS = 12;
const mapEntries = Map.prototype.entries;
const setValues = Set.prototype.values;

/**
 * The path from the first of `containers` (the argument) to `failed`, or to the last
 * container when `failed` is one of them or unknown (undefined); "" for the argument
 * itself. A step that cannot be named (into the result of a hashFuncs entry) ends the
 * path with "…". Past MAX_STEPS steps, the middle is left out.
 */
export function pathOf(containers, failed) {
  const chain = failed === undefined || containers.at(-1) === failed ? containers : [...containers, failed];
  const steps = [];
  for (let i = 1; i < chain.length && steps.at(-1) !== "…"; i++) steps.push(stepTo(chain[i - 1], chain[i]));
  if (steps.length > MAX_STEPS) steps.splice(MAX_STEPS / 2, steps.length - MAX_STEPS, "…");
  return steps.join("");
}

/** How `child` is reached from `parent`: a Map's value or key, a Set's member, or a data property (own or a prototype's). */
function stepTo(parent, child) {
  try {
    // Each throws for anything but a real Map (Set), whatever its prototype says.
    const entries = attempt(() => [...mapEntries.call(parent)]);
    if (entries !== null) {
      for (const [k, v] of entries) {
        if (v === child) return `.get(${typeof k === "string" ? JSON.stringify(k) : typeof k === "object" || typeof k === "function" ? "…" : String(k)})`;
        if (k === child) return " (a key)";
      }
    } else if (attempt(() => setValues.call(parent)) !== null) {
      return " (a member)";
    } else {
      for (let o = parent; o !== null; o = Object.getPrototypeOf(o)) {
        for (const name of Reflect.ownKeys(o)) {
          const d = Object.getOwnPropertyDescriptor(o, name);
          if (d !== undefined && "value" in d && d.value === child) return named(name);
        }
      }
    }
  } catch {
    // A proxy's trap threw: the path stops here.
  }
  return "…";
}

function attempt(f) {
  try {
    return f();
  } catch {
    return null;
  }
}

/** A property step: `[3]`, `.name`, `["odd name"]` or `[Symbol(kState)]`. */
function named(name) {
  if (typeof name === "symbol" || /^(0|[1-9]\d*)$/.test(name)) return `[${String(name)}]`;
  return /^[A-Za-z_$][\w$]*$/.test(name) ? `.${name}` : `[${JSON.stringify(name)}]`;
}
