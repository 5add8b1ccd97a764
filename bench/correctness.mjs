// Which key-equivalence cases each library gets right. A case is a list of
// [a, b, shouldShare]; a library is right when it shares exactly where it should and
// throws nowhere.
const cyclic = () => {
  const o = { n: 1 };
  o.self = o;
  return o;
};

export const CASES = [
  ["NaN vs null", [[NaN, null, false], [NaN, NaN, true]]],
  ["{a,b} vs {b,a}", [[{ a: 1, b: 2 }, { b: 2, a: 1 }, true]]],
  ["Map contents", [[new Map([["k", 1]]), new Map([["k", 2]]), false], [new Map([["k", 1]]), new Map([["k", 1]]), true]]],
  ["Set contents", [[new Set([1]), new Set([2]), false], [new Set([1, 2]), new Set([2, 1]), true]]],
  ["-0 vs 0", [[-0, 0, false]]],
  ["BigInt", [[10n, 10n, true], [10n, 11n, false]]],
  ["a cycle", [[cyclic(), cyclic(), true]]],
  ["typed array", [[new Float64Array([1, 2]), new Float64Array([1, 2]), true], [new Float32Array([1]), new Float64Array([1]), false]]],
  ["Date", [[new Date(0), new Date(0), true], [new Date(0), "1970-01-01T00:00:00.000Z", false]]],
  ["undefined vs missing", [[{ a: 1, b: undefined }, { a: 1 }, false]]],
];

export function correctness(peer, caseIndex) {
  const [, pairs] = CASES[caseIndex];
  try {
    for (const [a, b, share] of pairs) {
      const f = peer.make((x) => ({ x }), { key: `correct-${caseIndex}-${Math.random()}` });
      if ((f(a) === f(b)) !== share) return "wrong";
    }
    return "right";
  } catch {
    return "throws";
  }
}
