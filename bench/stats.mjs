// Small helpers shared by the benchmarks: repeated runs, median and range.

export function summarize(samples) {
  const s = [...samples].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)], min: s[0], max: s[s.length - 1] };
}

export function fmt({ median, min, max }, digits = 1) {
  return `${median.toFixed(digits)} (${min.toFixed(digits)}–${max.toFixed(digits)})`;
}

/**
 * ns per call of `body(i)`, timed over `iterations` calls after a warm-up. Each call
 * compiles its own loop: one shared loop's `body(i)` call site turns megamorphic after a
 * few libraries pass through it, and everything measured afterwards pays for that.
 */
export function nsPerOp(body, iterations) {
  const loop = new Function("body", "n", "now", `
    for (let i = 0; i < Math.min(n, 20000); i++) body(i);
    const t0 = now();
    for (let i = 0; i < n; i++) body(i);
    return ((now() - t0) * 1e6) / n;`);
  return loop(body, iterations, () => performance.now());
}
