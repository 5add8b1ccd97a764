// Vitest, in whichever environment the run names: node, jsdom or happy-dom.
import { expect, test, vi } from "vitest";
import { cacheData, cacheResource, UnhashableParamError } from "cache-resource";
import { mountInspector } from "cache-resource/inspector";

test("equal arguments share one resource; an underscore argument is left out", async () => {
  let opened = 0;
  const connect = cacheResource(async (url, _log) => ({ url, id: ++opened }));
  const a = await connect({ host: "db", port: 5432 }, () => {});
  expect(await connect({ port: 5432, host: "db" }, () => {})).toBe(a);
  expect(await connect({ host: "db", port: 5433 }, () => {})).not.toBe(a);
  expect(opened).toBe(2);
});

test("Vitest's fake timers expire an entry and release it on time", () => {
  vi.useFakeTimers();
  try {
    const released = [];
    let runs = 0;
    const model = cacheResource((name) => ({ name, run: ++runs }), { ttl: "1m", onRelease: (m) => released.push(m.run) });
    expect(model("small").run).toBe(1);
    vi.advanceTimersByTime(30_000);
    expect(model("small").run).toBe(1);
    vi.advanceTimersByTime(31_000);
    expect(released).toEqual([1]);
    expect(model("small").run).toBe(2);
  } finally {
    vi.useRealTimers();
  }
});

test("cacheData gives each caller a copy of its own", () => {
  const rows = cacheData((table) => ({ table, rows: [{ n: 1 }] }));
  const a = rows("users");
  a.rows.push({ n: 2 });
  expect(rows("users").rows).toEqual([{ n: 1 }]);
});

test("a DOM node, where there is a DOM, is refused", () => {
  const render = cacheResource((node) => node.tagName);
  if (typeof document === "undefined") expect(() => render(new WeakMap())).toThrow(UnhashableParamError);
  else expect(() => render(document.createElement("div"))).toThrow(UnhashableParamError);
});

test("the inspector, where there is a DOM, shows the page's caches", async () => {
  if (typeof document === "undefined") return;
  const shown = cacheResource((id) => ({ id }), { name: "shownInTheInspector" });
  shown(1);
  const panel = document.createElement("div");
  document.body.append(panel);
  mountInspector(panel);
  await new Promise((resolve) => setTimeout(resolve, 50));
  expect(panel.textContent).toContain("shownInTheInspector");
});
