// A function the app caches in another module (main.js), by name.
export function connect(config) {
  return `${config.host}:${config.port}`;
}
