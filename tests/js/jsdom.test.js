// A test runner's DOM: jsdom, which Vitest's and Jest's jsdom environments make the page's
// globals before the app's modules load. Its classes are written in JS, so nothing marks
// them as platform classes but their read-only tags; keyed as ordinary classes, every
// Headers was one entry. They are refused as a browser refuses its own, whether or not
// their window is the global, and the values a component test passes still hit.
import { test } from "node:test";
import { is, isNot, ok, throws } from "./assert.js";
import { JSDOM } from "jsdom";

const html = `<!doctype html><div id="a">one</div><div id="b">two</div>`;
const dom = new JSDOM(html, { url: "https://app.example/" });
// A second window, as a test that makes its own documents has: its classes are no globals.
const apart = new JSDOM(html, { url: "https://other.example/" });
const PAGE_GLOBALS = ["window", "document", "URL", "URLSearchParams", "AbortController", "AbortSignal", "Event", "EventTarget", "Blob", "File", "FormData", "Headers", "DOMException", "HTMLElement"];
for (const name of PAGE_GLOBALS) globalThis[name] = dom.window[name];
const { cacheResource, UnhashableParamError } = await import("cache-resource");

let runs = 0;
const render = cacheResource((...args) => ({ run: ++runs, args }), { key: "jsdom-render" });

/** One of each kind of platform object a component test has at hand, from window `w`. */
function platformObjects(w) {
  const form = new w.FormData();
  form.append("q", "x");
  return {
    element: w.document.getElementById("a"),
    document: w.document,
    window: w,
    signal: new w.AbortController().signal,
    event: new w.Event("click"),
    blob: new w.Blob(["a"]),
    file: new w.File(["a"], "a.txt"),
    form,
    headers: new w.Headers({ accept: "text/html" }),
    error: new w.DOMException("gone", "AbortError"),
    list: w.document.querySelectorAll("div"),
    subclass: new (class Store extends w.EventTarget {})(),
  };
}

for (const [label, w] of [["the global window", dom.window], ["a window that is not the global", apart.window]]) {
  test(`jsdom, ${label}: its platform objects are refused as a browser's, at any depth`, () => {
    for (const [kind, value] of Object.entries(platformObjects(w))) {
      for (const args of [[value], [{ options: { [kind]: value } }]]) {
        const e = throws(() => render(...args), UnhashableParamError, kind);
        ok(e.message.includes("platform object"), `${kind}: ${e.message}`);
      }
    }
  });
}

test("jsdom: Headers of different contents never share an entry", () => {
  const a = new apart.window.Headers({ accept: "text/html" });
  const b = new apart.window.Headers({ accept: "application/json" });
  throws(() => render(a), UnhashableParamError);
  throws(() => render(b), UnhashableParamError);
  // Left out of the key by its parameter's name, as a handle is meant to be.
  const fetchPage = cacheResource((path, _headers) => ({ path, headers: _headers.get("accept") }), { key: "jsdom-fetch" });
  is(fetchPage("/", a), fetchPage("/", b));
});

test("jsdom: a URL is keyed by its text, from any window; values read from the DOM hit", () => {
  const page = render(new URL("/models/a.onnx", dom.window.location.href));
  is(render(new URL("https://app.example/models/a.onnx")), page);
  isNot(render(new URL("https://app.example/models/b.onnx")), page);
  is(render(new apart.window.URL("https://app.example/models/a.onnx")), page, "read by its own class's href");
  isNot(render(new apart.window.URLSearchParams("q=1")), render(new apart.window.URLSearchParams("q=2")));
  const el = dom.window.document.getElementById("b");
  const cfg = render({ id: el.id, text: el.textContent, rect: { w: 10 } });
  is(render({ id: "b", text: "two", rect: { w: 10 } }), cfg);
  isNot(render({ id: "a", text: "two", rect: { w: 10 } }), cfg);
});
