/**
 * Renders a live table of every cached function and its entries (age, time to expiry,
 * state, hits and misses, a clear button per row) into `container`, updated on every
 * change of the registry. Entries stored before it was mounted show no arguments.
 */
export function mountInspector(container: Element | string): { refresh(): void; destroy(): void };
