// happy-dom, Vitest's other DOM: its classes are written in JS and carry no read-only tag,
// so nothing marks them as platform classes. Those that keep private fields (nodes,
// elements, requests, responses, abort signals) are refused as any such class is, at any
// depth; what a component test reads from them still hits.
import { test } from "node:test";
import { is, isNot, ok, throws } from "./assert.js";
import { Window } from "happy-dom";
import { cacheResource, UnhashableParamError } from "cache-resource";

const w = new Window({ url: "https://app.example/" });
w.document.body.innerHTML = `<div id="a">one</div><div id="b">two</div>`;
let runs = 0;
const render = cacheResource((...args) => ({ run: ++runs, args }), { key: "happy-dom-render" });

test("happy-dom: its nodes, requests, responses and signals are refused, at any depth", () => {
  const refused = {
    element: w.document.getElementById("a"),
    document: w.document,
    text: w.document.createTextNode("one"),
    request: new w.Request("https://app.example/rows"),
    response: new w.Response("rows"),
    signal: new w.AbortController().signal,
  };
  for (const [kind, value] of Object.entries(refused)) {
    for (const args of [[value], [{ options: { [kind]: value } }]]) {
      const e = throws(() => render(...args), UnhashableParamError, kind);
      ok(e.message.includes("private (#) fields"), `${kind}: ${e.message}`);
    }
  }
});

test("happy-dom: values read from the DOM hit, and an element left out by its parameter's name", () => {
  const el = w.document.getElementById("b");
  const cfg = render({ id: el.id, text: el.textContent });
  is(render({ id: "b", text: "two" }), cfg);
  isNot(render({ id: "a", text: "two" }), cfg);
  const measure = cacheResource((id, _el) => ({ id, width: _el.textContent.length }), { key: "happy-dom-measure" });
  is(measure("a", w.document.getElementById("a")), measure("a", w.document.createElement("span")));
});
