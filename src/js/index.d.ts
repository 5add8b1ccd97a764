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

/** Options of `cacheResource`. Every bad value is an error when the function is wrapped. */
export interface CacheResourceOptions<R = unknown> {
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
   * Called once with each value that leaves the cache (clear, eviction, expiry). For an async
   * function it is called with the resolved value. Default: none.
   */
  onRelease?: ((value: Awaited<R>) => void) | null;
}

export interface CacheStats {
  entries: number;
  hits: number;
  misses: number;
  evicted: number;
  cleared: number;
  expired: number;
}

export type CachedFunction<F extends (...args: any[]) => any> = F & {
  /** With no arguments: drop every entry of this function. With arguments: drop that entry. */
  clear(...args: Parameters<F> | []): void;
  /** Counters of this function's cache. */
  stats(): CacheStats;
};

/** Wraps `fn` so that calls with equal arguments (by value) share one result. */
export function cacheResource<F extends (...args: any[]) => any>(
  fn: F,
  options?: CacheResourceOptions<ReturnType<F>>,
): CachedFunction<F>;
/** Decorator-factory form: `cacheResource(options)(fn)`. */
export function cacheResource(
  options?: CacheResourceOptions,
): <F extends (...args: any[]) => any>(fn: F) => CachedFunction<F>;
export namespace cacheResource {
  /** Drop every entry of every cached function on the page. */
  function clear(): void;
  /**
   * Counters of every cached function and their totals, and `memoryBytes`: the size of the
   * wasm memory holding keys and entries (it grows and never shrinks: a high-water mark).
   */
  function stats(): CacheStats & { memoryBytes: number; functions: Array<CacheStats & { name: string }> };
}

/** An argument could not be hashed into a cache key. */
export class UnhashableParamError extends TypeError {
  readonly functionName: string;
  readonly parameter: string;
  readonly typeName: string;
}
