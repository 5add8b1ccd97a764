/**
 * `fn(...args)` for a function wrapped with `cacheResource`, with a promise unwrapped by
 * React's `use`: the nearest Suspense boundary shows while it loads, and a rejection
 * reaches the nearest error boundary. The component renders again when the entry is
 * released (cleared, expired, evicted, rejected by `validate`), and that render calls the
 * function again.
 */
export function useCached<F extends (...args: any[]) => any>(fn: F, ...args: Parameters<F>): Awaited<ReturnType<F>>;
