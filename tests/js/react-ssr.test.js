// cache-resource/react rendered on the server with real react-dom: a sync cached function
// through renderToString, and an async one through renderToPipeableStream, which waits for
// the Suspense boundary; the second request is served from the cache.
import { test } from "node:test";
import { match, strictEqual } from "node:assert/strict";
import { PassThrough } from "node:stream";
import { createElement as h, Suspense } from "react";
import { renderToPipeableStream, renderToString } from "react-dom/server";
import { cacheData, cacheResource } from "cache-resource";
import { useCached } from "cache-resource/react";

function streamToString(element) {
  return new Promise((resolve, reject) => {
    const out = new PassThrough();
    let html = "";
    out.on("data", (chunk) => (html += chunk));
    out.on("end", () => resolve(html));
    const { pipe } = renderToPipeableStream(element, {
      onAllReady: () => pipe(out),
      onShellError: reject,
      onError: reject,
    });
  });
}

test("a sync cached function renders with renderToString", () => {
  let builds = 0;
  const config = cacheResource(function ssrConfig(env) {
    builds++;
    return { env, flags: ["a", "b"] };
  });
  const View = ({ env }) => h("p", null, useCached(config, env).flags.join("+"));
  strictEqual(renderToString(h(View, { env: "prod" })), "<p>a+b</p>");
  strictEqual(renderToString(h(View, { env: "prod" })), "<p>a+b</p>");
  strictEqual(builds, 1, "the second request used the cache");
});

test("an async cached function suspends and streams its value with renderToPipeableStream", async () => {
  let loads = 0;
  const loadUser = cacheResource(async function ssrUser(id) {
    loads++;
    await new Promise((r) => setTimeout(r, 20));
    return { id, name: `user ${id}` };
  }, { showSpinner: false });
  const User = ({ id }) => h("span", null, useCached(loadUser, id).name);
  const Page = () => h(Suspense, { fallback: h("i", null, "loading") }, h(User, { id: 7 }), h(User, { id: 7 }));
  match(await streamToString(h(Page)), /<span>user 7<\/span><span>user 7<\/span>/);
  match(await streamToString(h(Page)), /<span>user 7<\/span>/);
  strictEqual(loads, 1, "both components and both requests shared one load");
});

test("a rejected load reaches the server renderer's onError once, and a later request loads again", async () => {
  let attempts = 0;
  const flaky = cacheResource(async function ssrFlaky() {
    attempts++;
    throw new Error("backend down");
  }, { showSpinner: false });
  const View = () => h("p", null, useCached(flaky).x);
  const page = h(Suspense, { fallback: "…" }, h(View));
  const failure = await streamToString(page).then(() => null, (e) => e);
  match(String(failure?.message), /backend down/);
  strictEqual(attempts, 1, "React's second render of the boundary saw the same rejection");
  // The cache keeps no rejection: past the moment React retries in, a request loads again.
  await new Promise((r) => setTimeout(r, 400));
  await streamToString(page).catch(() => {});
  strictEqual(attempts, 2);
});

test("a cacheData function suspends on its kept promise, and each component gets its own copy", async () => {
  let loads = 0;
  const loadRows = cacheData(async function ssrRows(table) {
    loads++;
    await new Promise((r) => setTimeout(r, 10));
    return { table, rows: [1, 2] };
  }, { showSpinner: false });
  const seen = [];
  const Rows = ({ id }) => {
    const data = useCached(loadRows, "t");
    seen.push(data);
    if (id === 1) data.rows.push("changed by the first component");
    return h("span", null, data.rows.length);
  };
  const html = await streamToString(h(Suspense, { fallback: "…" }, h(Rows, { id: 1 }), h(Rows, { id: 2 })));
  match(html, /<span>3<\/span><span>2<\/span>/);
  strictEqual(loads, 1, "one load, not a new promise per render");
  strictEqual(new Set(seen.filter((d) => d.rows.length > 0)).size >= 2, true, "two components, two copies");
});
