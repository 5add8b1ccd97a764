// Jest with native ES modules (node --experimental-vm-modules, no transform).
import { cacheData, cacheResource } from "cache-resource";

test("the package imports as an ES module and caches", () => {
  let runs = 0;
  const f = cacheResource((x, _y) => ({ x, run: ++runs }));
  expect(f(1, "a")).toBe(f(1, "b"));
  const d = cacheData((x) => ({ x, run: ++runs }));
  expect(d(2)).toEqual(d(2));
  expect(runs).toBe(2);
});
