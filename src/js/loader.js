// The build plugin as a webpack loader, for bundlers that take loaders but not unplugin's
// plugins: Turbopack, Next.js's default bundler, through `turbopack.rules`. Loaders there
// see the source as written, which the plugin reads (TypeScript and JSX included).
//
//   // next.config.mjs
//   export default { turbopack: { rules: { "*.{js,jsx,ts,tsx}": { loaders: ["cache-resource/loader"] } } } };

import { addNames } from "./plugin.js";

export default function cacheResourceLoader(source, map) {
  const out = addNames(String(source), this.resourcePath);
  if (out === null) this.callback(null, source, map);
  else this.callback(null, out.code, out.map);
}
