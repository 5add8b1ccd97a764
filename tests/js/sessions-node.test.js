// In Node, session.run keeps its session across await (AsyncLocalStorage): concurrent
// requests of a server, each in its own session, each get their own entries.
import { test } from "node:test";
import { notStrictEqual, rejects, strictEqual, throws } from "node:assert/strict";
import { cacheResource } from "cache-resource";

const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));

test("a session survives await inside session.run, and concurrent sessions stay apart", async () => {
  const perRequest = cacheResource(function perRequest(name) {
    return { name };
  }, { scope: "session" });
  const handle = (session, delay) =>
    session.run(async () => {
      const first = perRequest("user");
      await tick(delay);
      const second = perRequest("user"); // after an await: still this session
      strictEqual(second, first);
      return first;
    });
  const a = cacheResource.session("request a");
  const b = cacheResource.session("request b");
  const [fromA, fromB] = await Promise.all([handle(a, 20), handle(b, 5)]);
  notStrictEqual(fromA, fromB, "each request has its own entry");
  strictEqual(a.run(() => perRequest("user")), fromA);
  a.close();
  b.close();
});

test("after session.run's promise settles, a call is outside any session again", async () => {
  const scoped = cacheResource(function scopedOutside(x) {
    return { x };
  }, { scope: "session" });
  const s = cacheResource.session("done");
  await s.run(async () => {
    await tick();
    scoped(1);
  });
  await rejects(async () => scoped(1), /called outside a session/);
  s.close();
  throws(() => s.run(async () => 1), /closed/);
});
