// Jest with native ES modules (node --experimental-vm-modules, no transform), in whichever
// environment the run names.
import { cacheData, cacheResource } from "cache-resource";

test("the package imports as an ES module and caches", async () => {
  let runs = 0;
  const f = cacheResource(async (q, _el) => ({ q, run: ++runs }));
  expect(await f({ q: "ü" }, 1)).toBe(await f({ q: "ü" }, 2));
  const rows = cacheData((table) => ({ table, rows: [1], run: ++runs }));
  rows("users").rows.push(2);
  expect(rows("users").rows).toEqual([1]);
  expect(runs).toBe(2);
});
