// A component test, run in Jest's jsdom environment, whose window has no TextEncoder or
// structuredClone of its own.
import { cacheData, cacheResource, UnhashableParamError } from "cache-resource";
import { useCached } from "cache-resource/react";
import { act, createElement, Suspense } from "react";
import { createRoot } from "react-dom/client";

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

test("a component reads a cached load with useCached, and renders again when it is cleared", async () => {
  globalThis.IS_REACT_ACT_ENVIRONMENT = true;
  let loads = 0;
  const loadUser = cacheResource(async (id) => ({ id, load: ++loads }));
  const User = ({ id }) => createElement("p", null, `user ${useCached(loadUser, id).id}, load ${loads}`);
  const container = document.createElement("div");
  const root = createRoot(container);
  await act(async () => root.render(createElement(Suspense, { fallback: "loading" }, createElement(User, { id: 7 }))));
  expect(container.textContent).toBe("user 7, load 1");
  await act(async () => loadUser.clear(7));
  expect(container.textContent).toBe("user 7, load 2");
  await act(async () => root.unmount());
});
