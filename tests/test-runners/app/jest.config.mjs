// jest.config.mjs
export default {
  // The Node entry, also in the jsdom environment, which resolves the browser entry.
  moduleNameMapper: { "^cache-resource$": "<rootDir>/node_modules/cache-resource/node.js" },
  // CommonJS mode (Jest's default) on Node before 24.9: transform the package too.
  transformIgnorePatterns: ["/node_modules/(?!cache-resource/)"],
};
