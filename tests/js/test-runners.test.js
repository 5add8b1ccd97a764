// The package in an app's own tests (tests/test-runners/app/), installed there as npm
// installs it. Jest: in its default CommonJS mode, with the transform the README gives, in
// its Node and jsdom environments (jsdom's window lacks TextEncoder and structuredClone);
// and in its native ES module mode, where jsdom gets the browser entry. Vitest: in its
// node, jsdom and happy-dom environments, with nothing configured.
import { test, before } from "node:test";
import { deepStrictEqual, ok } from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { cpSync, readFileSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const APP = `${ROOT}tests/test-runners/app`;
const README = readFileSync(`${ROOT}README.md`, "utf8");
// The README's line for jest.config, and its setup module, which the app's is verbatim.
const IGNORE_ALL_BUT_THE_PACKAGE = "/node_modules/(?!cache-resource/)";
const SETUP = readFileSync(`${APP}/jest/setup.mjs`, "utf8");

before(() => {
  rmSync(`${APP}/node_modules`, { recursive: true, force: true });
  cpSync(`${ROOT}pkg`, `${APP}/node_modules/cache-resource`, { recursive: true, dereference: true });
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

const jest = (config, nodeOptions) => outcomes(report("jest/bin/jest.js", ["--config", JSON.stringify(config), "--json", "--ci"], nodeOptions));

test("Jest's CommonJS mode, with cache-resource transformed, in its Node and jsdom environments", () => {
  ok(README.includes(`transformIgnorePatterns: ["${IGNORE_ALL_BUT_THE_PACKAGE}"]`), "the README gives this config");
  deepStrictEqual(jest({
    testMatch: ["<rootDir>/jest/*.test.js"],
    transformIgnorePatterns: [IGNORE_ALL_BUT_THE_PACKAGE],
    transform: { "\\.js$": ["babel-jest", { configFile: false, babelrc: false, plugins: ["@babel/plugin-transform-modules-commonjs"] }] },
  }), [
    "passed: a cached loader hits by value, and a DOM node is refused or left out",
    "passed: an unhashable argument is an UnhashableParamError",
    "passed: cacheData gives each caller a copy of its own",
    "passed: equal arguments share one resource; an underscore argument is left out",
    "passed: jest's fake timers expire an entry and release it on time",
  ]);
});

test("Jest's native ES module mode, in its Node and jsdom environments (there with the globals the README adds)", () => {
  ok(README.includes(SETUP), "the README's setup module is the app's");
  deepStrictEqual(jest(
    { testMatch: ["<rootDir>/jest/*.test.mjs"], transform: {}, setupFiles: ["<rootDir>/jest/setup.mjs"] },
    ["--experimental-vm-modules", "--no-warnings"],
  ), [
    "passed: the browser entry loads in jsdom and caches",
    "passed: the package imports as an ES module and caches",
  ]);
});

for (const environment of ["node", "jsdom", "happy-dom"]) {
  test(`Vitest in its ${environment} environment, configured for nothing`, () => {
    deepStrictEqual(outcomes(report("vitest/vitest.mjs", ["run", "--dir", "vitest", "--environment", environment, "--reporter=json"])), [
      "passed: Vitest's fake timers expire an entry and release it on time",
      "passed: a DOM node, where there is a DOM, is refused",
      "passed: cacheData gives each caller a copy of its own",
      "passed: equal arguments share one resource; an underscore argument is left out",
    ]);
  });
}
