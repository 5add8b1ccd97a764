// Jest's default: the Node environment, modules as CommonJS, fake timers from jest.
import { cacheResource, UnhashableParamError } from "cache-resource";

test("equal arguments share one resource; an underscore argument is left out", () => {
  let opened = 0;
  const connect = cacheResource((url, _log) => ({ url, id: ++opened }));
  const a = connect({ host: "db", port: 5432 }, () => {});
  expect(connect({ port: 5432, host: "db" }, () => {})).toBe(a);
  expect(connect({ host: "db", port: 5433 }, () => {})).not.toBe(a);
  expect(opened).toBe(2);
});

test("jest's fake timers expire an entry and release it on time", () => {
  jest.useFakeTimers();
  try {
    const released = [];
    let runs = 0;
    const model = cacheResource((name) => ({ name, run: ++runs }), { ttl: "1m", onRelease: (m) => released.push(m.run) });
    expect(model("small").run).toBe(1);
    jest.advanceTimersByTime(30_000);
    expect(model("small").run).toBe(1);
    jest.advanceTimersByTime(31_000);
    expect(released).toEqual([1]);
    expect(model("small").run).toBe(2);
  } finally {
    jest.useRealTimers();
  }
});

test("an unhashable argument is an UnhashableParamError", () => {
  const f = cacheResource((w) => w);
  expect(() => f(new WeakMap())).toThrow(UnhashableParamError);
});
