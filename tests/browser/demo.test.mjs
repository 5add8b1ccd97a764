// The demo page, as a newcomer uses it: load, load again (instant, same object), clear.
import { test } from "node:test";
import { strictEqual, match } from "node:assert/strict";
import { serve } from "../../scripts/serve.mjs";
import { launch } from "./chromium.mjs";

test("the demo page loads a model once, then serves the same object until cleared", async () => {
  const { server, url } = await serve(0);
  const browser = await launch();
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(url);
    await page.waitForSelector("body[data-ready=true]");
    const loadAndRead = async () => {
      await page.click("#load");
      await page.waitForFunction(() => /same object/.test(document.querySelector("#result").textContent));
      return page.$eval("#result", (el) => ({ text: el.textContent, same: el.dataset.same }));
    };
    const first = await loadAndRead();
    match(first.text, /148,933 primes below 2,000,000/);
    strictEqual(first.same, "n/a");
    strictEqual((await loadAndRead()).same, "yes");
    await page.click("#clear-one");
    strictEqual((await loadAndRead()).same, "no");
    strictEqual(errors.length, 0, errors.join("; "));
  } finally {
    await browser.close();
    server.close();
  }
});
