/** An answer given at once: anything but a promise or another thenable. */
type NotAPromise = string | number | bigint | boolean | symbol | null | undefined | void | (object & { then?: never });

/**
 * `unknown` for a function that may be cached; for a generator function, a type no function
 * matches, named by why: its callers would share one generator. The call refuses it too.
 */
type NotAGenerator<F extends (...args: any[]) => any> = [ReturnType<F>] extends [never]
  ? unknown
  : ReturnType<F> extends Generator<any, any, any> | AsyncGenerator<any, any, any>
    ? "a generator function is refused: a generator can be read once; cache a function returning its items"
    : unknown;

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
 * `R` is the function's return type, `A` its parameters. These comments are the options'
 * documentation: the README's table is made from them (`node scripts/options-table.mjs`).
 */
export interface CacheResourceOptions<R = unknown, A extends unknown[] = any[]> {
  /**
   * The function's identity beside its name and source, in place of where it is wrapped:
   * wraps with one `key` share entries wherever they are, and closures whose source text is
   * equal but whose captured values differ, wrapped at one place (in a factory), are told
   * apart by giving each its own. Required for a bound or native function, whose source
   * text says nothing. Each key is a cache of its own, kept as long as the page, as
   * Streamlit keeps a function's cache for the process, even once emptied: values
   * without bound, such as user ids, belong in the arguments.
   * @accepts string
   * @default `""`
   */
  key?: string;
  /**
   * Shown by the inspector, the spinner, errors and stats, and part of the function's
   * identity. For builds that lose names: see [Production builds](#production-builds).
   * @accepts string
   * @default the function's `name`
   */
  name?: string;
  /**
   * The parameter names as written (`["name", "size", "_onProgress"]`): the underscore rule
   * and errors use these instead of the source's, which a minifier renames.
   * @accepts array of strings
   * @default read from the source
   */
  params?: readonly string[];
  /**
   * Chooses the key: its result, hashed by value, stands for the arguments, which are then
   * not hashed (underscore or not). Called with the call's `this`; `f.clear(...args)` calls
   * it too. Typed from the function's parameters.
   * @accepts `(...args) => unknown`
   * @default none
   */
  cacheKey?: ((...args: A) => unknown) | null;
  /**
   * How long an entry lives after it is stored; reads do not extend it (cachetools'
   * `TTLCache`, which Streamlit uses). For an async function it counts from when the promise
   * resolves. Forms: `90`, `0.5` (seconds); `{ hours: 1, minutes: 30 }` (fields `weeks` …
   * `microseconds`, like `timedelta`); strings as pandas' `Timedelta` reads them: `"90s"`,
   * `"1.5 days"`, `"1h23s"`, `"2 hours 5 min"`, `"10ms"`, `"3 weeks"`, `"00:30:00"`, `"1
   * days 02:00:00"`, `"PT1H30M"`. A bare number string (`"30"`) is refused: pandas reads it
   * as nanoseconds. `0` keeps nothing: every call runs the function, as Streamlit's
   * `ttl=0` does. The ttl counts from when the value is stored, and every call of a
   * function with a ttl reads the clock, so no entry is served past its deadline however
   * long a synchronous turn runs (a slow function, a busy loop, a whole Python script).
   * @accepts seconds, string, duration object, or `null`
   * @default `null` (never expires, as in Streamlit)
   */
  ttl?: Ttl;
  /**
   * At most this many entries for this function; the least recently used goes first, and
   * reads count as use.
   * @accepts positive integer or `null`
   * @default `null` (no limit, as in Streamlit)
   */
  maxEntries?: number | null;
  /**
   * Called with the (resolved) value on every hit, before it is returned. Falsy: the entry
   * is released and `fn` runs again. A throw is the call's error and drops the entry. An
   * entry still in flight is validated once it resolves. It answers at once: an async
   * `validate` is refused when wrapping, and a promise answer is a `TypeError` that drops
   * the entry (a promise is always truthy).
   * @accepts `(value) => unknown`, not a promise
   * @default none
   */
  validate?: ((value: Awaited<R>) => NotAPromise) | null;
  /**
   * Called exactly once with each value that leaves the cache: any clear, LRU eviction, ttl
   * expiry, a failed `validate` (Streamlit does not call `on_release` there; we do, since a
   * rejected resource still holds what it frees), a background refresh replacing it, a
   * session closing, re-wrapping with other options. For an async function it receives the
   * resolved value; `inFlight` is true when the entry left the cache before its promise
   * resolved, so the callers that awaited it get this value too. It may call back into the
   * cache. A throwing `onRelease`, or an async one that rejects, is reported
   * (`reportError`, else `console.error`) and does not stop the others.
   * @accepts `(value, inFlight) => void`
   * @default none
   */
  onRelease?: ((value: Awaited<R>, inFlight: boolean) => void) | null;
  /**
   * The function's result is hashed in place of a value of that type, at any depth inside
   * the arguments. Classes match exactly (no subclasses); names match the constructor name
   * or `typeof` (`"number"`, `"string"`, …). It runs on every call that meets its type,
   * however often the call repeats (it may read state beyond the value). A throwing hash
   * function is a `HashFuncError` naming it.
   * @accepts `Map` or object: class or type name → function
   * @default none
   */
  hashFuncs?: ReadonlyMap<HashFuncKey, (value: any) => unknown> | Record<string, (value: any) => unknown> | null;
  /**
   * While an async computation runs, show an accessible line (`role="status"`,
   * `aria-live="polite"`): "Running \`loadModel(...)\`." (or "…`name()`." without
   * arguments), or your text, where backquoted parts render as code. Only the outermost
   * cached call shows one; each concurrent computation has its own line, removed when it
   * settles. Sync functions show none (the page cannot paint during them), nor do Node and
   * workers.
   * @accepts `true`, `false` or text
   * @default `true`
   */
  showSpinner?: boolean | string;
  /**
   * Adds the elapsed seconds, updated every 0.1 s.
   * @accepts boolean
   * @default `false`
   */
  showTime?: boolean;
  /**
   * Where spinner lines go. Restyle with the classes `.cache-resource-spinner`, `__icon`,
   * `__text`, `__time` (built-in rules have zero specificity) and the custom properties
   * `--cache-resource-spinner-color`, `-background`, `-border`, `-font`, `-size`.
   * @accepts element or CSS selector
   * @default a small overlay, bottom right
   */
  spinnerContainer?: Element | string | null;
  /**
   * `"session"`: separate entries per session (below).
   * @accepts `"global"` or `"session"`
   * @default `"global"`
   */
  scope?: "global" | "session";
  /**
   * `"background"` (needs a `ttl`): from ttl to 2×ttl an entry is *stale*; a call returns it
   * at once, with no spinner, and starts one refresh for that key (concurrent stale hits
   * share it). The refreshed value replaces the old one (`onRelease` on the old) and its ttl
   * restarts. A failed refresh keeps the stale value, `console.warn`s, emits a
   * `refreshError` event, and is not retried for `refreshRetry`. Past 2×ttl the entry is
   * gone. `validate` still gates stale hits; clearing an entry mid-refresh discards (and
   * releases) the refresh result, and an entry dropped before its refresh begins (its
   * `validate` said no, or a clear right after the call) is not refreshed at all.
   * @accepts `"foreground"` or `"background"`
   * @default `"foreground"`
   */
  refreshMode?: "foreground" | "background";
  /**
   * Wait after a failed background refresh.
   * @accepts like `ttl`
   * @default 60 s
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
  /** Entries dropped because `validate` rejected them (the call counts as a miss, not a hit). */
  invalidated: number;
  /** Hits on a stale entry in background mode (also counted in `hits`). */
  staleHits: number;
  refreshes: number;
  refreshFailures: number;
}

