// Reports the results a browser's cases page computed (tests/browser/cases-runner.js) as one
// node:test test per case, named by `engine`, file and case.
import { test } from "node:test";
import { readdirSync } from "node:fs";
import { launch } from "./chromium.mjs";

/** The case files, in the order the page runs them. */
export const caseFiles = readdirSync(new URL("../js/cases/", import.meta.url)).filter((f) => f.endsWith(".js")).sort();

/**
 * The cases page under `root` (a served root), naming every case file and, for a long fuzz
 * run (see tests/js/cases/fuzz.js), the seeds in FUZZ_SEEDS: in the query, which every
 * driver can set before the page's scripts run.
 */
export function casesPage(root) {
  const query = caseFiles.map((f) => ["case", f]);
  if (process.env.FUZZ_SEEDS) query.push(["fuzzSeeds", process.env.FUZZ_SEEDS]);
  return `${root}tests/browser/cases.html?${new URLSearchParams(query)}`;
}

/**
 * Registers a test per case; `results()` gives the page's results once the `before` hook
 * has run it. `skip(result)` may name a reason a failure is expected in this engine.
 */
export async function reportCases(engine, results, skip = () => null) {
  for (const file of caseFiles) {
    const { tests } = await import(new URL(`../js/cases/${file}`, import.meta.url));
    for (const name of Object.keys(tests)) {
      test(`${engine} ${file.replace(/\.js$/, "")}: ${name}`, (t) => {
        const r = results().find((x) => x.name === `${file}: ${name}`);
        if (!r) {
          const failedImport = results().find((x) => x.name === `${file}: (import)`);
          throw new Error(`the case did not run in the page${failedImport ? `: its file failed to import: ${failedImport.error}` : ""}`);
        }
        const reason = r.ok ? null : skip(r);
        if (reason !== null) return t.skip(reason);
        if (!r.ok) throw new Error(r.error);
      });
    }
  }
}

/**
 * Opens the cases page at `url` (a served root) in headless Chromium and waits for its
 * results; resolves to { browser, results }, the browser still open for more pages.
 */
export async function runCasesInChromium(url) {
  const browser = await launch();
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  // A long fuzz run takes its time.
  const seeds = process.env.FUZZ_SEEDS;
  await page.goto(casesPage(url));
  // Without a time limit, a page error is what ends the wait early.
  const failed = new Promise((_, reject) => seeds && page.on("pageerror", reject));
  await Promise.race([page.waitForFunction(() => window.__results, null, { timeout: seeds ? 0 : 60_000 }), failed])
    .catch(() => { throw new Error(`cases page did not finish; page errors: ${errors.join("; ")}`); });
  return { browser, page, results: await page.evaluate(() => window.__results) };
}
