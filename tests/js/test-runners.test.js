// The package in an app's own tests (tests/test-runners/app/), installed there as npm
// installs it. Jest 30 and 29 with the README's config (app/jest.config.mjs, verbatim): in
// their default CommonJS mode, through Babel, and in their native ES module mode, each in
// their Node and jsdom environments (jsdom's window lacks TextEncoder and structuredClone,
// and the environment resolves the browser entry, as Jest 29's does in CommonJS mode too;
// there a React component reads a cached load with useCached). Vitest in its node, jsdom
// and happy-dom environments, with nothing configured, the inspector mounted where there
// is a DOM.
import { test, before } from "node:test";
import { deepStrictEqual, ok } from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { cpSync, readFileSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const APP = `${ROOT}tests/test-runners/app`;
const { default: README_CONFIG } = await import(`${APP}/jest.config.mjs`);

before(() => {
  rmSync(`${APP}/node_modules`, { recursive: true, force: true });
  cpSync(`${ROOT}pkg`, `${APP}/node_modules/cache-resource`, { recursive: true, dereference: true });
});

test("the README's Jest config is the app's", () => {
  ok(readFileSync(`${ROOT}README.md`, "utf8").includes(readFileSync(`${APP}/jest.config.mjs`, "utf8")));
});

/** The JSON report a test runner (a script under node_modules) prints for its run in the app. */
function report(script, args, nodeOptions = []) {
  let out;
  try {
    out = execFileSync(process.execPath, [...nodeOptions, `${ROOT}node_modules/${script}`, ...args], {
      cwd: APP, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"],
    });
  } catch (e) {
    out = e.stdout;
    if (!out) throw new Error(`${script} failed to run:\n${e.stderr}`);
  }
  return JSON.parse(out);
}

/** Each test's status and name, and each file's failure to run (Jest and Vitest report alike). */
const outcomes = (r) => [
  ...r.testResults.filter((f) => f.status !== "passed").map((f) => `file ${f.status}: ${f.name}: ${f.message}`),
  ...r.testResults.flatMap((f) => f.assertionResults.map((a) => `${a.status}: ${a.title}`)),
].sort();

const ESM = ["--experimental-vm-modules", "--no-warnings"];
// The transform an app's Babel config gives Jest's CommonJS mode (@babel/preset-env's part),
// through the repository's babel-jest and Babel, for Jest 29 too.
const THROUGH_BABEL = { "\\.js$": ["babel-jest", { configFile: false, babelrc: false, plugins: ["@babel/plugin-transform-modules-commonjs"] }] };

/** A Jest run over `files` in `environment`, with the README's config. */
const jest = (version, environment, files, { transform = {}, nodeOptions = [] } = {}) =>
  outcomes(report(`${version}/bin/jest.js`, [
    "--config", JSON.stringify({ ...README_CONFIG, testEnvironment: environment, testMatch: [`<rootDir>/jest/${files}`], transform }),
    "--json", "--ci",
  ], nodeOptions));

const JEST = { "Jest 30": ["jest", `${ROOT}node_modules/jest-environment-jsdom`], "Jest 29": ["jest29", `${ROOT}node_modules/jest-environment-jsdom29`] };

for (const [name, [version, jsdom]] of Object.entries(JEST)) {
  test(`${name}, CommonJS mode through Babel: the Node environment`, () => {
    deepStrictEqual(jest(version, "node", "cached.test.js", { transform: THROUGH_BABEL }), [
      "passed: an unhashable argument is an UnhashableParamError",
      "passed: equal arguments share one resource; an underscore argument is left out",
      "passed: jest's fake timers expire an entry and release it on time",
    ]);
  });

  test(`${name}, CommonJS mode through Babel: the jsdom environment`, () => {
    deepStrictEqual(jest(version, jsdom, "component.test.js", { transform: THROUGH_BABEL }), [
      "passed: a cached loader hits by value, and a DOM node is refused or left out",
      "passed: a component reads a cached load with useCached, and renders again when it is cleared",
      "passed: cacheData gives each caller a copy of its own",
    ]);
  });

  for (const [environment, label] of [["node", "Node"], [jsdom, "jsdom"]]) {
    test(`${name}, native ES modules: the ${label} environment`, () => {
      deepStrictEqual(jest(version, environment, "modules.test.mjs", { nodeOptions: ESM }), [
        "passed: the package imports as an ES module and caches",
      ]);
    });
  }
}

for (const environment of ["node", "jsdom", "happy-dom"]) {
  test(`Vitest in its ${environment} environment, configured for nothing`, () => {
    deepStrictEqual(outcomes(report("vitest/vitest.mjs", ["run", "--dir", "vitest", "--environment", environment, "--reporter=json"])), [
      "passed: Vitest's fake timers expire an entry and release it on time",
      "passed: a DOM node, where there is a DOM, is refused",
      "passed: cacheData gives each caller a copy of its own",
      "passed: equal arguments share one resource; an underscore argument is left out",
      "passed: the inspector, where there is a DOM, shows the page's caches",
    ]);
  });
}
