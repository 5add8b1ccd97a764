// Deep chains ({v: {v: …}}, a linked list, a parse tree) cost work in proportion to their
// depth: the walk looks a container up among those still open (a value found there is a
// cycle), and searching them all at every level made 500 levels cost 2.5× JSON.stringify.
// Past 64 open containers, a Set of them says which to search for. Counted, not timed:
// how often the walk asked that Set, and how often it answered yes (a search follows).
import { test } from "node:test";
import { ok, strictEqual } from "node:assert/strict";
import { cacheResource } from "cache-resource";

function chain(depth, leaf) {
  let o = { v: leaf };
  for (let i = 0; i < depth; i++) o = { v: o };
  return o;
}

/** How many times Set.prototype.has was asked while `body` ran, and how many said yes. */
function asked(body) {
  const original = Set.prototype.has;
  const counts = { asked: 0, yes: 0 };
  Set.prototype.has = function (x) {
    const yes = original.call(this, x);
    counts.asked++;
    if (yes) counts.yes++;
    return yes;
  };
  try {
    body();
  } finally {
    Set.prototype.has = original;
  }
  return counts;
}

test("a deep chain's walk asks once per level past the first 64, and searches none", () => {
  const f = cacheResource((o) => ({ o }), { key: "deep-nesting" });
  for (const depth of [300, 800]) {
    const first = chain(depth, 1);
    const value = f(first);
    // Fresh equal copies: the front cache does not take chains this deep, so each is walked.
    for (let i = 0; i < 3; i++) {
      const counts = asked(() => strictEqual(f(chain(depth, 1)), value));
      ok(counts.asked >= depth - 80 && counts.asked <= depth + 80, `${depth} levels: asked ${counts.asked} times`);
      strictEqual(counts.yes, 0, `${depth} levels: no container searched for`);
    }
    ok(f(chain(depth, 2)) !== value, "a different leaf is another key");
  }
});

test("a deep container met again after it closed is a shared value, not a cycle", () => {
  // Past 64 levels, a container that closed may still be in the Set: the search that
  // follows must find it is no longer open, however deep the walk still is.
  const f = cacheResource((o) => ({ o }), { key: "deep-shared" });
  const make = (share) => {
    const deep = chain(20, "leaf");
    const again = share ? deep : chain(20, "leaf");
    let o = { first: deep, second: { wrapped: again } };
    for (let i = 0; i < 80; i++) o = { v: o };
    return o;
  };
  const shared = f(make(true));
  strictEqual(f(make(false)), shared, "sharing a deep container is the same key as two equal ones");
  strictEqual(f(make(true)), shared);
  // Searched for: at most the 21 containers of the chain met a second time.
  const counts = asked(() => f(make(true)));
  ok(counts.yes <= 21, `searched ${counts.yes} times`);
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
  // still find the link back once it resumes. The getter sits past 64 levels, where the
  // outer walk has its Set.
  const lasso = (extra) => {
    const nodes = Array.from({ length: 100 }, (_, i) => ({ i, next: null }));
    nodes.forEach((n, i) => (n.next = nodes[i + 1] ?? nodes[40]));
    extra(nodes[80]);
    return nodes[0];
  };
  const plain = f(lasso((n) => (n.extra = 1)));
  let calls = 0;
  const reentrant = lasso((n) => Object.defineProperty(n, "extra", { enumerable: true, get: () => (calls++ === 0 && f(reentrant), 1) }));
  strictEqual(f(reentrant), plain, "the same key as the lasso with a plain field");
  strictEqual(calls, 2, "the getter ran once per walk");
  // A cache's first call walks its argument as it is, not a copy: the getter then runs in
  // the middle of that walk, not of a copying read.
  const g = cacheResource((o) => ({ o }), { key: "deep-cycles-walked" });
  calls = 0;
  const walked = g(reentrant);
  strictEqual(calls, 2, "the getter ran in the walk, and in the walk of the call it made");
  strictEqual(g(lasso((n) => (n.extra = 1))), walked, "the walk the getter interrupted made the lasso's own key");
});
