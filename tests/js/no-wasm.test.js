// Where WebAssembly is off (Safari under iOS's Lockdown Mode; Node's --noexpose-wasm here),
// the import rejects with the ReferenceError the README names, and an app that imports the
// package dynamically catches it and goes on.
import { test } from "node:test";
import { deepStrictEqual, strictEqual } from "node:assert/strict";
import { runModule } from "./module-process.js";

test("without WebAssembly the import rejects with a ReferenceError naming it, which an app can catch", () => {
  const script = `
    let failure = null;
    try {
      await import("cache-resource");
    } catch (e) {
      failure = { name: e.name, message: e.message };
    }
    console.log(JSON.stringify({ wasm: typeof WebAssembly, failure, after: "the app goes on" }));
  `;
  const run = runModule(script, { flags: ["--noexpose-wasm"] });
  strictEqual(run.status, 0, run.stderr);
  deepStrictEqual(JSON.parse(run.stdout), {
    wasm: "undefined",
    failure: { name: "ReferenceError", message: "WebAssembly is not defined" },
    after: "the app goes on",
  });
});