/** A cached function: the original signature, plus its cache controls. */
export type CachedFunction<F extends (...args: any[]) => any> = F & {
  /**
   * With no arguments: drop every entry of this function. With arguments: drop that
   * entry; trailing arguments the key leaves out (`_conn`) may be left off.
   */
  clear(...args: Partial<Parameters<F>>): void;
  /**
   * Whether a call with these arguments would be a hit. Looks only: computes nothing,
   * counts nothing, and leaves the LRU order as it is. For scope "session", in the
   * current session's cache (as are `peek`, `set`, `delete` and `entries`).
   */
  has(...args: Partial<Parameters<F>>): boolean;
  /** The value a call with these arguments would return from the cache, or undefined; looks only, like `has`. */
  peek(...args: Partial<Parameters<F>>): ReturnType<F> | undefined;
  /**
   * Stores `value` as the result for `args` (the arguments as an array), as if the
   * function had returned it: e.g. a value rendered on the server. A value already there
   * is released (`onRelease`, reason "replace"). A promise is stored as an async result.
   */
  set(args: Partial<Parameters<F>>, value: ReturnType<F>): void;
  /** Drops the entry a call with these arguments would find; true when there was one. */
  delete(...args: Partial<Parameters<F>>): boolean;
  /** `[args, value]` for each live entry: most recently used first with `maxEntries`, else most recently stored first. */
  entries(): Array<[Parameters<F>, ReturnType<F>]>;
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

/**
 * Why an entry left its cache: `clear` (`f.clear`, `cacheResource.clear`, the inspector),
 * `ttl`, `lru` (`maxEntries`), `validate` (it returned false or threw), `session` (its
 * session closed), `refresh` (a background refresh replaced it), `rewrap` (the function
 * was wrapped again with other options), `replace` (a new value was stored under its key).
 */
export type ReleaseReason = "clear" | "ttl" | "lru" | "validate" | "session" | "refresh" | "rewrap" | "replace";

/** What `cacheResource.subscribe` listeners receive after each change, by `type`. */
export type CacheEvent =
  | { type: "insert"; name: string }
  | { type: "hit"; name: string; stale?: true }
  | { type: "settle"; name: string; rejected?: true; refreshed?: true }
  /** `value`: what `onRelease` gets (a pending entry's promise); `name` is null for a cache already dropped. */
  | { type: "release"; name: string | null; reason: ReleaseReason; value: unknown }
  | { type: "refresh"; name: string }
  | { type: "refreshError"; name: string; error: unknown }
  | { type: "session"; name?: undefined; session: string; closed: true };

/** One entry in `cacheResource.inspect()`. */
export interface EntrySnapshot {
  /** The arguments, shortened. */
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
  /** Wrapped with cacheResource (kept as returned) or cacheData (kept and handed out as copies). */
  kind: "resource" | "data";
  session: string | null;
  ttlMs: number | null;
  maxEntries: number | null;
  refreshMode: "foreground" | "background";
  stats: CacheStats;
  /** Most recently used first with `maxEntries`, else most recently stored first. */
  entries: EntrySnapshot[];
  clear(): void;
}

/** A method decorator's context (TC39 decorators, TypeScript 5). */
interface MethodDecoratorContext {
  kind: "method";
  name: string | symbol;
}

/** Options are never a decorator's context: a getter or field decorated bare is a type error. */
type NotADecoratorContext = { kind?: never; addInitializer?: never };

/**
 * What the decorator-factory form returns: a function wrapper, a TC39 method decorator,
 * and a method decorator of TypeScript's `experimentalDecorators` (Angular's).
 */
export interface CacheDecorator<R, A extends unknown[], O = CacheResourceOptions<R, A>> {
  <F extends (...args: A) => R>(fn: F & NotAGenerator<F>, context?: MethodDecoratorContext): CachedFunction<F>;
  /** A function with options of its own, over the factory's (`hourly(fn, { name: "load" })`). */
  <F extends (...args: A) => R>(fn: F & NotAGenerator<F>, options: O & NotADecoratorContext): CachedFunction<F>;
  <F extends (...args: A) => R>(
    prototype: object,
    name: string | symbol,
    descriptor: TypedPropertyDescriptor<F>,
  ): TypedPropertyDescriptor<F>;
}

/** Bare TC39 method decorator, as `@st.cache_resource` is written: `@cacheResource load(name) { ... }`. */
export function cacheResource<F extends (...args: any[]) => any>(
  method: F & NotAGenerator<F>,
  context: MethodDecoratorContext & { addInitializer(initializer: () => void): void },
): CachedFunction<F>;
/** Bare, as one of TypeScript's `experimentalDecorators`: the prototype, the name, the descriptor. */
export function cacheResource<F extends (...args: any[]) => any>(
  prototype: object,
  name: string | symbol,
  descriptor: TypedPropertyDescriptor<F>,
): TypedPropertyDescriptor<F>;
/** Wraps `fn` so that calls with equal arguments (by value) share one result. */
export function cacheResource<F extends (...args: any[]) => any>(
  fn: F & NotAGenerator<F>,
  options?: CacheResourceOptions<ReturnType<F>, Parameters<F>> & NotADecoratorContext,
): CachedFunction<F>;
/**
 * Decorator-factory form, `cacheResource(options)(fn)`, which is also a TC39 method
 * decorator: `@cacheResource({ ttl: "1h" }) load(name) { ... }`. The options come before
 * the function, so TypeScript cannot read its types from it: name the return type (and
 * the parameters) to type the callbacks, `cacheResource<Promise<Model>>({ validate: (m) => ... })`;
 * the function given to the decorator must then match them.
 */
export function cacheResource<R = unknown, A extends unknown[] = any[]>(
  options?: CacheResourceOptions<R, A>,
): CacheDecorator<R, A>;
export namespace cacheResource {
  /** Drop every entry of every function on the page wrapped with cacheResource (`cacheData.clear()` the others). */
  function clear(): void;
  /**
   * Counters of every cache and their totals, and `memoryBytes`: the size of the wasm
   * memory holding keys and entries (it grows and never shrinks: a high-water mark).
   */
  function stats(): CacheStats & {
    memoryBytes: number;
    functions: Array<CacheStats & { name: string; kind: "resource" | "data"; session?: string }>;
  };
  /** A new session for functions wrapped with `scope: "session"`. */
  function session(name?: string): Session;
  /**
   * Calls `listener` after every change, or only after changes of `options.types`;
   * returns the function that unsubscribes. A listener to "release" alone costs the hit
   * path nothing; any other type makes every hit build its event.
   */
  function subscribe<T extends CacheEvent["type"] = CacheEvent["type"]>(
    listener: (event: Extract<CacheEvent, { type: T }>) => void,
    options?: { types?: T[] },
  ): () => void;
  /** A snapshot of every cache and its entries, for inspectors. */
  function inspect(): CacheSnapshot[];
  /** Sets every counter back to zero; `entries` stays the live count. */
  function resetStats(): void;
}

/** An argument could not be hashed into a cache key. */
export class UnhashableParamError extends TypeError {
  readonly functionName: string;
  /** `'name'`, `'rest[2]'` or `#n` where the source shows no name. */
  readonly parameter: string;
  /** The type of what could not be hashed: the argument, or a part of it (see `path`). */
  readonly typeName: string;
  /** Where that part is inside the argument (`.pool.get("db").lock`); `""` for the argument itself. */
  readonly path: string;
}

/** A `hashFuncs` function threw; `cause` is what it threw. */
export class HashFuncError extends Error {
  readonly functionName: string;
  readonly parameter: string;
  readonly typeName: string;
  /** Where the value the hash function was given is inside the argument; `""` for the argument itself. */
  readonly path: string;
  readonly hashFunc: Function;
}

/**
 * Options of `cacheData`: those of `cacheResource` but the ones about a shared resource's
 * life (`validate`, `onRelease`), and `persist`. A background refresh keeps a copy of
 * the new result, as a miss does.
 */
export type CacheDataOptions<R = unknown, A extends unknown[] = any[]> = Omit<
  CacheResourceOptions<R, A>,
  "validate" | "onRelease"
> & {
  /**
   * `"disk"` (Streamlit's spelling) or `true`: entries are also written to IndexedDB, so a
   * reload within the ttl, or another tab of the origin, finds them without calling the
   * function. `{ dir }` in Node: files in that directory, read back after a restart.
   * Where there is no such storage, or it fails, entries stay in memory with one warning.
   * Not with `scope: "session"`, nor with `refreshMode: "background"`.
   */
  persist?: "disk" | boolean | null | { dir: string };
};

/** Bare TC39 method decorator: `@cacheData load(month) { ... }`. */
export function cacheData<F extends (...args: any[]) => any>(
  method: F & NotAGenerator<F>,
  context: MethodDecoratorContext & { addInitializer(initializer: () => void): void },
): CachedFunction<F>;
/** Bare, as one of TypeScript's `experimentalDecorators`: the prototype, the name, the descriptor. */
export function cacheData<F extends (...args: any[]) => any>(
  prototype: object,
  name: string | symbol,
  descriptor: TypedPropertyDescriptor<F>,
): TypedPropertyDescriptor<F>;
/**
 * Streamlit's `st.cache_data`: calls with equal arguments share one result, kept as a copy,
 * and every call returns a copy of its own (`structuredClone`), so mutating a result never
 * changes what the next caller gets. What cannot be copied (a function, a class instance)
 * is an `UnserializableReturnValueError`. Keys, ttl, `maxEntries`, sessions, stats and the
 * inspector work as for `cacheResource`.
 */
export function cacheData<F extends (...args: any[]) => any>(
  fn: F & NotAGenerator<F>,
  options?: CacheDataOptions<ReturnType<F>, Parameters<F>> & NotADecoratorContext,
): CachedFunction<F>;
/** Decorator-factory form, `cacheData(options)(fn)`, also a TC39 method decorator. */
export function cacheData<R = unknown, A extends unknown[] = any[]>(
  options?: CacheDataOptions<R, A>,
): CacheDecorator<R, A, CacheDataOptions<R, A>>;
export namespace cacheData {
  /** Drop every entry of every function on the page wrapped with cacheData. */
  function clear(): void;
}

/** What a cacheData function returned cannot be kept as a copy. */
export class UnserializableReturnValueError extends TypeError {
  readonly functionName: string;
}
