// Sessions: separate caches for session-scoped functions, released together when the
// session closes. Where the engine carries a context across `await` (Node's
// AsyncLocalStorage, installed by node.js; TC39's AsyncContext where a browser has it),
// the current session is that of the innermost `run`, awaits included. Elsewhere it is
// set for the synchronous extent of `run`, and code that awaits binds a session with
// `f.withSession(session)`.

import { core } from "./wasm.js";
import { emit } from "./events.js";
import { expireDue, rearmAndRelease } from "./timer.js";

let current = null;
let nextId = 1;
/** A context that survives `await` ({ run(value, fn, ...args), get() }), or null. */
let carried = typeof AsyncContext === "object" && typeof AsyncContext?.Variable === "function" ? new AsyncContext.Variable() : null;

/** Makes `variable` ({ run(value, fn, ...args), get() }) carry the current session across `await`. */
export function carrySessionsWith(variable) {
  carried = variable;
}

export class Session {
  /** @param {string} [name] shown by the inspector and in errors */
  constructor(name) {
    this.id = nextId++;
    this.name = name === undefined ? `session ${this.id}` : String(name);
    this.closed = false;
    /** Cache id -> its retirement, for each session-scoped function this session used. */
    this.caches = new Map();
  }

  /** Runs `fn(...args)` with this as the current session and returns what it returns. */
  run(fn, ...args) {
    if (typeof fn !== "function") throw new TypeError(`session.run: expected a function, got ${typeof fn}.`);
    this.check();
    if (carried !== null) return carried.run(this, fn, ...args);
    const outer = current;
    current = this;
    try {
      return fn(...args);
    } finally {
      current = outer;
    }
  }

  /** Releases every entry of this session (onRelease for each); the session is then unusable. */
  close() {
    if (this.closed) return;
    this.closed = true;
    expireDue();
    for (const id of this.caches.keys()) core.clear_cache(id);
    // Released with their callbacks first; then the caches themselves go.
    rearmAndRelease();
    for (const retire of this.caches.values()) retire();
    this.caches.clear();
    emit("session", { session: this.name, closed: true });
  }

  check() {
    if (this.closed) throw new Error(`cache-resource: ${this.name} is closed; create a new one with cacheResource.session().`);
  }
}

/** The session of the innermost `session.run` (on the stack, or across awaits where carried), or null. */
export function currentSession() {
  return carried === null ? current : (carried.get() ?? null);
}
