// Deep chains ({v: {v: …}}, a linked list, a parse tree) cost work in proportion to their
// depth: the walk looks a container up among those still open (a value found there is a
// cycle), and searching them all at every level made 500 levels cost 2.5× JSON.stringify.
// Counted, not timed: each search reports how many containers it looked through.
import { test } from "node:test";
import { ok, strictEqual } from "node:assert/strict";
import { cacheResource } from "cache-resource";

function chain(depth, leaf) {
  let o = { v: leaf };
  for (let i = 0; i < depth; i++) o = { v: o };
  return o;
}

/** How many array items `lastIndexOf` looked through while `body` ran. */
function searched(body) {
  const original = Array.prototype.lastIndexOf;
  let items = 0;
  Array.prototype.lastIndexOf = function (x, from = this.length - 1) {
    items += Math.min(from, this.length - 1) + 1;
    return original.call(this, x, from);
  };
  try {
    body();
  } finally {
    Array.prototype.lastIndexOf = original;
  }
  return items;
}

test("a deep chain's walk looks through a bounded number of open containers per level", () => {
  const f = cacheResource((o) => ({ o }), { key: "deep-nesting" });
  for (const depth of [300, 800]) {
    const first = chain(depth, 1);
    const value = f(first);
    let items = 0;
    // Fresh equal copies: the front cache does not take chains this deep, so each is walked.
    for (let i = 0; i < 3; i++) items += searched(() => strictEqual(f(chain(depth, 1)), value));
    ok(items / 3 <= 40 * depth, `${depth} levels: ${items / 3} items searched per call`);
    ok(f(chain(depth, 2)) !== value, "a different leaf is another key");
  }
});

test("a cycle longer than the containers searched one by one is still found", () => {
  const f = cacheResource((o) => ({ o }), { key: "deep-cycles" });
  const ring = (n, mark) => {
    const head = { i: 0, next: null };
    let at = head;
    for (let i = 1; i < n; i++) at = at.next = { i: i === 60 ? mark : i, next: null };
    at.next = head;
    return head;
  };
  const value = f(ring(100, 60));
  strictEqual(f(ring(100, 60)), value, "an equal ring of 100 is the same key");
  ok(f(ring(101, 60)) !== value, "a longer ring is another key");
  ok(f(ring(100, -1)) !== value, "a ring with another value is another key");
  // A getter deep in a lasso (a chain whose end links back into its middle) calls the
  // cached function on the lasso itself: that walk starts afresh, and the outer walk must
  // still find the link back once it resumes.
  const lasso = (extra) => {
    const nodes = Array.from({ length: 100 }, (_, i) => ({ i, next: null }));
    nodes.forEach((n, i) => (n.next = nodes[i + 1] ?? nodes[40]));
    extra(nodes[50]);
    return nodes[0];
  };
  const plain = f(lasso((n) => (n.extra = 1)));
  let calls = 0;
  const reentrant = lasso((n) => Object.defineProperty(n, "extra", { enumerable: true, get: () => (calls++ === 0 && f(reentrant), 1) }));
  strictEqual(f(reentrant), plain, "the same key as the lasso with a plain field");
  strictEqual(calls, 2, "the getter ran once per walk");
});
