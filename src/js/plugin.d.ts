/**
 * The build plugin: gives each `cacheResource(...)` or `cacheData(...)` call the function's
 * name and parameter names as written, before a minifier renames them. One line of config
 * per bundler: `plugins: [cacheResource.vite()]` (Vite, also `.rollup()`, `.rolldown()`,
 * `.esbuild()`, `.webpack()`, `.rspack()`); Turbopack takes `cache-resource/loader`.
 */
declare const cacheResource: {
  vite(): any;
  rollup(): any;
  rolldown(): any;
  esbuild(): any;
  webpack(): any;
  rspack(): any;
};
export default cacheResource;
export const vite: () => any;
export const rollup: () => any;
export const rolldown: () => any;
export const esbuild: () => any;
export const webpack: () => any;
export const rspack: () => any;
/** The transform itself: `code` with the names added, and its source map; null when unchanged. */
export function addNames(code: string, id: string): { code: string; map: unknown } | null;
