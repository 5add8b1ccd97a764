/** A duration like Python's `timedelta`; the fields add up. */
export interface DurationObject {
  weeks?: number;
  days?: number;
  hours?: number;
  minutes?: number;
  seconds?: number;
  milliseconds?: number;
  microseconds?: number;
}

/**
 * Seconds (fractions allowed), a duration object, or a string as pandas' Timedelta reads it:
 * "90s", "1.5 days", "1h23s", "2 hours 5 min", "10ms", "3 weeks", "00:30:00",
 * "1 days 02:00:00", "PT1H30M". `null`, `undefined` or `Infinity`: never expires.
 */
export type Ttl = number | string | DurationObject | null;

/** A class (matched exactly, no subclasses) or a type name ("Date", "number", "MyClass"). */
export type HashFuncKey = string | (abstract new (...args: any[]) => any) | Function;

/**
 * Options of `cacheResource`. Every bad value is an error when the function is wrapped.
 * `R` is the function's return type, `A` its parameters.
 */
export interface CacheResourceOptions<R = unknown, A extends unknown[] = any[]> {
  /**
   * The function's name, for the inspector, the spinner, errors and stats, and part of its
   * identity. Default: the function's own `name`, which a minified build may have lost.
   */
  name?: string;
  /**
   * The parameter names as written, for the underscore rule and errors, where the source
   * text no longer shows them (a minified build): `["name", "size", "_onProgress"]`. A
   * name starting with `_` is left out of the key; `"..._rest"` leaves out the rest.
   * Default: read from the function's source.
   */
  params?: readonly string[];
  /**
   * Chooses the key: its result, hashed by value, stands for the arguments (which are then
   * not hashed, underscore or not). Called with the call's arguments and `this`.
   * `f.clear(...args)` calls it too (without a `this`). Default: the arguments.
   */
  cacheKey?: ((...args: A) => unknown) | null;
  /**
   * Namespace added to the function's identity. Two wraps whose source text is equal share
   * one cache (that is what lets a cache survive a module being evaluated again); give
   * closures that capture different values different keys. Default: "".
   */
  key?: string;
  /**
   * How long an entry lives after it is stored (after its promise resolves, for an async
   * function). Reads do not extend it. Default: null, never expires (as in Streamlit).
   */
  ttl?: Ttl;
  /**
   * At most this many entries for this function; the least recently used goes first.
   * Default: null (no limit), as in Streamlit.
   */
  maxEntries?: number | null;
  /**
   * Called once with each value that leaves the cache: clear, eviction, expiry, a failed
   * `validate`, a background refresh replacing it, a session closing. For an async
   * function it is called with the resolved value. Default: none.
   */
  onRelease?: ((value: Awaited<R>) => void) | null;
  /**
   * Called with the (resolved) value on every hit, before it is returned. Falsy: the entry
   * is released and the function runs again. A throw is the call's error and drops the
   * entry. Default: none (every hit is valid).
   */
  validate?: ((value: Awaited<R>) => unknown) | null;
  /**
   * Replace the default hashing of values of a type, at any depth inside the arguments:
   * the function's result is hashed instead. Default: none.
   */
  hashFuncs?: ReadonlyMap<HashFuncKey, (value: any) => unknown> | Record<string, (value: any) => unknown> | null;
  /**
   * While an async computation runs, show an accessible spinner line (role="status"):
   * `true` for "Running `name(...)`.", a text of your own (backquotes render as code), or
   * `false`. Sync functions never show one (the page cannot paint while they run); neither
   * do pages without a DOM. Default: true, as in Streamlit.
   */
  showSpinner?: boolean | string;
  /** Add the elapsed seconds to the spinner, updated every 0.1 s. Default: false. */
  showTime?: boolean;
  /**
   * Where spinner lines go: an element or a CSS selector (looked up when a spinner shows).
   * Default: a small overlay fixed to the bottom right of the page.
   */
  spinnerContainer?: Element | string | null;
  /**
   * "session": separate entries per `cacheResource.session()`, released when it closes.
   * Calls must run inside `session.run(...)` or through `f.withSession(session)`.
   * Default: "global", one cache for the page.
   */
  scope?: "global" | "session";
  /**
   * "background" (needs a ttl): from ttl to 2×ttl an entry is stale; a call returns it at
   * once and starts one refresh, whose value replaces it. Default: "foreground", an expired
   * entry is recomputed while the caller waits.
   */
  refreshMode?: "foreground" | "background";
  /**
   * After a failed background refresh, how long before the next one is tried (the stale
   * value is served meanwhile). Default: 60 seconds, as in Streamlit.
   */
  refreshRetry?: Ttl;
}

