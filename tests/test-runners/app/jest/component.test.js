// A component test, run in Jest's jsdom environment, whose window has no TextEncoder or
// structuredClone of its own.
import { cacheData, cacheResource, UnhashableParamError } from "cache-resource";
import { useCached } from "cache-resource/react";

test("a cached loader hits by value, and a DOM node is refused or left out", async () => {
  let loads = 0;
  const load = cacheResource(async (id, _el) => ({ id, load: ++loads }));
  const el = document.createElement("div");
  const first = await load({ id: "ü-1" }, el);
  expect(await load({ id: "ü-1" }, document.createElement("span"))).toBe(first);
  expect(loads).toBe(1);
  const render = cacheResource((node) => node.id);
  expect(() => render(el)).toThrow(UnhashableParamError);
});

test("cacheData gives each caller a copy of its own", () => {
  let runs = 0;
  const rows = cacheData((table) => ({ table, rows: [{ n: 1 }], when: new Date(0), run: ++runs }));
  const a = rows("users");
  a.rows.push({ n: 2 });
  const b = rows("users");
  expect(b).not.toBe(a);
  expect(b.rows).toEqual([{ n: 1 }]);
  expect(b.when.getTime()).toBe(0);
  expect(runs).toBe(1);
});

test("cache-resource/react loads beside it", () => {
  expect(typeof useCached).toBe("function");
});
