/** @jest-environment jsdom */
// Jest with native ES modules in its jsdom environment: the browser entry, with the globals
// the setup file adds.
import { cacheData, cacheResource } from "cache-resource";

test("the browser entry loads in jsdom and caches", async () => {
  let runs = 0;
  const f = cacheResource(async (q, _el) => ({ q, run: ++runs }));
  expect(await f({ q: "ü" }, document.body)).toBe(await f({ q: "ü" }, document.createElement("p")));
  const rows = cacheData((table) => ({ table, rows: [1], run: ++runs }));
  rows("users").rows.push(2);
  expect(rows("users").rows).toEqual([1]);
  expect(runs).toBe(2);
});
