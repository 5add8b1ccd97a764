// The app's own module that passes the package's function on under a name of its own.
export { cacheResource as cached } from "cache-resource";
