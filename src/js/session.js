// Sessions: separate caches for session-scoped functions, released together when the
// session closes. The current session is set for the synchronous extent of `run`; code
// that awaits binds a session explicitly with `f.withSession(session)`, since a browser
// has no async context that survives `await`.

import { core } from "./wasm.js";
import { emit } from "./events.js";
import { rearmAndRelease } from "./timer.js";

let current = null;
let nextId = 1;

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

/** The session of the innermost `session.run` on the stack, or null. */
export function currentSession() {
  return current;
}
