/** The build plugin as a webpack loader (Turbopack's `turbopack.rules`, or webpack's `module.rules`). */
export default function cacheResourceLoader(
  this: { resourcePath: string; callback(error: Error | null, code: string, map?: unknown): void },
  source: string,
  map?: unknown,
): void;