export interface CacheStats {
  entries: number;
  hits: number;
  misses: number;
  evicted: number;
  cleared: number;
  expired: number;
  /** Entries dropped because `validate` rejected them. */
  invalidated: number;
  /** Hits on a stale entry in background mode (also counted in `hits`). */
  staleHits: number;
  refreshes: number;
  refreshFailures: number;
}

/** A cached function: the original signature, plus its cache controls. */
export type CachedFunction<F extends (...args: any[]) => any> = F & {
  /** With no arguments: drop every entry of this function. With arguments: drop that entry. */
  clear(...args: Parameters<F> | []): void;
  /** Counters of this function's cache (summed over sessions for scope "session"). */
  stats(): CacheStats;
  /** This session-scoped function bound to `session`, for calls that cross an `await`. */
  withSession(session: Session): F;
};

/** Separate caches for session-scoped functions; see the `scope` option. */
export interface Session {
  readonly id: number;
  readonly name: string;
  readonly closed: boolean;
  /** Runs `fn` with this as the current session (for its synchronous part). */
  run<T, A extends unknown[]>(fn: (...args: A) => T, ...args: A): T;
  /** Releases every entry of this session; the session cannot be used afterwards. */
  close(): void;
}

/** What `cacheResource.subscribe` listeners receive after each change. */
export interface CacheEvent {
  type: "insert" | "hit" | "settle" | "release" | "refresh" | "refreshError" | "session";
  /** The cached function's name, where the event concerns one. */
  name?: string;
  /** refreshError: what the refresh threw. */
  error?: unknown;
  stale?: boolean;
  rejected?: boolean;
  refreshed?: boolean;
  session?: string;
  closed?: boolean;
}

/** One entry in `cacheResource.inspect()`. */
export interface EntrySnapshot {
  /** The arguments, shortened; "" for entries stored while no subscriber was listening. */
  label: string;
  ageMs: number;
  /** Time until it expires (2×ttl in background mode); null without a ttl or while pending. */
  expiresInMs: number | null;
  /** Background mode: time until it turns stale. */
  staleInMs: number | null;
  /** Its async computation is still running. */
  pending: boolean;
  /** A background refresh for it is running. */
  refreshing: boolean;
  clear(): void;
}

/** One cache in `cacheResource.inspect()`. */
export interface CacheSnapshot {
  name: string;
  session: string | null;
  ttlMs: number | null;
  maxEntries: number | null;
  refreshMode: "foreground" | "background";
  stats: CacheStats;
  /** Most recently used first. */
  entries: EntrySnapshot[];
  clear(): void;
}

/** A method decorator's context (TC39 decorators, TypeScript 5). */
interface MethodDecoratorContext {
  kind: "method";
  name: string | symbol;
}

/** Wraps `fn` so that calls with equal arguments (by value) share one result. */
export function cacheResource<F extends (...args: any[]) => any>(
  fn: F,
  options?: CacheResourceOptions<ReturnType<F>, Parameters<F>>,
): CachedFunction<F>;
/**
 * Decorator-factory form, `cacheResource(options)(fn)`, which is also a TC39 method
 * decorator: `@cacheResource({ ttl: "1h" }) load(name) { ... }`.
 */
export function cacheResource(
  options?: CacheResourceOptions,
): <F extends (...args: any[]) => any>(fn: F, context?: MethodDecoratorContext) => CachedFunction<F>;
export namespace cacheResource {
  /** Drop every entry of every cached function on the page. */
  function clear(): void;
  /**
   * Counters of every cache and their totals, and `memoryBytes`: the size of the wasm
   * memory holding keys and entries (it grows and never shrinks: a high-water mark).
   */
  function stats(): CacheStats & {
    memoryBytes: number;
    functions: Array<CacheStats & { name: string; session?: string }>;
  };
  /** A new session for functions wrapped with `scope: "session"`. */
  function session(name?: string): Session;
  /** Calls `listener` after every change; returns the function that unsubscribes. */
  function subscribe(listener: (event: CacheEvent) => void): () => void;
  /** A snapshot of every cache and its entries, for inspectors. */
  function inspect(): CacheSnapshot[];
}

/** An argument could not be hashed into a cache key. */
export class UnhashableParamError extends TypeError {
  readonly functionName: string;
  /** `'name'`, `'rest[2]'` or `#n` where the source shows no name. */
  readonly parameter: string;
  readonly typeName: string;
}

/** A `hashFuncs` function threw; `cause` is what it threw. */
export class HashFuncError extends Error {
  readonly functionName: string;
  readonly parameter: string;
  readonly typeName: string;
  readonly hashFunc: Function;
}
