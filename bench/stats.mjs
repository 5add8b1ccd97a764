// Small helpers shared by the benchmarks: repeated runs, median and range.

export function summarize(samples) {
  const s = [...samples].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)], min: s[0], max: s[s.length - 1] };
}

export function fmt({ median, min, max }, digits = 1) {
  return `${median.toFixed(digits)} (${min.toFixed(digits)}–${max.toFixed(digits)})`;
}

/** ns per call of `body(i)`, timed over `iterations` calls after a warm-up. */
export function nsPerOp(body, iterations) {
  for (let i = 0; i < Math.min(iterations, 10_000); i++) body(i);
  const t0 = performance.now();
  for (let i = 0; i < iterations; i++) body(i);
  return ((performance.now() - t0) * 1e6) / iterations;
}
